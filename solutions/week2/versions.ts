/**
 * Versions for the key-value store: vector clocks (concurrent writes become siblings) and
 * last-writer-wins stamps (one value survives). Reference solution for week 2.
 *
 * A key's replica state is a list of versions no one of which supersedes another: one element
 * under last-writer-wins, and under vector clocks as many as there were concurrent writes.
 */
import type { Json } from "../../src/contracts/node";
import type { StoredVersion } from "../../src/contracts/kv";

export type VectorClock = { [node: string]: number };
export type LwwStamp = { t: number; node: string };

export type Versioning = "vector" | "lww";

/** True when version `a` is superseded by `b` (a happened before b, or they are the same). */
export function supersededBy(a: Json, b: Json, versioning: Versioning): boolean {
  if (versioning === "lww") {
    const x = a as LwwStamp;
    const y = b as LwwStamp;
    return x.t < y.t || (x.t === y.t && x.node <= y.node);
  }
  const x = a as VectorClock;
  const y = b as VectorClock;
  return Object.keys(x).every((node) => x[node] <= (y[node] ?? 0));
}

/** Merge two lists of versions, keeping only those no other version supersedes. */
export function mergeVersions(current: readonly StoredVersion[], incoming: readonly StoredVersion[], versioning: Versioning): StoredVersion[] {
  const all = [...current, ...incoming];
  const kept: StoredVersion[] = [];
  all.forEach((candidate, i) => {
    // Stryker disable next-line EqualityOperator: equivalent, of two equal versions (one write) either may stay, j !== i already
    const beaten = all.some((other, j) => j !== i && supersededBy(candidate.version, other.version, versioning) && !(supersededBy(other.version, candidate.version, versioning) && j > i));
    if (!beaten) kept.push(candidate);
  });
  return kept.sort((a, b) => a.value.localeCompare(b.value) || JSON.stringify(a.version).localeCompare(JSON.stringify(b.version)));
}

/** True when two version lists hold the same versions. */
export function sameVersions(a: readonly StoredVersion[], b: readonly StoredVersion[]): boolean {
  return JSON.stringify(a.map((v) => v.version)) === JSON.stringify(b.map((v) => v.version));
}

/** The context a read hands to the client: the merge of every version it saw. */
export function contextOf(versions: readonly StoredVersion[], versioning: Versioning): Json {
  if (versioning === "lww") return versions.length === 0 ? null : versions.reduce((a, b) => (supersededBy(a.version, b.version, "lww") ? b : a)).version;
  const merged: VectorClock = {};
  for (const { version } of versions) {
    for (const [node, counter] of Object.entries(version as VectorClock)) merged[node] = Math.max(merged[node] ?? 0, counter);
  }
  return merged;
}

/** A version newer than `context`, issued by `node` with its private, ever-growing `counter`. */
export function nextVersion(context: Json, node: string, counter: number, versioning: Versioning): Json {
  if (versioning === "lww") return { t: Math.max(counter, ((context as LwwStamp | null)?.t ?? 0) + 1), node };
  const clock: VectorClock = { ...((context as VectorClock | null) ?? {}) };
  clock[node] = Math.max(counter, (clock[node] ?? 0) + 1);
  return clock;
}
