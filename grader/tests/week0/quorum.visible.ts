/** Week 0, visible tests: the examples from the contract in exercises/week0/quorum.ts. */
import { checkEqual, type GradedTest } from "../../api";
import { checkMajorityGroup, maxFailuresOf, quorumSizeOf } from "./quorum-helpers";

export const tests: GradedTest[] = [
  {
    name: "quorum-examples",
    points: 2,
    visibility: "visible",
    description: "quorumSize gives a strict majority for the sizes in the contract (5, 4, 1)",
    descriptionIn: { ko: "quorumSize가 계약에 나온 크기(5, 4, 1)에서 엄격한 과반수를 돌려준다" },
    rules: ["quorum-size"],
    run(ctx) {
      const quorumSize = quorumSizeOf(ctx);
      checkEqual(quorumSize(5), 3, "quorumSize(5)");
      checkEqual(quorumSize(4), 3, "quorumSize(4)");
      checkEqual(quorumSize(1), 1, "quorumSize(1)");
    },
  },
  {
    name: "failure-examples",
    points: 2,
    visibility: "visible",
    description: "maxFailures for the sizes in the contract (5, 4)",
    descriptionIn: { ko: "계약에 나온 크기(5, 4)에서의 maxFailures" },
    rules: ["max-failures"],
    run(ctx) {
      const maxFailures = maxFailuresOf(ctx);
      checkEqual(maxFailures(5), 2, "maxFailures(5)");
      checkEqual(maxFailures(4), 1, "maxFailures(4)");
    },
  },
  {
    name: "chapter-partition",
    points: 2,
    visibility: "visible",
    description: "majorityGroup finds the majority side of the chapter's partition 1,2|3,4,5",
    descriptionIn: { ko: "majorityGroup이 장에 나온 분할 1,2|3,4,5에서 과반수 쪽을 찾는다" },
    rules: ["majority-group"],
    run(ctx) {
      checkMajorityGroup(ctx, 5, [["n1", "n2"], ["n3", "n4", "n5"]], 1);
    },
  },
];
