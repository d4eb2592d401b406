/**
 * The Chaos Monkey against the week-1 Raft cluster, on the simulator: the reference Raft holds the
 * hypothesis with no acknowledged command lost, duplicated or reordered while servers (and the
 * leader) are killed in the middle of a write; the same seed replays the run; a Raft that
 * acknowledges a command before appending it loses it when the leader dies, and the run names the
 * command; the pictures keep the layout rules with the commands' titles; `npm run chaos -- --target
 * raft` exits 0 on the reference and refuses the shop's flags (exit 3). --live: chaos-raft-live.e2e.test.ts.
 * Runs are short (30 s of virtual time or less) to stay quick.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chaosMonkeyMethod } from "../../src/chaos/chaos-monkey";
import { RAFT_HYPOTHESIS, ROLLBACKS, type ChaosExperiment } from "../../src/chaos/experiment";
import { hasCurrentLeader, LeaderlessTracker } from "../../src/chaos/leaderless";
import { LEADER_TARGET, runRaftChaos } from "../../src/chaos/raft-runner";
import { DEFAULT_CHAOS_RUN } from "../../src/chaos/runner";
import { headline, summaryLines } from "../../src/chaos/summary";
import { errorRateChart, latencyChart, throughputChart } from "../../src/chaos/views";
import type { Json, NodeContext } from "../../src/contracts/node";
import type { ApplyMsg, RaftConfig, StartResult } from "../../src/contracts/raft";
import { RaftNode } from "../../solutions/week1/raft";
import { expectCleanLabels, expectNiceTicks, tickValues } from "../viz/layout";

const ROOT = join(__dirname, "..", "..");
const SHORT = { ...DEFAULT_CHAOS_RUN, durationMs: 30_000, rollbackAtMs: 25_000 };
const SERVERS = ["n1", "n2", "n3", "n4", "n5"];

/** The monkey on every server and on the leader, with a kill probability high enough to kill a majority at once. */
function monkey(seed: number): ChaosExperiment {
  const method = chaosMonkeyMethod(seed, { intervalMs: 5_000, killProbability: 0.4, targets: [...SERVERS, LEADER_TARGET], fromMs: 0, untilMs: SHORT.rollbackAtMs, downMs: 2_000 });
  return { title: "test", description: "test", steadyStateHypothesis: RAFT_HYPOTHESIS, method, rollbacks: ROLLBACKS };
}

const KILL_THE_LEADER: ChaosExperiment = {
  title: "test",
  description: "test",
  steadyStateHypothesis: RAFT_HYPOTHESIS,
  method: [{ type: "action", name: "kill the leader", fault: { kind: "kill", target: LEADER_TARGET, atMs: 5_000, durationMs: 2_000 } }],
  rollbacks: ROLLBACKS,
};

/** Broken on purpose: the leader hands a command to the service (which acknowledges it) before appending it. */
class AcksBeforeAppend extends RaftNode {
  private readonly applyNow: (msg: ApplyMsg) => void;

  constructor(ctx: NodeContext<any, any>, apply: (msg: ApplyMsg) => void, config?: RaftConfig) {
    super(ctx, apply, config);
    this.applyNow = apply;
  }

  override start(command: Json): StartResult {
    const { term, isLeader } = this.getState();
    if (isLeader) this.applyNow({ index: this.inspect().log.length + 1, term, command });
    return super.start(command);
  }
}

