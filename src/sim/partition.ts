/**
 * Network partitions as data, shared by the simulator and the live cluster.
 *
 * Notation (the chapter's): "1,2|3,4,5" splits servers into groups that can talk only among
 * themselves. Bare numbers name servers ("3" is "n3"); full ids work too ("n1,c1|n2,n3").
 * Nodes a spec does not mention keep every link. "1->2" cuts one direction only: 1 can no
 * longer reach 2, while 2 still reaches 1.
 *
 * A partition is a set of cut directed links. The shapes Jepsen uses are built here too:
 * isolate one node, a bridge (two halves joined by one node that sees both) and a majority
 * ring (every node sees a majority, but no two see the same one).
 */
import type { NodeId } from "../contracts/node";

/** A directed link that drops everything: `from` can no longer reach `to`. */
export interface Cut {
  from: NodeId;
  to: NodeId;
}

/** Resolve "3" to "n3" (or to "3" if that is a node's real id); unknown names are an error. */
export function resolveNode(token: string, known: readonly NodeId[]): NodeId {
  const name = token.trim();
  if (known.includes(name)) return name;
  if (/^\d+$/.test(name) && known.includes(`n${name}`)) return `n${name}`;
  throw new RangeError(`unknown node "${name}" in partition spec (known: ${known.join(", ")})`);
}

/** Parse "1,2|3,4,5" into groups of node ids. Every node may appear at most once. */
export function parseGroups(spec: string, known: readonly NodeId[]): NodeId[][] {
  const groups = spec.split("|").map((group) =>
    group
      .split(",")
      .filter((token) => token.trim() !== "")
      .map((token) => resolveNode(token, known)),
  );
  if (groups.length < 2 || groups.some((group) => group.length === 0)) {
    throw new RangeError(`a partition needs at least two non-empty groups separated by "|", got "${spec}"`);
  }
  const seen = new Set<NodeId>();
  for (const id of groups.flat()) {
    if (seen.has(id)) throw new RangeError(`node ${id} appears twice in partition spec "${spec}"`);
    seen.add(id);
  }
  return groups;
}

/** Parse any spec: groups ("1,2|3,4,5") or one direction ("1->2", "1->2,3"). */
export function parseCuts(spec: string, known: readonly NodeId[]): Cut[] {
  const oneWay = /^\s*([^-]+?)\s*->\s*(.+?)\s*$/.exec(spec);
  if (oneWay) {
    const from = resolveNode(oneWay[1], known);
    return oneWay[2].split(",").map((to) => ({ from, to: resolveNode(to, known) }));
  }
  return cutsBetweenGroups(parseGroups(spec, known));
}

/** Every directed link between two different groups. */
export function cutsBetweenGroups(groups: readonly (readonly NodeId[])[]): Cut[] {
  const cuts: Cut[] = [];
  groups.forEach((group, i) =>
    groups.forEach((other, j) => {
      if (i === j) return;
      for (const from of group) for (const to of other) cuts.push({ from, to });
    }),
  );
  return cuts;
}

/** `node` alone on one side, everyone else on the other. */
export function isolate(node: NodeId, servers: readonly NodeId[]): NodeId[][] {
  return [[node], servers.filter((id) => id !== node)];
}

/**
 * Two halves joined by the middle node, which talks to both; the halves cannot talk directly.
 * With five servers: n1,n2 | n4,n5, and n3 sees everyone.
 */
export function bridge(servers: readonly NodeId[]): Cut[] {
  const middle = Math.floor(servers.length / 2);
  const left = servers.slice(0, middle);
  const right = servers.slice(middle + 1);
  return cutsBetweenGroups([left, right]);
}

/**
 * Servers on a ring, each connected only to its nearest neighbours, enough of them that each
 * node (with itself) sees a majority. No two nodes see the same majority, which is exactly the
 * situation where a protocol that trusts "I can reach a majority" elects several leaders.
 */
export function majorityRing(servers: readonly NodeId[]): Cut[] {
  const n = servers.length;
  const majority = Math.floor(n / 2) + 1;
  const reach = Math.ceil((majority - 1) / 2);
  const cuts: Cut[] = [];
  servers.forEach((from, i) =>
    servers.forEach((to, j) => {
      const distance = Math.min(Math.abs(i - j), n - Math.abs(i - j));
      if (i !== j && distance > reach) cuts.push({ from, to });
    }),
  );
  return cuts;
}

/** "n1,n2|n3,n4,n5" written back in the short notation when every id is a server "nK". */
export function formatGroups(groups: readonly (readonly NodeId[])[]): string {
  return groups.map((group) => group.map((id) => id.replace(/^n(\d+)$/, "$1")).join(",")).join("|");
}
