/**
 * The chapter's September partition (1,2|3,4,5) against the leaderless quorum register of
 * quorum-register.ts, for notebook 10: the same clients and steps as notebook 01's CAP
 * experiment, so the pictures line up. `c1` talks to n1 on the small side, `c2` to n4 on the
 * large side; every server holds a copy (N = 5), and W and R are yours to choose.
 */
import { runRegisterServers, type RegisterRun, type RegisterScenario } from "../week1/register-scenario";
import { QuorumRegisterNode, type QuorumRegisterOptions } from "./quorum-register";

/** The scenario itself lives beside notebook 01's CAP experiment, which stages it first. */
export { septemberScenario } from "../week1/register-scenario";

/** The scenario on five quorum-register servers with W and R; named "W=3, R=3" and so on. */
export function runQuorumScenario(quorums: { writeQuorum: number; readQuorum: number }, scenario: RegisterScenario): RegisterRun {
  const options: QuorumRegisterOptions = { ...quorums, timeoutMs: 150 };
  return runRegisterServers(`W=${quorums.writeQuorum}, R=${quorums.readQuorum}`, (ctx) => new QuorumRegisterNode(ctx, options), scenario);
}
