/**
 * One reproducible scenario that touches every simulator feature: gossip over a lossy,
 * duplicating network, a random nemesis (partitions, crashes, clocks, slow nodes), then heal.
 * Used by the determinism tests, in this process and in a child process.
 */
import { Simulation, randomNemesis, scheduleNemesis, type FaultKind } from "../../src/sim";
import { GossipNode } from "./protocols";

export const ALL_FAULTS: FaultKind[] = ["partition", "isolate", "one-way", "bridge", "majority-ring", "crash", "clock", "slow", "network"];

export function gossipScenario(seed: number, durationMs = 2_000): Simulation {
  const sim = new Simulation({
    seed,
    network: { dropRate: 0.05, duplicateRate: 0.05, duplicatesMax: 2, delay: { kind: "exponential", msMin: 1, msMean: 8, msMax: 100 } },
    timerJitterMsMax: 2,
  });
  sim.addServers(5, (ctx) => new GossipNode(ctx as never));
  scheduleNemesis(
    sim,
    randomNemesis(seed, { servers: sim.servers, startMs: 100, endMs: durationMs - 200, intervalMsMin: 50, intervalMsMax: 300, kinds: ALL_FAULTS }),
  );
  sim.runFor(durationMs);
  return sim;
}
