/**
 * Week 2, exercise 3: versions for the replicated store (section 14.3, "vector clocks").
 * exercises/week2/kv-store.ts uses these; the grader also tests them on their own.
 *
 * Every value a replica stores carries a version. A key's state on a replica is a list of
 * versions none of which supersedes another:
 *   - last-writer-wins ("lww"): a version is a stamp { t, node }; higher t wins, ties go to the
 *     larger node name. Exactly one version survives, and concurrent writes lose silently.
 *   - vector clocks ("vector"): a version is { [node]: counter } (a missing entry is 0).
 *     a is superseded by b when every entry of a is <= b's. Versions neither of which
 *     supersedes the other are concurrent and BOTH are kept: siblings, which a read returns
 *     together so the client can merge them (Dynamo's shopping cart).
 *
 * The chapter's DistributedKV.Get returns "the most common value" instead. With two stale
 * replicas and one fresh one, the stale value wins the vote: versions are the cure.
 */
import type { Json } from "../../src/contracts/node";
import type { StoredVersion } from "../../src/contracts/kv";
import { notImplemented } from "../../src/contracts/not-implemented";

const FILE = "exercises/week2/versions.ts";

export type VectorClock = { [node: string]: number };
export type LwwStamp = { t: number; node: string };
export type Versioning = "vector" | "lww";

/**
 * True when version `a` is superseded by `b`: b happened after a, or they are equal.
 *   lww:    a.t < b.t, or a.t === b.t and a.node <= b.node
 *   vector: every entry of a is <= the same entry of b (missing entries count as 0)
 */
export function supersededBy(a: Json, b: Json, versioning: Versioning): boolean {
  return notImplemented("supersededBy", FILE);
}

/**
 * The versions of `current` and `incoming` together, without any version that another one
 * supersedes; equal versions appear once. Sort the result by value, then by JSON.stringify of
 * the version, so equal states compare equal.
 */
export function mergeVersions(current: readonly StoredVersion[], incoming: readonly StoredVersion[], versioning: Versioning): StoredVersion[] {
  return notImplemented("mergeVersions", FILE);
}

/** True when two version lists (as mergeVersions returns them) hold the same versions. */
export function sameVersions(a: readonly StoredVersion[], b: readonly StoredVersion[]): boolean {
  return notImplemented("sameVersions", FILE);
}

/**
 * The context a read hands to the client: for vector clocks the entry-wise maximum of every
 * version read ({} when there were none); for lww the largest stamp (null when none).
 */
export function contextOf(versions: readonly StoredVersion[], versioning: Versioning): Json {
  return notImplemented("contextOf", FILE);
}

/**
 * A new version, issued by coordinator `node`, that supersedes `context` (what the writer had
 * read; null when it read nothing). `counter` is the coordinator's own ever-growing counter
 * (persisted, so it never repeats). lww: { t: max(counter, context.t + 1), node }.
 * vector: a copy of the context with entry `node` set to max(counter, its old value + 1).
 */
export function nextVersion(context: Json, node: string, counter: number, versioning: Versioning): Json {
  return notImplemented("nextVersion", FILE);
}
