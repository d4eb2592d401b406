/** Week 2, versions: hidden tests over random clocks and stamps. */
import type { StoredVersion } from "../../../src/contracts/kv";
import { check, checkEqual, type GradedTest } from "../../api";
import { clockLeq, maximal, randomClock, stampLeq } from "./hidden/versions-oracle";
import { contextOfOf, mergeVersionsOf, nextVersionOf, sameVersionsOf, supersededByOf, type Clock, type Stamp } from "./versions-helpers";

export const tests: GradedTest[] = [
  {
    name: "vector-order-random",
    points: 3,
    visibility: "hidden",
    description: "supersededBy agrees with the vector clock order on 500 random pairs (missing entries count as 0)",
    seeds: 5,
    run(ctx) {
      const supersededBy = supersededByOf(ctx);
      for (let i = 0; i < 500; i++) {
        const a = randomClock(ctx);
        const b = randomClock(ctx);
        checkEqual(supersededBy(a, b, "vector"), clockLeq(a, b), `supersededBy(${JSON.stringify(a)}, ${JSON.stringify(b)}, "vector")`);
      }
    },
  },
  {
    name: "lww-order-random",
    points: 2,
    visibility: "hidden",
    description: "supersededBy agrees with the last-writer-wins order on 500 random pairs of stamps",
    seeds: 5,
    run(ctx) {
      const supersededBy = supersededByOf(ctx);
      for (let i = 0; i < 500; i++) {
        const a: Stamp = { t: ctx.rng.int(0, 4), node: ctx.rng.pick(["n1", "n2", "n3"]) };
        const b: Stamp = { t: ctx.rng.int(0, 4), node: ctx.rng.pick(["n1", "n2", "n3"]) };
        checkEqual(supersededBy(a, b, "lww"), stampLeq(a, b), `supersededBy(${JSON.stringify(a)}, ${JSON.stringify(b)}, "lww")`);
      }
    },
  },
  {
    name: "merge-keeps-every-concurrent-write",
    points: 4,
    visibility: "hidden",
    description: "mergeVersions keeps exactly the versions no other supersedes, each once: no concurrent write is silently lost",
    seeds: 10,
    run(ctx) {
      const merge = mergeVersionsOf(ctx);
      for (let round = 0; round < 100; round++) {
        const make = (): StoredVersion[] => Array.from({ length: ctx.rng.int(0, 3) }, () => ({ value: `v${ctx.rng.int(0, 20)}`, version: randomClock(ctx) }));
        const current = maximal(make(), (a, b) => clockLeq(a as Clock, b as Clock));
        const incoming = maximal(make(), (a, b) => clockLeq(a as Clock, b as Clock));
        const expected = maximal([...current, ...incoming], (a, b) => clockLeq(a as Clock, b as Clock));
        const merged = merge(current, incoming, "vector");
        const lost = expected.filter((v) => !merged.some((m) => JSON.stringify(m.version) === JSON.stringify(v.version)));
        check(lost.length === 0, () => `mergeVersions(${JSON.stringify(current)}, ${JSON.stringify(incoming)}) silently lost the concurrent write ${JSON.stringify(lost[0])}`);
        checkEqual(merged, expected, `mergeVersions(${JSON.stringify(current)}, ${JSON.stringify(incoming)}, "vector")`);
      }
    },
  },
  {
    name: "merge-lww-keeps-the-newest",
    points: 2,
    visibility: "hidden",
    description: "under last-writer-wins, merging keeps exactly one version: the newest stamp",
    seeds: 5,
    run(ctx) {
      const merge = mergeVersionsOf(ctx);
      for (let round = 0; round < 100; round++) {
        const stamp = (): Stamp => ({ t: ctx.rng.int(0, 9), node: ctx.rng.pick(["n1", "n2", "n3"]) });
        const a = [{ value: `a${round}`, version: stamp() }];
        let other = stamp();
        while (other.t === a[0].version.t && other.node === a[0].version.node) other = stamp(); // one stamp, one write
        const b = [{ value: `b${round}`, version: other }];
        const expected = stampLeq(a[0].version, b[0].version) ? b : a;
        checkEqual(merge(a, b, "lww"), expected, `mergeVersions(${JSON.stringify(a)}, ${JSON.stringify(b)}, "lww")`);
      }
    },
  },
  {
    name: "new-versions-supersede-their-context",
    points: 3,
    visibility: "hidden",
    description: "nextVersion(context, node, counter) supersedes the context (and the context does not supersede it), under both schemes",
    seeds: 5,
    run(ctx) {
      const next = nextVersionOf(ctx);
      for (let round = 0; round < 200; round++) {
        const context = randomClock(ctx);
        const node = ctx.rng.pick(["n1", "n2", "n3", "n4"]);
        const counter = ctx.rng.int(0, 6);
        const version = next(context, node, counter, "vector") as Clock;
        check(clockLeq(context, version) && !clockLeq(version, context), () => `nextVersion(${JSON.stringify(context)}, "${node}", ${counter}, "vector") returned ${JSON.stringify(version)}, which does not supersede the context`);
        const stamp = { t: ctx.rng.int(0, 6), node: ctx.rng.pick(["n1", "n2"]) };
        const newer = next(stamp, node, counter, "lww") as Stamp;
        check(!stampLeq(newer, stamp), () => `nextVersion(${JSON.stringify(stamp)}, "${node}", ${counter}, "lww") returned ${JSON.stringify(newer)}, which does not supersede the context`);
      }
      checkEqual(next(null, "n2", 4, "lww"), { t: 4, node: "n2" }, 'nextVersion(null, "n2", 4, "lww")');
    },
  },
  {
    name: "context-and-equality",
    points: 2,
    visibility: "hidden",
    description: "contextOf merges what a read saw (entry-wise maximum, or the newest stamp); sameVersions compares version lists",
    run(ctx) {
      const contextOf = contextOfOf(ctx);
      const same = sameVersionsOf(ctx);
      checkEqual(contextOf([{ value: "a", version: { n1: 2 } }, { value: "b", version: { n2: 1, n1: 1 } }], "vector"), { n1: 2, n2: 1 }, "contextOf of siblings {n1:2} and {n1:1,n2:1}");
      checkEqual(contextOf([], "vector"), {}, "contextOf([], \"vector\")");
      checkEqual(contextOf([{ value: "a", version: { t: 2, node: "n1" } }, { value: "b", version: { t: 3, node: "n1" } }], "lww"), { t: 3, node: "n1" }, "contextOf of two stamps");
      checkEqual(contextOf([], "lww"), null, 'contextOf([], "lww")');
      checkEqual(same([{ value: "a", version: { n1: 1 } }], [{ value: "a", version: { n1: 1 } }]), true, "sameVersions of equal lists");
      checkEqual(same([{ value: "a", version: { n1: 1 } }], [{ value: "a", version: { n1: 2 } }]), false, "sameVersions of different lists");
    },
  },
];
