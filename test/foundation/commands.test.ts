import { expect } from "chai";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { freePorts } from "../../src/live/ports";

const ROOT = join(__dirname, "..", "..");

async function answers(url: string): Promise<boolean> {
  return fetch(url).then((response) => response.ok, () => false);
}

async function waitUntil(ms: number, condition: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((done) => setTimeout(done, 300));
  }
  return false;
}

describe("course commands", () => {
  for (const [script, option] of [
    ["notebooks:run", "--timeout SEC"],
    ["notebooks:browser", "--tabs N"],
  ]) {
    it(`npm run ${script} -- --help describes its options and exits 0`, function () {
      this.timeout(60_000);
      const result = spawnSync("npm", ["run", "--silent", script, "--", "--help"], { cwd: ROOT, encoding: "utf8", timeout: 50_000 });
      expect(result.status, result.stderr).to.equal(0);
      expect(result.stdout).to.include("--only NAME").and.include(option);
    });
  }

  it("npm run notebooks:run with an unknown option says so and shows the options", function () {
    this.timeout(60_000);
    const result = spawnSync("npm", ["run", "--silent", "notebooks:run", "--", "--bogus"], { cwd: ROOT, encoding: "utf8", timeout: 50_000 });
    expect(result.status).to.equal(2);
    expect(result.stderr).to.include("Unknown option '--bogus'").and.include("--only NAME");
  });

  it("SIGTERM to `npm start` stops JupyterLab (npm's shell does not pass it on; start.js notices)", async function () {
    this.timeout(180_000);
    const [port] = await freePorts(1);
    const token = randomBytes(8).toString("hex");
    const status = `http://127.0.0.1:${port}/api/status?token=${token}`;
    const npm = spawn("npm", ["start", "--", "--no-browser", `--port=${port}`, `--IdentityProvider.token=${token}`], { cwd: ROOT, stdio: "ignore", detached: true });
    try {
      expect(await waitUntil(120_000, () => answers(status)), "JupyterLab never answered").to.equal(true);
      process.kill(npm.pid!, "SIGTERM");
      expect(await waitUntil(30_000, async () => !(await answers(status))), "JupyterLab still answers 30 s after SIGTERM to npm").to.equal(true);
    } finally {
      try {
        process.kill(-npm.pid!, "SIGKILL");
      } catch {
        // the whole group is gone already
      }
    }
  });
});
