/**
 * Small verbs for staging Raft scenarios on a RaftCluster in the notebooks' demos: cut the
 * cluster into groups, hand a command to one server as a client would, read a log's length.
 * They act on the cluster from outside; none of them knows how Raft works.
 */
import type { NodeId } from "../../contracts/node";
import type { RaftPeer, StartResult } from "../../contracts/raft";
import type { RaftCluster } from "../../harness/raft";

/** Cut the cluster into `groups` in the chapter's notation; the remaining servers form one more group. */
export function split(cluster: RaftCluster, ...groups: NodeId[][]): void {
  const rest = cluster.servers.filter((id) => !groups.flat().includes(id));
  const all = rest.length > 0 ? [...groups, rest] : groups;
  cluster.partition(all.map((group) => group.map((id) => id.slice(1)).join(",")).join("|"));
}

/** Hand `command` to `id` as a client would (no waiting): what start() answered. */
export function submit(cluster: RaftCluster, id: NodeId, command: string): StartResult {
  return cluster.sim.call<RaftPeer, StartResult>(id, `start(${JSON.stringify(command)})`, (node) => node.start(command));
}

/** How many entries `id` holds now (0 while it is down). */
export function logLength(cluster: RaftCluster, id: NodeId): number {
  return cluster.sim.isUp(id) ? (cluster.node(id)?.inspect().log.length ?? 0) : 0;
}
