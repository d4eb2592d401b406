/**
 * A small cycle checker over a transaction history, after Adya's direct serialization graph (DSG).
 * Each committed transaction says which version of each object it read and which it installed;
 * versions of an object are numbered 0 (the initial state), 1, 2, ... in the order they were
 * installed. The graph has an edge Ti -> Tj when
 *
 *   ww (write-write)   Ti installed version k of x and Tj installed version k+1
 *   wr (write-read)    Ti installed version k of x and Tj read it
 *   rw (anti-dependency)  Ti read version k of x and Tj installed version k+1: Tj overwrote what Ti saw
 *
 * Two anomalies are reported, each in words:
 *
 *   G-single   a cycle with exactly one anti-dependency edge (Adya's "single anti-dependency
 *              cycle"). Read skew is the classic one: a reader sees one write of a transaction and
 *              misses another, so the transaction comes both before and after it.
 *   lost update  two transactions read the same version of x and both installed a new one: the
 *              second overwrote the first without seeing it (Adya's P4; its DSG cycle is a G-single
 *              too, reported here under its own name).
 */

export type Dependency = "ww" | "wr" | "rw";

export interface Transaction {
  id: number;
  /** How the transaction is named in messages: "transfer 5 (30 a1->a2)". */
  label: string;
  /** Object -> the version it read. */
  reads: ReadonlyMap<string, number>;
  /** Object -> the version it installed. */
  writes: ReadonlyMap<string, number>;
}

export interface DependencyEdge {
  from: number;
  to: number;
  kind: Dependency;
  object: string;
  version: number;
}

export interface CycleAnomaly {
  kind: "G-single" | "lost-update";
  /** The transactions of the cycle (or the two that lost an update), in order. */
  transactions: number[];
  message: string;
}

/** Every ww, wr and rw edge between distinct transactions. */
export function dependencyEdges(transactions: readonly Transaction[]): DependencyEdge[] {
  const installer = new Map<string, number>(); // "x@k" -> who installed version k of x
  for (const t of transactions) for (const [object, version] of t.writes) installer.set(`${object}@${version}`, t.id);
  const edges: DependencyEdge[] = [];
  const add = (from: number | undefined, to: number | undefined, kind: Dependency, object: string, version: number) => {
    if (from !== undefined && to !== undefined && from !== to) edges.push({ from, to, kind, object, version });
  };
  for (const t of transactions) {
    for (const [object, version] of t.writes) add(installer.get(`${object}@${version - 1}`), t.id, "ww", object, version - 1);
    for (const [object, version] of t.reads) {
      add(installer.get(`${object}@${version}`), t.id, "wr", object, version);
      add(t.id, installer.get(`${object}@${version + 1}`), "rw", object, version);
    }
  }
  return edges;
}

/**
 * G-single cycles, one per anti-dependency edge that closes one: for each rw edge Ti -> Tj, the
 * shortest path of ww/wr edges from Tj back to Ti (breadth first, so the cycle shown is short).
 * Only edges inside one strongly connected component can close a cycle, so a history without
 * cycles (the usual case) costs one linear pass.
 */
export function findGSingle(transactions: readonly Transaction[], edges = dependencyEdges(transactions)): CycleAnomaly[] {
  const byId = new Map(transactions.map((t) => [t.id, t]));
  const component = stronglyConnected(transactions.map((t) => t.id), edges);
  const inCycle = edges.filter((edge) => component.get(edge.from) === component.get(edge.to));
  const forward = new Map<number, DependencyEdge[]>();
  for (const edge of inCycle) if (edge.kind !== "rw") listAt(forward, edge.from).push(edge);
  const anomalies: CycleAnomaly[] = [];
  const seen = new Set<string>();
  for (const anti of inCycle.filter((edge) => edge.kind === "rw")) {
    const path = shortestPath(forward, anti.to, anti.from);
    if (path === undefined) continue;
    const cycle = [anti, ...path];
    const key = cycle.map((edge) => edge.from).sort((a, b) => a - b).join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    anomalies.push({ kind: "G-single", transactions: cycle.map((edge) => edge.from), message: describeCycle(cycle, byId) });
  }
  return anomalies;
}

/** Pairs of transactions that read the same version of an object and both installed a newer one. */
export function findLostUpdates(transactions: readonly Transaction[]): CycleAnomaly[] {
  const byRead = new Map<string, Transaction[]>();
  for (const t of transactions) {
    for (const [object, version] of t.reads) if (t.writes.has(object)) listAt(byRead, `${object}@${version}`).push(t);
  }
  const anomalies: CycleAnomaly[] = [];
  for (const [key, writers] of byRead) {
    if (writers.length < 2) continue;
    const [object, version] = key.split("@");
    const [first, second] = writers;
    anomalies.push({
      kind: "lost-update",
      transactions: writers.map((t) => t.id),
      message: `lost update on ${object}: ${writers.map((t) => t.label).join(" and ")} all read version ${version} of ${object} and each wrote a new one, so ${second.label} overwrote ${first.label}'s write without seeing it`,
    });
  }
  return anomalies;
}

/** Tarjan's algorithm, without recursion (histories are long): node -> its component's number. */
function stronglyConnected(nodes: readonly number[], edges: readonly DependencyEdge[]): Map<number, number> {
  const out = new Map<number, number[]>();
  for (const edge of edges) listAt(out, edge.from).push(edge.to);
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const component = new Map<number, number>();
  const stack: number[] = [];
  const onStack = new Set<number>();
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: number; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const targets = out.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++];
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
        onStack.delete(member);
        component.set(member, frame.node);
        if (member === frame.node) break;
      }
    }
  }
  return component;
}

function shortestPath(forward: ReadonlyMap<number, DependencyEdge[]>, from: number, to: number): DependencyEdge[] | undefined {
  const cameBy = new Map<number, DependencyEdge | null>([[from, null]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    if (node === to) {
      const path: DependencyEdge[] = [];
      for (let edge = cameBy.get(node); edge; edge = cameBy.get(edge.from)) path.unshift(edge);
      return path;
    }
    for (const edge of forward.get(node) ?? []) {
      if (cameBy.has(edge.to)) continue;
      cameBy.set(edge.to, edge);
      queue.push(edge.to);
    }
  }
  return undefined;
}

const EDGE_WORDS: Record<Dependency, (from: string, to: string, object: string, version: number) => string> = {
  ww: (from, to, object, version) => `${from} wrote ${object} (version ${version}) and ${to} wrote the next version`,
  wr: (from, to, object, version) => `${from} wrote ${object} (version ${version}) and ${to} read that write`,
  rw: (from, to, object, version) => `${from} read ${object} at version ${version}, before ${to} wrote it`,
};

function describeCycle(cycle: readonly DependencyEdge[], byId: ReadonlyMap<number, Transaction>): string {
  const name = (id: number) => byId.get(id)?.label ?? `T${id}`;
  const arrows = cycle.map((edge) => `${name(edge.from)} -${edge.kind}(${edge.object})->`).join(" ") + ` ${name(cycle[0].from)}`;
  const words = cycle.map((edge) => EDGE_WORDS[edge.kind](name(edge.from), name(edge.to), edge.object, edge.version));
  return `a cycle with one anti-dependency: ${arrows}\n  ${words.join(";\n  ")};\n  so no serial order exists: ${name(cycle[0].from)} would have to come before itself`;
}

function listAt<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (list === undefined) map.set(key, (list = []));
  return list;
}
