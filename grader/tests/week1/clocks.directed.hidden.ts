/**
 * Week 1, clocks, hidden: directed tests. Each calls one rule of the contract
 * (src/contracts/clocks.ts) on the small cases that tell a right clock from every near miss
 * (the remote ahead, behind, equal; an entry missing on either side; each branch of the hybrid
 * clock's receive), so a rule broken alone fails here on every seed, with the rule named. The
 * rules are in clocks.rules.md.
 */
import type { HlcTimestamp, VectorTimestamp } from "../../../src/contracts/clocks";
import { checkEqual, says, type GradedTest, type Texts } from "../../api";
import { compareHlcOf, compareVectorsOf, hlcOf, lamportOf, mergeVectorsOf, vectorOf, withoutZeroEntries } from "./clocks-helpers";

const show = (value: unknown) => JSON.stringify(value).replace(/,"/g, ', "').replace(/"(\w+)":/g, "$1: ");

export const tests: GradedTest[] = [
  {
    name: "lamport-rules",
    points: 2,
    visibility: "hidden",
    description: "Lamport tick and receive with the remote time ahead of, behind and equal to the local one",
    descriptionIn: { ko: "Lamport 시계의 tick과 receive: 원격 시간이 로컬 시간보다 앞설 때, 뒤질 때, 같을 때" },
    rules: ["lamport-receive", "lamport-tick"],
    run(ctx) {
      const clock = new (lamportOf(ctx))();
      checkEqual(clock.time, 0, says({ en: "rule lamport-tick: time on a new clock", ko: "규칙 lamport-tick: 새 시계의 time" }));
      checkEqual(clock.tick(), 1, says({ en: "rule lamport-tick: tick() on a new clock (it returns the new value)", ko: "규칙 lamport-tick: 새 시계의 tick() (새 값을 반환해야 함)" }));
      checkEqual(clock.receive(5), 6, says({ en: "rule lamport-receive: receive(5) on a clock at 1 (remote ahead: max + 1)", ko: "규칙 lamport-receive: 1인 시계의 receive(5) (원격이 앞섬: max + 1)" }));
      checkEqual(clock.receive(2), 7, says({ en: "rule lamport-receive: receive(2) on a clock at 6 (remote behind: max + 1)", ko: "규칙 lamport-receive: 6인 시계의 receive(2) (원격이 뒤처짐: max + 1)" }));
      checkEqual(clock.receive(7), 8, says({ en: "rule lamport-receive: receive(7) on a clock at 7 (equal: max + 1)", ko: "규칙 lamport-receive: 7인 시계의 receive(7) (같음: max + 1)" }));
      checkEqual(clock.tick(), 9, says({ en: "rule lamport-tick: tick() on a clock at 8", ko: "규칙 lamport-tick: 8인 시계의 tick()" }));
      checkEqual(clock.time, 9, says({ en: "rule lamport-tick: time after tick() returned 9", ko: "규칙 lamport-tick: tick()이 9를 반환한 뒤의 time" }));
    },
  },
  {
    name: "vector-rules",
    points: 2,
    visibility: "hidden",
    description: "vector tick and receive: only the own entry grows on a tick, a receive takes the entry-wise maximum and then ticks",
    descriptionIn: { ko: "벡터 시계의 tick과 receive: tick에서는 자기 항목만 커지고, receive는 항목별 최댓값을 취한 뒤 tick한다" },
    rules: ["vector-receive", "vector-tick"],
    run(ctx) {
      const clock = new (vectorOf(ctx))("p2");
      // Compared without zero entries: a clock may hold { p2: 0 } from the start (a missing entry is 0).
      checkEqual(withoutZeroEntries(clock.read()), {}, says({ en: "rule vector-tick: read() on a new clock (without zero entries)", ko: "규칙 vector-tick: 새 시계의 read() (0인 항목 제외)" }));
      checkEqual(withoutZeroEntries(clock.tick()), { p2: 1 }, says({ en: "rule vector-tick: tick() on a new clock of p2 (without zero entries)", ko: "규칙 vector-tick: p2의 새 시계에서 tick() (0인 항목 제외)" }));
      checkEqual(withoutZeroEntries(clock.receive({ p1: 4, p2: 0, p3: 2 })), { p1: 4, p2: 2, p3: 2 }, says({ en: "rule vector-receive: receive({p1: 4, p2: 0, p3: 2}) on p2 at {p2: 1}", ko: "규칙 vector-receive: {p2: 1}인 p2의 receive({p1: 4, p2: 0, p3: 2})" }));
      checkEqual(withoutZeroEntries(clock.receive({ p1: 1 })), { p1: 4, p2: 3, p3: 2 }, says({ en: "rule vector-receive: receive({p1: 1}) on p2 at {p1: 4, p2: 2, p3: 2} (remote behind: keep the larger entries)", ko: "규칙 vector-receive: {p1: 4, p2: 2, p3: 2}인 p2의 receive({p1: 1}) (원격이 뒤처짐: 더 큰 항목을 유지)" }));
      checkEqual(withoutZeroEntries(clock.tick()), { p1: 4, p2: 4, p3: 2 }, says({ en: "rule vector-tick: tick() on p2 at {p1: 4, p2: 3, p3: 2}", ko: "규칙 vector-tick: {p1: 4, p2: 3, p3: 2}인 p2의 tick()" }));
    },
  },
  {
    name: "merge-rules",
    points: 2,
    visibility: "hidden",
    description: "mergeVectors on entries missing on either side, zero entries, and without changing its arguments",
    descriptionIn: { ko: "mergeVectors: 어느 한쪽에 없는 항목, 0인 항목, 인자를 바꾸지 않는지" },
    rules: ["merge"],
    run(ctx) {
      const merge = mergeVectorsOf(ctx);
      const cases: [VectorTimestamp, VectorTimestamp, VectorTimestamp][] = [
        [{ p1: 3 }, { p2: 1 }, { p1: 3, p2: 1 }],
        [{ p1: 3, p2: 5 }, { p1: 4, p2: 2 }, { p1: 4, p2: 5 }],
        [{ p1: 2, p2: 7 }, { p1: 1 }, { p1: 2, p2: 7 }],
        [{}, { p3: 2 }, { p3: 2 }],
      ];
      for (const [a, b, expected] of cases) {
        const [copyA, copyB] = [show(a), show(b)];
        const merged = merge(a, b);
        checkEqual(withoutZeroEntries(merged), expected, says({ en: `rule merge: mergeVectors(${copyA}, ${copyB}) (without zero entries)`, ko: `규칙 merge: mergeVectors(${copyA}, ${copyB}) (0인 항목 제외)` }));
        checkEqual([show(a), show(b)], [copyA, copyB], says({ en: `rule merge: the arguments of mergeVectors(${copyA}, ${copyB}) after the call`, ko: `규칙 merge: 호출 뒤 mergeVectors(${copyA}, ${copyB})의 인자` }));
      }
    },
  },
  {
    name: "compare-vectors-cases",
    points: 3,
    visibility: "hidden",
    description: "compareVectors on every shape of pair: one entry larger, entries missing on either side, zeros, crossed entries",
    descriptionIn: { ko: "모든 모양의 쌍에 대한 compareVectors: 한 항목만 큰 경우, 어느 한쪽에 없는 항목, 0, 엇갈린 항목" },
    rules: ["vector-compare"],
    run(ctx) {
      const compare = compareVectorsOf(ctx);
      const cases: [VectorTimestamp, VectorTimestamp, string][] = [
        [{ p1: 1, p2: 2 }, { p1: 1, p2: 3 }, "before"],
        [{ p1: 2, p2: 3 }, { p1: 1, p2: 3 }, "after"],
        [{ p1: 1 }, { p1: 1, p2: 1 }, "before"],
        [{ p1: 1, p2: 1 }, { p1: 1 }, "after"],
        [{ p2: 1 }, { p1: 1, p2: 1 }, "before"],
        [{ p1: 2, p2: 1 }, { p1: 1, p2: 2 }, "concurrent"],
        [{ p1: 1 }, { p2: 1 }, "concurrent"],
        [{ p1: 2 }, { p1: 1, p2: 1 }, "concurrent"],
        [{ p1: 1, p2: 0 }, { p1: 1 }, "equal"],
        [{}, {}, "equal"],
        [{}, { p3: 1 }, "before"],
      ];
      for (const [a, b, expected] of cases) checkEqual(compare(a, b), expected, says({ en: `rule vector-compare: compareVectors(${show(a)}, ${show(b)})`, ko: `규칙 vector-compare: compareVectors(${show(a)}, ${show(b)})` }));
    },
  },
  {
    name: "hlc-now-cases",
    points: 2,
    visibility: "hidden",
    description: "a hybrid clock's now() when physical time moves ahead, stands still and steps back",
    descriptionIn: { ko: "물리 시간이 앞으로 갈 때, 멈춰 있을 때, 뒤로 갈 때 하이브리드 시계의 now()" },
    rules: ["hlc-now"],
    run(ctx) {
      const clock = new (hlcOf(ctx))();
      const steps: [number, HlcTimestamp, Texts][] = [
        [50, { wallMs: 50, logical: 0 }, { en: "on a new clock", ko: "새 시계" }],
        [50, { wallMs: 50, logical: 1 }, { en: "physical time stood still", ko: "물리 시간이 멈춤" }],
        [40, { wallMs: 50, logical: 2 }, { en: "physical time stepped back", ko: "물리 시간이 뒤로 감" }],
        [60, { wallMs: 60, logical: 0 }, { en: "physical time moved ahead: logical starts again from 0", ko: "물리 시간이 앞으로 감: logical은 0부터 다시 시작" }],
        [61, { wallMs: 61, logical: 0 }, { en: "physical time moved ahead again", ko: "물리 시간이 다시 앞으로 감" }],
      ];
      for (const [physicalMs, expected, why] of steps) {
        checkEqual(clock.now(physicalMs), expected, says({ en: `rule hlc-now: now(${physicalMs}) (${why.en})`, ko: `규칙 hlc-now: now(${physicalMs}) (${why.ko})` }));
      }
    },
  },
  {
    name: "hlc-receive-cases",
    points: 3,
    visibility: "hidden",
    description: "a hybrid clock's receive in each case: physical time ahead of both, the local clock ahead, the remote ahead (with a larger and a smaller logical), local and remote tied, all three tied",
    descriptionIn: { ko: "경우별 하이브리드 시계의 receive: 물리 시간이 둘보다 앞설 때, 로컬이 앞설 때, 원격이 앞설 때(logical이 더 클 때와 더 작을 때), 로컬과 원격이 같을 때, 셋이 모두 같을 때" },
    rules: ["hlc-receive"],
    run(ctx) {
      const Hlc = hlcOf(ctx);
      const at = (wallMs: number, logical: number) => {
        const clock = new Hlc();
        clock.now(wallMs);
        for (let i = 0; i < logical; i++) clock.now(wallMs);
        return clock;
      };
      const cases: [HlcTimestamp, HlcTimestamp, number, HlcTimestamp, Texts][] = [
        [{ wallMs: 100, logical: 3 }, { wallMs: 90, logical: 7 }, 120, { wallMs: 120, logical: 0 }, { en: "physical time ahead of both: logical 0", ko: "물리 시간이 둘보다 앞섬: logical 0" }],
        [{ wallMs: 100, logical: 3 }, { wallMs: 90, logical: 7 }, 95, { wallMs: 100, logical: 4 }, { en: "the local clock ahead: its logical + 1", ko: "로컬 시계가 앞섬: 로컬 logical + 1" }],
        [{ wallMs: 100, logical: 3 }, { wallMs: 110, logical: 7 }, 95, { wallMs: 110, logical: 8 }, { en: "the remote ahead: its logical + 1", ko: "원격이 앞섬: 원격 logical + 1" }],
        [{ wallMs: 100, logical: 5 }, { wallMs: 110, logical: 2 }, 95, { wallMs: 110, logical: 3 }, { en: "the remote ahead with a smaller logical: its own + 1, not the larger one + 1", ko: "원격이 앞서고 logical은 더 작음: 더 큰 쪽이 아니라 원격 자신의 logical + 1" }],
        [{ wallMs: 100, logical: 3 }, { wallMs: 100, logical: 7 }, 95, { wallMs: 100, logical: 8 }, { en: "local and remote tied: the larger logical + 1", ko: "로컬과 원격이 같음: 더 큰 logical + 1" }],
        [{ wallMs: 100, logical: 5 }, { wallMs: 100, logical: 2 }, 100, { wallMs: 100, logical: 6 }, { en: "all three tied: the larger logical + 1", ko: "셋이 모두 같음: 더 큰 logical + 1" }],
      ];
      for (const [local, remote, physicalMs, expected, why] of cases) {
        const what = says({ en: `rule hlc-receive: receive(${show(remote)}, ${physicalMs}) on a clock at ${show(local)} (${why.en})`, ko: `규칙 hlc-receive: ${show(local)}인 시계의 receive(${show(remote)}, ${physicalMs}) (${why.ko})` });
        checkEqual(at(local.wallMs, local.logical).receive(remote, physicalMs), expected, what);
      }
    },
  },
  {
    name: "compare-hlc-cases",
    points: 1,
    visibility: "hidden",
    description: "compareHlc orders by wall time first, then by the logical counter",
    descriptionIn: { ko: "compareHlc는 먼저 wall time으로, 그다음 logical 카운터로 순서를 정한다" },
    rules: ["hlc-compare"],
    run(ctx) {
      const compare = compareHlcOf(ctx);
      const cases: [HlcTimestamp, HlcTimestamp, number][] = [
        [{ wallMs: 100, logical: 9 }, { wallMs: 101, logical: 0 }, -1],
        [{ wallMs: 101, logical: 0 }, { wallMs: 100, logical: 9 }, 1],
        [{ wallMs: 100, logical: 1 }, { wallMs: 100, logical: 2 }, -1],
        [{ wallMs: 100, logical: 2 }, { wallMs: 100, logical: 2 }, 0],
      ];
      for (const [a, b, sign] of cases) checkEqual(Math.sign(compare(a, b)), sign, says({ en: `rule hlc-compare: the sign of compareHlc(${show(a)}, ${show(b)})`, ko: `규칙 hlc-compare: compareHlc(${show(a)}, ${show(b)})의 부호` }));
    },
  },
];
