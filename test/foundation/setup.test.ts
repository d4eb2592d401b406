import { expect } from "chai";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const SETUP = join(__dirname, "..", "..", "scripts", "setup.js");
const LOCK = join(__dirname, "..", "..", ".cache", "setup.lock");

/** Run setup with PATH limited to `binDir` (plus node), returning its exit code and output. */
function setupWithPath(binDir: string): { status: number | null; output: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: binDir };
  delete env.COURSE_PYTHON;
  const result = spawnSync(process.execPath, [SETUP], { encoding: "utf8", env, timeout: 60_000 });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe("setup", () => {
  let binDir: string;
  beforeEach(() => {
    binDir = mkdtempSync(join(tmpdir(), "setup-path-"));
    symlinkSync(process.execPath, join(binDir, "node"));
  });
  afterEach(() => rmSync(binDir, { recursive: true, force: true }));

  it("a second run finds everything in place and reinstalls nothing", () => {
    const result = spawnSync(process.execPath, [SETUP], { encoding: "utf8", timeout: 120_000 });
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).to.include("node_modules is up to date");
    expect(result.stdout).to.include(".venv is up to date");
    expect(result.stdout).to.match(/kernel "course-ts" is installed/);
    expect(result.stdout).to.not.match(/installing|creating|rebuilding/);
  });

  it("without python on PATH it says so and what to do, without a stack trace", () => {
    const { status, output } = setupWithPath(binDir);
    expect(status).to.equal(1);
    expect(output).to.include('setup failed at step "python": Python 3 was not found on PATH');
    expect(output).to.include("What to do: install Python 3.11 or newer");
    expect(output).to.not.match(/\n\s+at /);
  });

  it("with a Python that is too old it names the version it needs", () => {
    const fake = join(binDir, "python3");
    writeFileSync(fake, "#!/bin/sh\necho 3.8.10\n");
    chmodSync(fake, 0o755);
    symlinkSync("/bin/sh", join(binDir, "sh"));
    const { status, output } = setupWithPath(`${binDir}:${dirname("/bin/sh")}`);
    expect(status).to.equal(1);
    expect(output).to.include("python3 is Python 3.8.10; JupyterLab 4.6 needs 3.11 or newer");
  });

  it("waits while another setup holds the lock, and takes over a lock whose holder died", async function () {
    this.timeout(120_000);
    // The holder releases the lock itself: spawnSync below blocks this process's event loop.
    mkdirSync(LOCK, { recursive: true });
    const holder = spawn(process.execPath, ["-e", `setTimeout(() => require("node:fs").rmSync(${JSON.stringify(LOCK)}, { recursive: true, force: true }), 1500)`]);
    writeFileSync(join(LOCK, "pid"), String(holder.pid));
    const waited = spawnSync(process.execPath, [SETUP, "--npm-only"], { encoding: "utf8", timeout: 60_000 });
    expect(waited.status, waited.stderr).to.equal(0);
    expect(waited.stdout).to.include(`waiting for another setup (pid ${holder.pid}) to finish`);

    mkdirSync(LOCK, { recursive: true });
    writeFileSync(join(LOCK, "pid"), "999999999"); // no such process
    const tookOver = spawnSync(process.execPath, [SETUP, "--npm-only"], { encoding: "utf8", timeout: 60_000 });
    expect(tookOver.status, tookOver.stderr).to.equal(0);
    expect(tookOver.stdout).to.not.include("waiting");
    expect(existsSync(LOCK), "the lock is released").to.equal(false);
  });
});
