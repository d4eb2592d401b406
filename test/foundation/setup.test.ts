import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const SETUP = join(__dirname, "..", "..", "scripts", "setup.js");

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
});
