/**
 * The chapter's September partition (1,2|3,4,5) against the leaderless quorum register of
 * quorum-register.ts, for notebook 10: the same clients and steps as notebook 01's CAP
 * experiment, so the pictures line up. `c1` talks to n1 on the small side, `c2` to n4 on the
 * large side; every server holds a copy (N = 5), and W and R are yours to choose.
 */
import { runRegisterServers, type RegisterRun, type RegisterScenario } from "../week1/register-scenario";
import { QuorumRegisterNode, type QuorumRegisterOptions } from "./quorum-register";

/** Before the partition c1 writes A and c2 reads; the network splits at 200 ms; both write and read; it heals at 900 ms; both read again. */
export function septemberScenario(seed: number): RegisterScenario {
  return {
    seed,
    partition: "1,2|3,4,5",
    partitionAtMs: 200,
    healAtMs: 900,
    endMs: 1400,
    clients: [
      { id: "c1", server: "n1", steps: [{ atMs: 50, f: "write", value: "A" }, { atMs: 300, f: "write", value: "B" }, { atMs: 650, f: "read" }, { atMs: 1200, f: "read" }] },
      { id: "c2", server: "n4", steps: [{ atMs: 120, f: "read" }, { atMs: 350, f: "write", value: "C" }, { atMs: 650, f: "read" }, { atMs: 1200, f: "read" }] },
    ],
  };
}

/** The scenario on five quorum-register servers with W and R; named "W=3, R=3" and so on. */
export function runQuorumScenario(quorums: { writeQuorum: number; readQuorum: number }, scenario: RegisterScenario): RegisterRun {
  const options: QuorumRegisterOptions = { ...quorums, timeoutMs: 150 };
  return runRegisterServers(`W=${quorums.writeQuorum}, R=${quorums.readQuorum}`, (ctx) => new QuorumRegisterNode(ctx, options), scenario);
}
