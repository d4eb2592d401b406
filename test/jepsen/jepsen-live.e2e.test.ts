/**
 * `npm run jepsen -- --live` end to end: the reference bank as five real processes on free loopback
 * ports, 12 s of real workload with a kill round every 4 s (SIGKILL, then a restart on the same
 * storage). The command must exit 0 with a valid results.json that says the run is real and not
 * replayable, and leave no server behind: every port it used answers no more. A clock nemesis is
 * refused before any process starts. Real time, so every wait is bounded (about 30 s in all).
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetchJson } from "../../src/live";

const ROOT = join(__dirname, "..", "..");

const jepsen = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "jepsen.ts"), "--workload", "bank", "--live", ...args], { cwd: ROOT, encoding: "utf8", timeout: 90_000 });

describe("npm run jepsen -- --live: the reference bank on real processes", function () {
  this.timeout(120_000);
  let out: string | undefined;

  after(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("kills servers for real and stays valid; says the run does not replay; leaves no server behind", async () => {
    out = mkdtempSync(join(tmpdir(), "jepsen-live-test-"));
    const run = jepsen("--solutions", "--nemesis", "kill", "--time-limit", "12", "--nemesis-interval", "4", "--seed", "5", "--out", out);
    const output = run.stdout + run.stderr;
    expect(run.status, output).to.equal(0);
    expect(output, "both kill rounds happened").to.match(/kill n\d \(SIGKILL to process group \d+\)[\s\S]*restart n\d on its storage[\s\S]*kill n\d \(SIGKILL/);
    expect(output).to.match(/not replayable: seed 5 decides the nemesis rounds/);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as { valid: unknown; clock: string; replayable: boolean; nemesis: { name: string }[] };
    expect(results, output).to.include({ valid: true, clock: "real", replayable: false });
    expect(results.nemesis.map((w) => w.name)).to.deep.equal(["kill", "kill"]);
    for (const file of ["history.json", "timeline.html", "nodes.log"]) expect(existsSync(join(out, file)), file).to.equal(true);
    const ports = /servers up on 127\.0\.0\.1:([\d,]+\d)/.exec(output)?.[1].split(",").map(Number) ?? [];
    expect(ports, output).to.have.length(5);
    const answering = await Promise.all(ports.map((port) => fetchJson(port, "GET", "/status", undefined, 500).then(() => port, () => undefined)));
    expect(answering.filter((port) => port !== undefined), "servers still answering after the command ended").to.deep.equal([]);
  });

  it("refuses a clock nemesis, with the reason, before starting anything", () => {
    const run = jepsen("--solutions", "--nemesis", "kill,clock-strobe");
    expect(run.status, run.stdout + run.stderr).to.equal(3);
    expect(run.stderr).to.match(/--nemesis clock-strobe cannot run with --live: a live node reads the machine's wall clock/);
  });
});
