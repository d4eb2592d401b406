/** Week 0, visible tests: the examples from the contract in exercises/week0/quorum.ts. */
import { checkEqual, type GradedTest } from "../../api";
import { checkMajorityGroup, maxFailuresOf, quorumSizeOf } from "./quorum-helpers";

export const tests: GradedTest[] = [
  {
    name: "quorum-examples",
    points: 2,
    visibility: "visible",
    description: "quorumSize gives a strict majority for the sizes in the contract (5, 4, 1)",
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
    rules: ["majority-group"],
    run(ctx) {
      checkMajorityGroup(ctx, 5, [["n1", "n2"], ["n3", "n4", "n5"]], 1);
    },
  },
];
