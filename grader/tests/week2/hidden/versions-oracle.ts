/** The version rules computed independently of the learner's code: the answer, so hidden. */
import type { StoredVersion } from "../../../../src/contracts/kv";
import type { Json } from "../../../../src/contracts/node";
import type { TestContext } from "../../../api";
import type { Clock, Stamp } from "../versions-helpers";

export function clockLeq(a: Clock, b: Clock): boolean {
  return Object.keys(a).every((node) => a[node] <= (b[node] ?? 0));
}

export function stampLeq(a: Stamp, b: Stamp): boolean {
  return a.t < b.t || (a.t === b.t && a.node <= b.node);
}

/** A random clock over n1..n4; some entries missing, some zero. */
export function randomClock(ctx: TestContext): Clock {
  const clock: Clock = {};
  for (const node of ["n1", "n2", "n3", "n4"]) {
    const roll = ctx.rng.int(0, 5);
    if (roll > 0) clock[node] = roll - 1;
  }
  return clock;
}

/** The maximal versions of a list, each once, sorted as the contract says. */
export function maximal(versions: StoredVersion[], leq: (a: Json, b: Json) => boolean): StoredVersion[] {
  const unique = versions.filter((v, i) => versions.findIndex((w) => JSON.stringify(w.version) === JSON.stringify(v.version)) === i);
  const kept = unique.filter((v) => !unique.some((w) => w !== v && leq(v.version, w.version)));
  return kept.sort((a, b) => a.value.localeCompare(b.value) || JSON.stringify(a.version).localeCompare(JSON.stringify(b.version)));
}
