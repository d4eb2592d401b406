/** Week 2, versions: visible tests (the contract's rules on hand-made examples). */
import { checkEqual, type GradedTest } from "../../api";
import { mergeVersionsOf, supersededByOf } from "./versions-helpers";

export const tests: GradedTest[] = [
  {
    name: "lww-order",
    points: 1,
    visibility: "visible",
    description: "a last-writer-wins stamp is superseded by a higher t, or the same t and a larger node name",
    descriptionIn: { ko: "last-writer-wins 스탬프는 t가 더 큰 스탬프, 또는 t가 같고 node 이름이 더 큰 스탬프로 대체된다" },
    rules: ["lww-order"],
    run(ctx) {
      const supersededBy = supersededByOf(ctx);
      checkEqual(supersededBy({ t: 3, node: "n2" }, { t: 5, node: "n1" }, "lww"), true, 'supersededBy({t:3,node:"n2"}, {t:5,node:"n1"}, "lww")');
      checkEqual(supersededBy({ t: 5, node: "n2" }, { t: 5, node: "n1" }, "lww"), false, 'supersededBy({t:5,node:"n2"}, {t:5,node:"n1"}, "lww")');
    },
  },
  {
    name: "vector-order",
    points: 2,
    visibility: "visible",
    description: "a vector clock is superseded when every entry is <= (missing entries are 0); otherwise the clocks may be concurrent",
    descriptionIn: { ko: "벡터 시계는 모든 항목이 상대 항목 이하일 때 대체된다(없는 항목은 0). 그렇지 않으면 두 시계는 동시적일 수 있다" },
    rules: ["vector-order"],
    run(ctx) {
      const supersededBy = supersededByOf(ctx);
      checkEqual(supersededBy({ n1: 1 }, { n1: 2, n2: 1 }, "vector"), true, "supersededBy({n1:1}, {n1:2,n2:1})");
      checkEqual(supersededBy({ n1: 2 }, { n2: 1 }, "vector"), false, "supersededBy({n1:2}, {n2:1})");
      checkEqual(supersededBy({ n2: 1 }, { n1: 2 }, "vector"), false, "supersededBy({n2:1}, {n1:2})");
      checkEqual(supersededBy({ n1: 0 }, {}, "vector"), true, "supersededBy({n1:0}, {})");
    },
  },
  {
    name: "siblings",
    points: 2,
    visibility: "visible",
    description: "merging two concurrent vector-clock versions keeps both (siblings), sorted by value",
    descriptionIn: { ko: "동시적인 벡터 시계 버전 둘을 병합하면 둘 다 sibling으로 남고, 값 순서로 정렬된다" },
    rules: ["merge-keeps-concurrent", "merge-sorted"],
    run(ctx) {
      const merged = mergeVersionsOf(ctx)([{ value: "milk", version: { n1: 1 } }], [{ value: "eggs", version: { n2: 1 } }], "vector");
      checkEqual(merged, [{ value: "eggs", version: { n2: 1 } }, { value: "milk", version: { n1: 1 } }], "mergeVersions([milk@{n1:1}], [eggs@{n2:1}])");
    },
  },
];
