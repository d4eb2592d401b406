/** Week 0, hidden tests: every cluster size, bad input, and random partitions. */
import { check, checkEqual, checkThrows, says, type GradedTest } from "../../api";
import { checkMajorityGroup, majorityGroupOf, maxFailuresOf, quorumSizeOf } from "./quorum-helpers";

const SIZES = Array.from({ length: 101 }, (_, i) => i + 1);
/** Cluster sizes no cluster can have: every function of the contract refuses them with a RangeError. */
const BAD_SIZES = [0, -3, 2.5, Number.NaN, Number.POSITIVE_INFINITY];

function checkRangeError(call: () => unknown, what: string): void {
  const error = checkThrows(call, what);
  check(error instanceof RangeError, () => says({ en: `${what} threw ${String(error)}, expected a RangeError`, ko: `${what}에서 ${String(error)} 예외가 발생했습니다. 기대한 예외는 RangeError입니다` }));
}

export const tests: GradedTest[] = [
  {
    name: "quorum-every-size",
    points: 3,
    visibility: "hidden",
    description: "quorumSize(n) is the smallest q with 2q > n, for every n from 1 to 101",
    descriptionIn: { ko: "1부터 101까지 모든 n에서 quorumSize(n)은 2q > n을 만족하는 가장 작은 q다" },
    rules: ["quorum-size"],
    run(ctx) {
      const quorumSize = quorumSizeOf(ctx);
      for (const n of SIZES) checkEqual(quorumSize(n), Math.floor(n / 2) + 1, `quorumSize(${n})`);
    },
  },
  {
    name: "quorum-rejects-bad-sizes",
    points: 2,
    visibility: "hidden",
    description: "quorumSize throws a RangeError for 0, negative, fractional and non-numeric sizes",
    descriptionIn: { ko: "quorumSize는 0, 음수, 소수, 숫자가 아닌 크기에 RangeError를 던진다" },
    rules: ["bad-sizes-rejected"],
    run(ctx) {
      const quorumSize = quorumSizeOf(ctx);
      for (const bad of BAD_SIZES) checkRangeError(() => quorumSize(bad), `quorumSize(${bad})`);
    },
  },
  {
    name: "failures-and-groups-reject-bad-sizes",
    points: 2,
    visibility: "hidden",
    description: "maxFailures and majorityGroup throw a RangeError for 0, negative, fractional and non-numeric sizes, as quorumSize does",
    descriptionIn: { ko: "maxFailures와 majorityGroup도 quorumSize처럼 0, 음수, 소수, 숫자가 아닌 크기에 RangeError를 던진다" },
    run(ctx) {
      const maxFailures = maxFailuresOf(ctx);
      const majorityGroup = majorityGroupOf(ctx);
      for (const bad of BAD_SIZES) {
        checkRangeError(() => maxFailures(bad), `maxFailures(${bad})`);
        checkRangeError(() => majorityGroup(bad, [["n1"]]), `majorityGroup(${bad}, "1")`);
      }
    },
  },
  {
    name: "failures-every-size",
    points: 3,
    visibility: "hidden",
    description: "maxFailures(n) leaves a majority alive, and one more failure would not, for every n from 1 to 101",
    descriptionIn: { ko: "1부터 101까지 모든 n에서 maxFailures(n)개가 고장 나도 과반수가 살아 있고, 하나 더 고장 나면 그렇지 않다" },
    rules: ["max-failures"],
    run(ctx) {
      const maxFailures = maxFailuresOf(ctx);
      for (const n of SIZES) checkEqual(maxFailures(n), n - (Math.floor(n / 2) + 1), `maxFailures(${n})`);
    },
  },
  {
    name: "random-partitions",
    points: 4,
    visibility: "hidden",
    description: "majorityGroup on random partitions of random clusters: the majority side's index, or -1 when no side has a majority",
    descriptionIn: { ko: "무작위 클러스터의 무작위 분할에서 majorityGroup: 과반수 쪽의 인덱스, 어느 쪽도 과반수가 아니면 -1" },
    seeds: 10,
    rules: ["majority-group", "no-majority"],
    run(ctx) {
      for (let round = 0; round < 50; round++) {
        const size = ctx.rng.int(1, 9);
        const servers = Array.from({ length: size }, (_, i) => `n${i + 1}`);
        const groupCount = ctx.rng.int(1, Math.min(4, size));
        const groups: string[][] = Array.from({ length: groupCount }, () => []);
        for (const id of ctx.rng.shuffle(servers)) groups[ctx.rng.int(0, groupCount - 1)].push(id);
        const nonEmpty = groups.filter((group) => group.length > 0);
        checkMajorityGroup(ctx, size, nonEmpty, nonEmpty.findIndex((group) => group.length > size / 2));
      }
    },
  },
  {
    name: "even-split-has-no-majority",
    points: 2,
    visibility: "hidden",
    description: "an even split (2|2, 3|3) has no majority on either side",
    descriptionIn: { ko: "균등 분할(2|2, 3|3)에서는 어느 쪽도 과반수가 아니다" },
    rules: ["no-majority"],
    run(ctx) {
      checkMajorityGroup(ctx, 4, [["n1", "n2"], ["n3", "n4"]], -1);
      checkMajorityGroup(ctx, 6, [["n1", "n2", "n3"], ["n4", "n5", "n6"]], -1);
      checkMajorityGroup(ctx, 5, [["n1", "n2"], ["n3", "n4"], ["n5"]], -1);
      checkMajorityGroup(ctx, 3, [], -1);
    },
  },
  {
    name: "majority-in-any-position",
    points: 2,
    visibility: "hidden",
    description: "majorityGroup finds a majority of exactly quorumSize servers wherever it is listed: first, middle or last group, or one group holding every server",
    descriptionIn: { ko: "majorityGroup은 정확히 quorumSize개의 서버로 된 과반수를 목록의 어디에 있든 찾는다: 첫 그룹, 가운데 그룹, 마지막 그룹, 또는 모든 서버를 가진 한 그룹" },
    rules: ["majority-group"],
    run(ctx) {
      checkMajorityGroup(ctx, 4, [["n1", "n2", "n4"], ["n3"]], 0);
      checkMajorityGroup(ctx, 7, [["n1"], ["n2", "n3", "n4", "n5"], ["n6", "n7"]], 1);
      checkMajorityGroup(ctx, 6, [["n1"], ["n2", "n3", "n4", "n5"]], 1);
      checkMajorityGroup(ctx, 2, [["n2", "n1"]], 0);
      checkMajorityGroup(ctx, 1, [["n1"]], 0);
    },
  },
  {
    name: "majority-counts-the-whole-cluster",
    points: 2,
    visibility: "hidden",
    description: "a majority is counted against the whole cluster, not against the servers listed: crashed servers are in no group, yet they still count",
    descriptionIn: { ko: "과반수는 나열된 서버가 아니라 클러스터 전체를 기준으로 센다: 멈춘 서버는 어느 그룹에도 없지만 여전히 수에 들어간다" },
    rules: ["majority-of-the-cluster"],
    run(ctx) {
      // n4 and n5 crashed: the groups hold 3 of 5 servers, and 2 of 5 is no majority.
      checkMajorityGroup(ctx, 5, [["n1", "n2"], ["n3"]], -1);
      checkMajorityGroup(ctx, 5, [["n1", "n2", "n3"]], 0);
      checkMajorityGroup(ctx, 4, [["n1", "n2"]], -1);
    },
  },
];