describe("chaos: the Chaos Monkey against the Raft cluster", function () {
  this.timeout(60_000);

  it("the reference Raft holds the hypothesis and loses, duplicates and reorders no acknowledged command; the same seed replays the run", () => {
    const experiment = monkey(3);
    const run = runRaftChaos({ ...SHORT, seed: 3, experiment, Raft: RaftNode, servers: 5 });
    expect(run.windows.length, "faults were injected").to.be.greaterThan(2);
    expect(run.windows.some((w) => /kill leader/.test(w.what)), "the leader was a target").to.equal(true);
    expect(run.integrity.ok, summaryLines(run).join("\n")).to.equal(true);
    expect(run.integrity.acknowledged).to.be.greaterThan(450);
    expect(Object.keys(run.integrity.committed)).to.deep.equal(SERVERS);
    expect(run.verdict.held, summaryLines(run).join("\n")).to.equal(true);
    const again = runRaftChaos({ ...SHORT, seed: 3, experiment, Raft: RaftNode, servers: 5 });
    expect(JSON.stringify([again.requests, again.verdict, again.integrity])).to.equal(JSON.stringify([run.requests, run.verdict, run.integrity]));
  });

  it("a Raft that acknowledges before it appends loses the command the killed leader took last, and the run names it", () => {
    const options = { ...SHORT, durationMs: 15_000, rollbackAtMs: 10_000, seed: 1, experiment: KILL_THE_LEADER, servers: 5 };
    const reference = runRaftChaos({ ...options, Raft: RaftNode });
    expect(reference.integrity.ok, summaryLines(reference).join("\n")).to.equal(true);
    const broken = runRaftChaos({ ...options, Raft: AcksBeforeAppend });
    expect(broken.integrity.lost.length, summaryLines(broken).join("\n")).to.be.greaterThan(0);
    expect(broken.integrity.ok).to.equal(false);
    const [lost] = broken.integrity.lost;
    expect(broken.requests.find((r) => r.id === lost.id)?.outcome, "the lost command had been acknowledged").to.equal("ok");
    expect(summaryLines(broken).join("\n")).to.include(`${lost.id} missing on`);
    expect(headline(broken)).to.match(/deviated: .*acknowledged commands were lost/);
  });

  it("a killed leader costs one election gap, measured from the kill to the next leader and printed", () => {
    const options = { ...SHORT, durationMs: 12_000, rollbackAtMs: 10_000, experiment: KILL_THE_LEADER, Raft: RaftNode, servers: 5 };
    const runs = [1, 2, 3].map((seed) => runRaftChaos({ ...options, seed }));
    for (const run of runs) {
      const spans = run.leaderless?.spans ?? [];
      expect(spans, JSON.stringify(run.leaderless)).to.have.length(1);
      const [gap] = spans;
      expect(gap.fromMs, "the gap starts at the kill").to.be.within(5_000, 5_000 + (run.leaderless?.sampleMs ?? 0));
      // The survivors wait out an election timeout (150-300 ms) after the last heartbeat, then one round of votes.
      expect(gap.toMs - gap.fromMs).to.be.within(50, 1_000);
      expect(summaryLines(run)).to.include.members([`no leader: ${gap.toMs - gap.fromMs} ms in all, over 1 gap after the first election; the longest ${gap.toMs - gap.fromMs} ms, from 5.0 s (sampled every 10 ms)`]);
    }
    const quiet = runRaftChaos({ ...options, seed: 1, experiment: { ...KILL_THE_LEADER, method: [] } });
    expect(quiet.leaderless?.spans).to.deep.equal([]);
    expect(summaryLines(quiet)).to.include("no leader: never after the first election (sampled every 10 ms)");
  });

  it("a leader counts only in the newest term of the servers up: one cut off in an older term does not", () => {
    expect(hasCurrentLeader([{ term: 3, isLeader: true }, { term: 3, isLeader: false }, undefined])).to.equal(true);
    expect(hasCurrentLeader([{ term: 3, isLeader: true }, { term: 4, isLeader: false }, { term: 4, isLeader: false }])).to.equal(false);
    expect(hasCurrentLeader([undefined, undefined])).to.equal(false);
    const tracker = new LeaderlessTracker();
    const leads = [{ term: 1, isLeader: true }, { term: 1, isLeader: false }];
    const none = [undefined, { term: 2, isLeader: false }];
    // Booting leaderless is not a gap; losing the leader is, until one leads again; one left open ends the traffic.
    [[0, none], [10, leads], [20, none], [30, none], [40, leads], [50, none]].forEach(([t, states]) => tracker.observe(t as number, states as typeof leads));
    expect(tracker.finish(60)).to.deep.equal([{ fromMs: 20, toMs: 40, open: false }, { fromMs: 50, toMs: 60, open: true }]);
  });

  it("the pictures keep the layout rules: labels inside and apart, nice ticks", () => {
    const run = runRaftChaos({ ...SHORT, durationMs: 12_000, rollbackAtMs: 10_000, seed: 5, experiment: KILL_THE_LEADER, Raft: RaftNode, servers: 5 });
    for (const [what, svg] of [["throughput", throughputChart(run)], ["latency", latencyChart(run)], ["error rate", errorRateChart(run)]]) {
      expectCleanLabels(svg, what);
      expectNiceTicks(tickValues(svg, "tick-x"), { what: `${what}: time` });
    }
  });

  it("npm run chaos -- --target raft exits 0 on the reference with the report; a shop flag with the Raft target, or --redis or --rabbit without the live shop, is refused (exit 3)", () => {
    const out = mkdtempSync(join(tmpdir(), "chaos-raft-"));
    try {
      const chaos = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "scripts", "run.js"), join(ROOT, "scripts", "chaos.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
      const ok = chaos("--target=raft", "--nodes=5", "--interval=5s", "--kill-probability=0.3", "--duration=30s", "--seed=7", `--out=${out}`);
      expect(ok.status, ok.stdout + ok.stderr).to.equal(0);
      expect(ok.stdout).to.match(/acknowledged commands lost: 0; duplicated: 0; servers committing in different orders: none/);
      expect(ok.stdout).to.match(/replay: npm run chaos -- .*--seed=7/);
      expect(existsSync(join(out, "report.html"))).to.equal(true);
      const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as { outcome: string; integrity: { kind: string; lost: unknown[] } };
      expect([results.outcome, results.integrity.kind, results.integrity.lost.length]).to.deep.equal(["held", "commands", 0]);
      const refused = chaos("--target=raft", "--solutions");
      expect(refused.status).to.equal(3);
      expect(refused.stderr).to.match(/--solutions is for the shop/);
      const redis = chaos("--target=raft", "--live", "--redis=redis://127.0.0.1:6379");
      expect(redis.status, redis.stderr).to.equal(3);
      expect(redis.stderr).to.match(/--redis and --rabbit are for the shop's --live run/);
      const simulatedRabbit = chaos("--rabbit=amqp://guest:guest@127.0.0.1:5672");
      expect(simulatedRabbit.status, simulatedRabbit.stderr).to.equal(3);
      expect(simulatedRabbit.stderr).to.match(/--redis and --rabbit apply to --live only/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
