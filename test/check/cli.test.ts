/** npm run check:linearizable: verdict alone on the last line, exit codes 0/1/2/3. */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURES_DIR } from "./fixtures";

const ROOT = join(__dirname, "..", "..");
const SHAPED = join(FIXTURES_DIR, "jepsen-shaped");

function check(...args: string[]): { status: number | null; stdout: string; stderr: string; lastLine: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "check-linearizable.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  const lines = result.stdout.trimEnd().split("\n");
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, lastLine: lines[lines.length - 1] };
}

describe("check: the check:linearizable command", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "check-linearizable-"));

  it("OK exits 0, ILLEGAL exits 1 with the explanation, each verdict alone on the last line", () => {
    const ok = check(join(SHAPED, "ok-01.log"));
    expect([ok.status, ok.lastLine]).to.deep.equal([0, "OK"]);
    const illegal = check(join(SHAPED, "illegal-kv.edn"));
    expect([illegal.status, illegal.lastLine]).to.deep.equal([1, "ILLEGAL"]);
    expect(illegal.stdout).to.include("a stale value");
    expect(illegal.stdout).to.include("model kv (suggested by the operations");
  });

  it("prints the verdict line before the explanation (explaining can take longer than deciding)", () => {
    const lines = check(join(SHAPED, "illegal-01.log")).stdout.split("\n");
    const verdictLine = lines.findIndex((line) => /^verdict: ILLEGAL after \d+ ms; explaining\.\.\.$/.test(line));
    const explanationLine = lines.findIndex((line) => line.startsWith("not linearizable: "));
    expect(verdictLine, "the verdict line").to.be.at.least(0);
    expect(explanationLine, "the explanation").to.be.greaterThan(verdictLine);
  });

  it("a budget too small exits 2 with UNKNOWN, and --model overrides the suggestion", () => {
    const unknown = check(join(SHAPED, "ok-02.log"), "--step-budget", "10", "--model", "cas-register");
    expect([unknown.status, unknown.lastLine]).to.deep.equal([2, "UNKNOWN"]);
    expect(unknown.stdout).to.include("not a pass");
  });

  it("a malformed file exits 3 and names the line; so does a bad option", () => {
    const file = join(dir, "bad.log");
    writeFileSync(file, "0 :invoke :read nil\n0 :ok :read [3\n");
    const bad = check(file);
    expect(bad.status).to.equal(3);
    expect(bad.stderr).to.include("error: line 2: cannot read the value");
    expect(check(file, "--step-budget", "lots").status).to.equal(3);
    expect(check(join(SHAPED, "ok-01.log"), "--model", "queue").stderr).to.include('no model "queue"; the models are register, cas-register, kv');
    expect(check(join(dir, "missing.log")).stderr).to.include("cannot read");
  });

  it("--help lists the formats and the exit codes", () => {
    const help = check("--help");
    expect(help.status).to.equal(0);
    expect(help.stdout).to.include("3  the file or the options are malformed");
    expect(help.stdout).to.include("2  UNKNOWN   the budget ran out first: NOT a pass");
  });

  it("--html writes a page with the verdict, the explanation and the timeline", () => {
    const out = join(dir, "report.html");
    expect(check(join(SHAPED, "illegal-01.log"), "--html", out).status).to.equal(1);
    const html = readFileSync(out, "utf8");
    expect(html).to.include(">ILLEGAL</span>");
    expect(html).to.include("<svg");
    expect(html).to.include("not linearizable");
  });
});
