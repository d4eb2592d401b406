/**
 * Shared by the directed Raft tests (hidden): what a scripted schedule needs to read a server's
 * state and to wait for one message, never the learner's message format.
 */
import type { NodeId } from "../../../../src/contracts/node";
import type { RaftCluster } from "../../../../src/harness/raft";
import type { EventOf } from "../../../../src/sim";
import { says, type TestContext } from "../../../api";

/** Figure 2's timing as the contract sets it (DEFAULT_RAFT_CONFIG): the tests use these. */
export const ELECTION_TIMEOUT_MIN_MS = 150;

export const termOf = (cluster: RaftCluster, id: NodeId) => cluster.node(id)?.getState().term ?? -1;
export const isLeader = (cluster: RaftCluster, id: NodeId) => cluster.node(id)?.getState().isLeader === true;
export const lastOf = (cluster: RaftCluster, id: NodeId) => {
  const log = cluster.node(id)?.inspect().log ?? [];
  return `index ${log.length} (term ${log.length > 0 ? log[log.length - 1].term : 0})`;
};

/** Run until a message `wanted` names is delivered (or `timeoutMs` passes); returns that delivery. */
export function runUntilDelivered(cluster: RaftCluster, wanted: (msgId: number) => boolean, timeoutMs: number): EventOf<"deliver"> | undefined {
  const events = cluster.sim.trace.events;
  let scanned = events.length;
  let found: EventOf<"deliver"> | undefined;
  cluster.sim.runUntil(() => {
    for (; found === undefined && scanned < events.length; scanned++) {
      const event = events[scanned];
      if (event.kind === "deliver" && wanted(event.msgId)) found = event;
    }
    return found !== undefined;
  }, { timeoutMs });
  return found;
}

/** Cut `id` off until its term is above every other server's: it keeps timing out alone. */
export function raiseTermAlone(ctx: TestContext, cluster: RaftCluster, id: NodeId, above: number): number {
  cluster.disconnect(id);
  cluster.sim.runUntil(() => termOf(cluster, id) > above, { timeoutMs: 3_000 });
  ctx.premise(termOf(cluster, id) > above, () => says({ en: `${id}, cut off alone, did not reach a term above ${above} in 3 s`, ko: `혼자 끊긴 ${id}의 term이 3 s 안에 ${above}보다 커지지 않았습니다` }));
  return termOf(cluster, id);
}
