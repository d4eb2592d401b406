import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const NO_BROWSER = { COURSE_CHROMIUM: join(tmpdir(), "no-such-chromium") };

function withoutRequireAll(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.COURSE_REQUIRE_ALL;
  return env;
}

describe("npm test's browser step without a browser", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "browser-step-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function browserScript(env: NodeJS.ProcessEnv): { status: number | null; results: { skipped?: string; failed?: string; runs: unknown[] }; output: string } {
    const json = join(dir, "browser.json");
    const result = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "browser-notebooks.ts"), "--json", json], { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 });
    return { status: result.status, results: JSON.parse(readFileSync(json, "utf8")), output: result.stdout + result.stderr };
  }

  it("skips, naming what is missing and the install command", function () {
    this.timeout(60_000);
    const { status, results, output } = browserScript(withoutRequireAll(NO_BROWSER));
    expect(status).to.equal(0);
    expect(results.runs).to.have.length(0);
    expect(results.skipped).to.include("Chromium is not available").and.include("apt-get install -y chromium");
    expect(output).to.include("browser: skipped: Chromium is not available");
  });

  it("fails instead under COURSE_REQUIRE_ALL=1, as in CI", function () {
    this.timeout(60_000);
    const { status, results } = browserScript({ ...process.env, ...NO_BROWSER, COURSE_REQUIRE_ALL: "1" });
    expect(status).to.equal(1);
    expect(results.failed).to.include("apt-get install -y chromium").and.include("COURSE_REQUIRE_ALL=1 turns this skip into a failure");
  });

  it("npm test counts the skip, and under COURSE_REQUIRE_ALL=1 a failure, in its closing line", function () {
    this.timeout(120_000);
    const run = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [join(ROOT, "scripts", "test.js"), "--only-step", "browser"], { cwd: ROOT, env, encoding: "utf8", timeout: 110_000 });
    const skipped = run(withoutRequireAll(NO_BROWSER));
    expect(skipped.status, skipped.stderr).to.equal(0);
    expect(skipped.stdout).to.include("browser: Chromium is not available");
    expect(skipped.stdout.trim().split("\n").at(-1)).to.equal("1 passed, 0 failed, 1 skipped");
    const required = run({ ...process.env, ...NO_BROWSER, COURSE_REQUIRE_ALL: "1" });
    expect(required.status).to.equal(1);
    expect(required.stdout.trim().split("\n").at(-1)).to.equal("1 passed, 1 failed");
  });
});
