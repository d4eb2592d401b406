/**
 * Jepsen's bank test on the simulator: the nemesis plan and the run are decided by the seed, the
 * reference bank is valid under every nemesis, a broken bank (a curated mutant) is invalid with its anomaly named,
 * `npm run jepsen` writes its files and exits 0/1/2, and the latency picture keeps the layout rules.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mutantFile } from "../../grader/mutants";
import { bankOnRaft } from "../../src/bank/cluster";
import { DEFAULT_BANK_TEST, runBankTest } from "../../src/jepsen/bank-test";
import { NEMESIS_NAMES, planNemesis } from "../../src/jepsen/nemeses";
import { latencyOverTime } from "../../src/viz/latency-over-time";
import { RaftNode } from "../../solutions/week1/raft";
import { BankServer } from "../../solutions/week4/bank";
import { expectCleanLabels, expectNiceTicks, tickValues } from "../viz/layout";

const ROOT = join(__dirname, "..", "..");
const SHORT = { ...DEFAULT_BANK_TEST, store: bankOnRaft(RaftNode, BankServer), timeLimitS: 12, nemesisIntervalS: 3, thinkMsMax: 100 };

describe("jepsen: the bank test on the simulator", function () {
  this.timeout(120_000);

  it("plans nemesis rounds from the seed alone: same seed, same plan; every round inside the time limit", () => {
    const options = { servers: ["n1", "n2", "n3", "n4", "n5"], names: NEMESIS_NAMES, intervalMs: 2_000, endMs: 20_000, clockBumpMsMax: 5_000 };
    const plan = planNemesis(11, options);
    expect(planNemesis(11, options)).to.deep.equal(plan);
    expect(planNemesis(12, options)).to.not.deep.equal(plan);
    expect(plan.windows).to.have.length(9);
    for (const w of plan.windows) expect(w.toMs).to.be.at.most(20_000);
    expect(plan.nemesis[plan.nemesis.length - 1]).to.deep.equal({ atMs: 20_000, fault: { kind: "heal" } });
  });

  it("the reference bank is valid under each nemesis alone (pause and clock-strobe over three seeds), and the same seed replays the same history", () => {
    for (const name of NEMESIS_NAMES) {
      const run = runBankTest({ ...SHORT, seed: 5, nemeses: [name] });
      expect(run.verdict.valid, `${name}: ${JSON.stringify(run.verdict).slice(0, 400)}`).to.equal(true);
    }
    for (const name of ["pause", "clock-strobe"] as const) {
      for (const seed of [1, 2, 3]) {
        const run = runBankTest({ ...SHORT, seed, nemeses: [name] });
        expect(run.verdict.valid, `${name}, seed ${seed}: ${JSON.stringify(run.verdict).slice(0, 400)}`).to.equal(true);
      }
    }
    const a = runBankTest({ ...SHORT, seed: 9 });
    const b = runBankTest({ ...SHORT, seed: 9 });
    expect(JSON.stringify(b.history)).to.equal(JSON.stringify(a.history));
  });

  it("npm run jepsen: the reference exits 0 with results.json, a broken bank exits 1 naming its anomaly", () => {
    const out = mkdtempSync(join(tmpdir(), "jepsen-"));
    try {
      const jepsen = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "scripts", "run.js"), join(ROOT, "scripts", "jepsen.ts"), "--workload", "bank", "--time-limit", "10", "--nemesis-interval", "3", "--seed", "4", ...args], { cwd: ROOT, encoding: "utf8", timeout: 100_000 });
      const valid = jepsen("--solutions", "--out", join(out, "ok"));
      expect(valid.status, valid.stdout + valid.stderr).to.equal(0);
      expect(valid.stdout).to.match(/replay: npm run jepsen -- .*--seed 4/);
      const results = JSON.parse(readFileSync(join(out, "ok", "results.json"), "utf8")) as { valid: unknown; seed: number };
      expect(results).to.include({ valid: true, seed: 4 });
      for (const file of ["history.json", "timeline.html"]) expect(existsSync(join(out, "ok", file)), file).to.equal(true);
      const broken = jepsen("--file", mutantFile(ROOT, 4, "bank", "allows-overdraft"), "--out", join(out, "bad"));
      expect(broken.status, broken.stdout + broken.stderr).to.equal(1);
      expect(broken.stdout).to.match(/negative-balance/);
      const newNemeses = jepsen("--solutions", "--nemesis", "pause,clock-strobe", "--time-limit", "6", "--out", join(out, "new"));
      expect(newNemeses.status, newNemeses.stdout + newNemeses.stderr).to.equal(0);
      expect(newNemeses.stdout).to.match(/nemesis pause, clock-strobe/);
      const usage = jepsen("--workload", "queue");
      expect(usage.status).to.equal(3);
      expect(usage.stderr).to.match(/only bank/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("the latency picture: labels inside and apart, nice ticks, the rounds named", () => {
    const run = runBankTest({ ...SHORT, seed: 3 });
    const svg = latencyOverTime(run.history.operations, { title: "bank, seed 3", endMs: run.endMs, windows: run.windows, kindOf: (input) => (input as { f: string }).f });
    expectCleanLabels(svg, "latency over time");
    expectNiceTicks(tickValues(svg, "tick-y"), { integer: true, what: "latency" });
    expectNiceTicks(tickValues(svg, "tick-x"), { what: "time" });
  });
});
