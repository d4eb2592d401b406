/** Week 2, versions: hidden tests over random clocks and stamps. */
import type { StoredVersion } from "../../../src/contracts/kv";
import { check, checkEqual, says, type GradedTest } from "../../api";
import { clockLeq, maximal, randomClock, stampLeq } from "./hidden/versions-oracle";
import { contextOfOf, mergeVersionsOf, nextVersionOf, sameVersionsOf, supersededByOf, type Clock, type Stamp } from "./versions-helpers";

/** No two versions are equal by the order yet written differently (other value, or other JSON). */
function unambiguous(versions: StoredVersion[]): boolean {
  return versions.every((a, i) =>
    versions.every((b, j) => j <= i || !(clockLeq(a.version as Clock, b.version as Clock) && clockLeq(b.version as Clock, a.version as Clock)) || (a.value === b.value && JSON.stringify(a.version) === JSON.stringify(b.version))),
  );
}

export const tests: GradedTest[] = [
  {
    name: "vector-order-random",
    points: 3,
    visibility: "hidden",
    description: "supersededBy agrees with the vector clock order on 500 random pairs (missing entries count as 0)",
    descriptionIn: { ko: "무작위 쌍 500개에서 supersededBy가 벡터 시계의 순서와 일치한다(없는 항목은 0으로 센다)" },
    seeds: 5,
    rules: ["vector-order"],
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
    descriptionIn: { ko: "무작위 스탬프 쌍 500개에서 supersededBy가 last-writer-wins 순서와 일치한다" },
    seeds: 5,
    rules: ["lww-order"],
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
    descriptionIn: { ko: "mergeVersions는 다른 어떤 버전으로도 대체되지 않는 버전만 한 번씩 남긴다: 동시 쓰기가 소리 없이 사라지지 않는다" },
    seeds: 10,
    rules: ["merge-keeps-concurrent", "merge-drops-superseded", "merge-once"],
    run(ctx) {
      const merge = mergeVersionsOf(ctx);
      for (let round = 0; round < 100; round++) {
        const make = (): StoredVersion[] => Array.from({ length: ctx.rng.int(0, 3) }, () => ({ value: `v${ctx.rng.int(0, 20)}`, version: randomClock(ctx) }));
        const current = maximal(make(), (a, b) => clockLeq(a as Clock, b as Clock));
        const incoming = maximal(make(), (a, b) => clockLeq(a as Clock, b as Clock));
        // Two writes with equal clocks ({n1:0,n2:1} and {n2:1}) but different values or
        // spellings: the contract does not say which one survives, so such a draw asks nothing.
        if (!unambiguous([...current, ...incoming])) continue;
        const expected = maximal([...current, ...incoming], (a, b) => clockLeq(a as Clock, b as Clock));
        const merged = merge(current, incoming, "vector");
        const lost = expected.filter((v) => !merged.some((m) => JSON.stringify(m.version) === JSON.stringify(v.version)));
        check(lost.length === 0, () => says({ en: `mergeVersions(${JSON.stringify(current)}, ${JSON.stringify(incoming)}) silently lost the concurrent write ${JSON.stringify(lost[0])}`, ko: `mergeVersions(${JSON.stringify(current)}, ${JSON.stringify(incoming)})의 결과에서 동시 쓰기 하나가 소리 없이 사라졌습니다: ${JSON.stringify(lost[0])}` }));
        checkEqual(merged, expected, `mergeVersions(${JSON.stringify(current)}, ${JSON.stringify(incoming)}, "vector")`);
      }
    },
  },
  {
    name: "merge-lww-keeps-the-newest",
    points: 2,
    visibility: "hidden",
    description: "under last-writer-wins, merging keeps exactly one version: the newest stamp",
    descriptionIn: { ko: "last-writer-wins에서 병합하면 정확히 한 버전, 가장 새로운 스탬프의 버전만 남는다" },
    seeds: 5,
    rules: ["lww-one-survivor"],
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
    descriptionIn: { ko: "두 방식 모두에서 nextVersion(context, node, counter)는 context를 대체한다(그리고 context는 새 버전을 대체하지 않는다)" },
    seeds: 5,
    rules: ["next-version"],
    run(ctx) {
      const next = nextVersionOf(ctx);
      for (let round = 0; round < 200; round++) {
        const context = randomClock(ctx);
        const node = ctx.rng.pick(["n1", "n2", "n3", "n4"]);
        const counter = ctx.rng.int(0, 6);
        const version = next(context, node, counter, "vector") as Clock;
        check(clockLeq(context, version) && !clockLeq(version, context), () => says({ en: `nextVersion(${JSON.stringify(context)}, "${node}", ${counter}, "vector") returned ${JSON.stringify(version)}, which does not supersede the context`, ko: `nextVersion(${JSON.stringify(context)}, "${node}", ${counter}, "vector")의 반환값이 ${JSON.stringify(version)}입니다. 이 버전은 context를 대체하지 않습니다` }));
        const stamp = { t: ctx.rng.int(0, 6), node: ctx.rng.pick(["n1", "n2"]) };
        const newer = next(stamp, node, counter, "lww") as Stamp;
        check(!stampLeq(newer, stamp), () => says({ en: `nextVersion(${JSON.stringify(stamp)}, "${node}", ${counter}, "lww") returned ${JSON.stringify(newer)}, which does not supersede the context`, ko: `nextVersion(${JSON.stringify(stamp)}, "${node}", ${counter}, "lww")의 반환값이 ${JSON.stringify(newer)}입니다. 이 버전은 context를 대체하지 않습니다` }));
      }
      checkEqual(next(null, "n2", 4, "lww"), { t: 4, node: "n2" }, 'nextVersion(null, "n2", 4, "lww")');
    },
  },
  {
    name: "context-and-equality",
    points: 2,
    visibility: "hidden",
    description: "contextOf merges what a read saw (entry-wise maximum, or the newest stamp); sameVersions compares version lists",
    descriptionIn: { ko: "contextOf는 읽기가 본 것을 병합하고(항목별 최댓값, 또는 가장 새로운 스탬프), sameVersions는 버전 목록을 비교한다" },
    rules: ["context-of", "same-versions"],
    run(ctx) {
      const contextOf = contextOfOf(ctx);
      const same = sameVersionsOf(ctx);
      checkEqual(contextOf([{ value: "a", version: { n1: 2 } }, { value: "b", version: { n2: 1, n1: 1 } }], "vector"), { n1: 2, n2: 1 }, says({ en: "contextOf of siblings {n1:2} and {n1:1,n2:1}", ko: "sibling {n1:2}, {n1:1,n2:1}의 contextOf" }));
      checkEqual(contextOf([], "vector"), {}, "contextOf([], \"vector\")");
      checkEqual(contextOf([{ value: "a", version: { t: 2, node: "n1" } }, { value: "b", version: { t: 3, node: "n1" } }], "lww"), { t: 3, node: "n1" }, says({ en: "contextOf of two stamps", ko: "스탬프 두 개의 contextOf" }));
      checkEqual(contextOf([], "lww"), null, 'contextOf([], "lww")');
      checkEqual(same([{ value: "a", version: { n1: 1 } }], [{ value: "a", version: { n1: 1 } }]), true, says({ en: "sameVersions of equal lists", ko: "같은 목록 둘의 sameVersions" }));
      checkEqual(same([{ value: "a", version: { n1: 1 } }], [{ value: "a", version: { n1: 2 } }]), false, says({ en: "sameVersions of different lists", ko: "서로 다른 목록 둘의 sameVersions" }));
    },
  },
  {
    name: "next-version-exact",
    points: 2,
    visibility: "hidden",
    description: "nextVersion follows its formula exactly: the writer's entry (or t) is max(counter, the context's + 1), other entries are copied, and the context passed in is left unchanged",
    descriptionIn: { ko: "nextVersion은 공식을 정확히 따른다: 쓰는 노드의 항목(또는 t)은 max(counter, context의 값 + 1)이고, 다른 항목은 그대로 복사하며, 넘겨받은 context는 바꾸지 않는다" },
    rules: ["next-version"],
    run(ctx) {
      const next = nextVersionOf(ctx);
      const cases: [Clock | Stamp | null, string, number, "vector" | "lww", Clock | Stamp][] = [
        [{ n1: 2, n2: 5 }, "n2", 3, "vector", { n1: 2, n2: 6 }],
        [{ n1: 2 }, "n2", 7, "vector", { n1: 2, n2: 7 }],
        [{ n1: 4 }, "n1", 9, "vector", { n1: 9 }],
        [{ n1: 4 }, "n1", 4, "vector", { n1: 5 }],
        [null, "n3", 1, "vector", { n3: 1 }],
        [{}, "n3", 6, "vector", { n3: 6 }],
        [{ t: 5, node: "n9" }, "n1", 3, "lww", { t: 6, node: "n1" }],
        [{ t: 2, node: "n1" }, "n2", 9, "lww", { t: 9, node: "n2" }],
        [null, "n2", 4, "lww", { t: 4, node: "n2" }],
      ];
      for (const [context, node, counter, versioning, expected] of cases) {
        const before = JSON.stringify(context);
        const copy = context === null ? null : JSON.parse(before);
        checkEqual(next(copy, node, counter, versioning), expected, `nextVersion(${before}, "${node}", ${counter}, "${versioning}")`);
        checkEqual(JSON.stringify(copy), before, says({ en: `the context after nextVersion(${before}, "${node}", ${counter}, "${versioning}") (it belongs to the caller: copy it)`, ko: `nextVersion(${before}, "${node}", ${counter}, "${versioning}") 호출 뒤의 context (호출한 쪽의 것이므로 복사해서 쓰세요)` }));
      }
    },
  },
  {
    name: "order-edge-cases",
    points: 2,
    visibility: "hidden",
    description: "supersededBy on the edge cases: equal versions supersede each other, empty clocks and zero entries, a tie on t decided by plain string order of node names",
    descriptionIn: { ko: "경계 사례에서의 supersededBy: 같은 버전은 서로를 대체하고, 빈 시계와 0인 항목을 다루며, t가 같으면 node 이름의 단순 문자열 순서로 정한다" },
    rules: ["vector-order", "lww-order"],
    run(ctx) {
      const supersededBy = supersededByOf(ctx);
      const cases: [Clock | Stamp, Clock | Stamp, "vector" | "lww", boolean][] = [
        [{ n1: 2, n2: 1 }, { n2: 1, n1: 2 }, "vector", true],
        [{}, {}, "vector", true],
        [{}, { n1: 1 }, "vector", true],
        [{ n1: 1 }, {}, "vector", false],
        [{ n1: 0, n2: 0 }, {}, "vector", true],
        [{ n1: 1, n2: 3 }, { n1: 2, n2: 2 }, "vector", false],
        [{ n1: 1 }, { n1: 1, n2: 0 }, "vector", true],
        [{ t: 4, node: "n1" }, { t: 4, node: "n1" }, "lww", true],
        [{ t: 1, node: "n9" }, { t: 1, node: "n10" }, "lww", false],
        [{ t: 1, node: "n10" }, { t: 1, node: "n9" }, "lww", true],
        [{ t: 9, node: "n1" }, { t: 10, node: "n0" }, "lww", true],
      ];
      for (const [a, b, versioning, expected] of cases) checkEqual(supersededBy(a, b, versioning), expected, `supersededBy(${JSON.stringify(a)}, ${JSON.stringify(b)}, "${versioning}")`);
    },
  },
  {
    name: "merge-edge-cases",
    points: 2,
    visibility: "hidden",
    description: "mergeVersions when a replica receives what it already holds (kept once, never dropped), when one write supersedes one of two siblings, when both sides are empty, and with equal values sorted by version",
    descriptionIn: { ko: "replica가 이미 가진 것을 받을 때(한 번만 남고 버려지지 않음), 한 쓰기가 sibling 둘 중 하나를 대체할 때, 양쪽이 모두 비었을 때, 값이 같아 버전 순으로 정렬할 때의 mergeVersions" },
    rules: ["merge-once", "merge-drops-superseded", "merge-sorted"],
    run(ctx) {
      const merge = mergeVersionsOf(ctx);
      const milk = { value: "milk", version: { n1: 1 } };
      const eggs = { value: "eggs", version: { n2: 1 } };
      const both = { value: "eggs+milk", version: { n1: 1, n2: 1 } };
      checkEqual(merge([milk], [{ ...milk }], "vector"), [milk], says({ en: "mergeVersions([milk@{n1:1}], [milk@{n1:1}]) (the same version twice)", ko: "mergeVersions([milk@{n1:1}], [milk@{n1:1}]) (같은 버전이 두 번)" }));
      checkEqual(merge([eggs, milk], [eggs, milk], "vector"), [eggs, milk], says({ en: "mergeVersions of the same two siblings on both sides", ko: "양쪽에 같은 sibling 둘이 있을 때의 mergeVersions" }));
      const stamp = { value: "v", version: { t: 3, node: "n2" } };
      checkEqual(merge([stamp], [{ ...stamp }], "lww"), [stamp], says({ en: 'mergeVersions([v@{t:3,node:"n2"}], the same, "lww")', ko: 'mergeVersions([v@{t:3,node:"n2"}], 같은 것, "lww")' }));
      checkEqual(merge([], [], "vector"), [], "mergeVersions([], [])");
      const newerMilk = { value: "oat milk", version: { n1: 2 } };
      checkEqual(merge([eggs, milk], [newerMilk], "vector"), [eggs, newerMilk], "mergeVersions([eggs@{n2:1}, milk@{n1:1}], [oat milk@{n1:2}])");
      checkEqual(merge([eggs, milk], [both], "vector"), [both], says({ en: "mergeVersions of two siblings with a version that supersedes both", ko: "sibling 둘과 그 둘을 모두 대체하는 버전의 mergeVersions" }));
      const x1 = { value: "x", version: { n2: 1 } };
      const x2 = { value: "x", version: { n1: 1 } };
      checkEqual(merge([x1], [x2], "vector"), [x2, x1], says({ en: 'mergeVersions of two concurrent versions of the same value "x" (sorted by JSON of the version)', ko: '값이 "x"로 같은 동시적 버전 둘의 mergeVersions (버전의 JSON 순으로 정렬)' }));
    },
  },
];
