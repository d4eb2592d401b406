/**
 * The Raft target's data check after the drain, from each surviving server's committed log (its
 * entries up to its commit index): an acknowledged command is LOST when some server's committed
 * log lacks it; a command is DUPLICATED when it is in some server's committed log more than once
 * (no client ever resends a command a server took, so any copy is the cluster's doing); servers
 * DIVERGE when one's committed log is not a prefix of another's (two orders of commits).
 */
import type { Json, NodeId } from "../contracts/node";
import { isChaosCommand } from "./raft-server";

export interface CommandIntegrity {
  kind: "commands";
  /** Commands a client was told are committed. */
  acknowledged: number;
  /** The servers whose committed logs were read (every server up at the end), with their lengths. */
  committed: { [server: NodeId]: number };
  /** Acknowledged command ids missing from some server's committed log, and from which. */
  lost: { id: string; missingOn: NodeId[] }[];
  /** Command ids committed more than once on some server. */
  duplicated: string[];
  /** Pairs of servers whose committed logs disagree, and the first index where they do. */
  divergent: { servers: [NodeId, NodeId]; index: number }[];
  ok: boolean;
}

export function checkCommandIntegrity(acknowledged: readonly string[], logs: ReadonlyMap<NodeId, readonly Json[]>): CommandIntegrity {
  const ids = new Map([...logs].map(([server, log]) => [server, log.map((command) => (isChaosCommand(command) ? command.id : JSON.stringify(command)))]));
  const lost = acknowledged
    .map((id) => ({ id, missingOn: [...ids].filter(([, log]) => !log.includes(id)).map(([server]) => server) }))
    .filter((l) => l.missingOn.length > 0 || ids.size === 0);
  const duplicated = new Set<string>();
  for (const log of ids.values()) {
    const seen = new Set<string>();
    for (const id of log) (seen.has(id) ? duplicated : seen).add(id);
  }
  const divergent: CommandIntegrity["divergent"] = [];
  const servers = [...ids.keys()];
  for (let a = 0; a < servers.length; a++) {
    for (let b = a + 1; b < servers.length; b++) {
      const [x, y] = [ids.get(servers[a]) as string[], ids.get(servers[b]) as string[]];
      const index = x.findIndex((id, i) => i < y.length && id !== y[i]);
      if (index >= 0) divergent.push({ servers: [servers[a], servers[b]], index: index + 1 });
    }
  }
  return {
    kind: "commands",
    acknowledged: acknowledged.length,
    committed: Object.fromEntries([...ids].map(([server, log]) => [server, log.length])),
    lost,
    duplicated: [...duplicated].sort(),
    divergent,
    ok: ids.size > 0 && lost.length === 0 && duplicated.size === 0 && divergent.length === 0,
  };
}
