/**
 * Week 1, clocks, hidden: directed tests. Each calls one rule of the contract
 * (src/contracts/clocks.ts) on the small cases that tell a right clock from every near miss
 * (the remote ahead, behind, equal; an entry missing on either side; each branch of the hybrid
 * clock's receive), so a rule broken alone fails here on every seed, with the rule named. The
 * rules are in clocks.rules.md.
 */
import type { HlcTimestamp, VectorTimestamp } from "../../../src/contracts/clocks";
import { checkEqual, type GradedTest } from "../../api";
import { compareHlcOf, compareVectorsOf, hlcOf, lamportOf, mergeVectorsOf, vectorOf } from "./clocks-helpers";

const show = (value: unknown) => JSON.stringify(value).replace(/,"/g, ', "').replace(/"(\w+)":/g, "$1: ");

export const tests: GradedTest[] = [
  {
    name: "lamport-rules",
    points: 2,
    visibility: "hidden",
    description: "Lamport tick and receive with the remote time ahead of, behind and equal to the local one",
    rules: ["lamport-receive", "lamport-tick"],
    run(ctx) {
      const clock = new (lamportOf(ctx))();
      checkEqual(clock.time, 0, "rule lamport-tick: time on a new clock");
      checkEqual(clock.tick(), 1, "rule lamport-tick: tick() on a new clock (it returns the new value)");
      checkEqual(clock.receive(5), 6, "rule lamport-receive: receive(5) on a clock at 1 (remote ahead: max + 1)");
      checkEqual(clock.receive(2), 7, "rule lamport-receive: receive(2) on a clock at 6 (remote behind: max + 1)");
      checkEqual(clock.receive(7), 8, "rule lamport-receive: receive(7) on a clock at 7 (equal: max + 1)");
      checkEqual(clock.tick(), 9, "rule lamport-tick: tick() on a clock at 8");
      checkEqual(clock.time, 9, "rule lamport-tick: time after tick() returned 9");
    },
  },
  {
    name: "vector-rules",
    points: 2,
    visibility: "hidden",
    description: "vector tick and receive: only the own entry grows on a tick, a receive takes the entry-wise maximum and then ticks",
    rules: ["vector-receive", "vector-tick"],
    run(ctx) {
      const clock = new (vectorOf(ctx))("p2");
      checkEqual(clock.read(), {}, "rule vector-tick: read() on a new clock");
      checkEqual(clock.tick(), { p2: 1 }, "rule vector-tick: tick() on a new clock of p2");
      checkEqual(clock.receive({ p1: 4, p2: 0, p3: 2 }), { p1: 4, p2: 2, p3: 2 }, "rule vector-receive: receive({p1: 4, p2: 0, p3: 2}) on p2 at {p2: 1}");
      checkEqual(clock.receive({ p1: 1 }), { p1: 4, p2: 3, p3: 2 }, "rule vector-receive: receive({p1: 1}) on p2 at {p1: 4, p2: 2, p3: 2} (remote behind: keep the larger entries)");
      checkEqual(clock.tick(), { p1: 4, p2: 4, p3: 2 }, "rule vector-tick: tick() on p2 at {p1: 4, p2: 3, p3: 2}");
    },
  },
  {
    name: "merge-rules",
    points: 2,
    visibility: "hidden",
    description: "mergeVectors on entries missing on either side, zero entries, and without changing its arguments",
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
        const shown = Object.fromEntries(Object.entries(merged).filter(([, n]) => n !== 0));
        checkEqual(shown, expected, `rule merge: mergeVectors(${copyA}, ${copyB}) (without zero entries)`);
        checkEqual([show(a), show(b)], [copyA, copyB], `rule merge: the arguments of mergeVectors(${copyA}, ${copyB}) after the call`);
      }
    },
  },
  {
    name: "compare-vectors-cases",
    points: 3,
    visibility: "hidden",
    description: "compareVectors on every shape of pair: one entry larger, entries missing on either side, zeros, crossed entries",
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
      for (const [a, b, expected] of cases) checkEqual(compare(a, b), expected, `rule vector-compare: compareVectors(${show(a)}, ${show(b)})`);
    },
  },
  {
    name: "hlc-now-cases",
    points: 2,
    visibility: "hidden",
    description: "a hybrid clock's now() when physical time moves ahead, stands still and steps back",
    rules: ["hlc-now"],
    run(ctx) {
      const clock = new (hlcOf(ctx))();
      const steps: [number, HlcTimestamp, string][] = [
        [50, { wallMs: 50, logical: 0 }, "on a new clock"],
        [50, { wallMs: 50, logical: 1 }, "physical time stood still"],
        [40, { wallMs: 50, logical: 2 }, "physical time stepped back"],
        [60, { wallMs: 60, logical: 0 }, "physical time moved ahead: logical starts again from 0"],
        [61, { wallMs: 61, logical: 0 }, "physical time moved ahead again"],
      ];
      for (const [physicalMs, expected, why] of steps) checkEqual(clock.now(physicalMs), expected, `rule hlc-now: now(${physicalMs}) (${why})`);
    },
  },
  {
    name: "hlc-receive-cases",
    points: 3,
    visibility: "hidden",
    description: "a hybrid clock's receive in each case: physical time ahead of both, the local clock ahead, the remote ahead (with a larger and a smaller logical), local and remote tied, all three tied",
    rules: ["hlc-receive"],
    run(ctx) {
      const Hlc = hlcOf(ctx);
      const at = (wallMs: number, logical: number) => {
        const clock = new Hlc();
        clock.now(wallMs);
        for (let i = 0; i < logical; i++) clock.now(wallMs);
        return clock;
      };
      const cases: [HlcTimestamp, HlcTimestamp, number, HlcTimestamp, string][] = [
        [{ wallMs: 100, logical: 3 }, { wallMs: 90, logical: 7 }, 120, { wallMs: 120, logical: 0 }, "physical time ahead of both: logical 0"],
        [{ wallMs: 100, logical: 3 }, { wallMs: 90, logical: 7 }, 95, { wallMs: 100, logical: 4 }, "the local clock ahead: its logical + 1"],
        [{ wallMs: 100, logical: 3 }, { wallMs: 110, logical: 7 }, 95, { wallMs: 110, logical: 8 }, "the remote ahead: its logical + 1"],
        [{ wallMs: 100, logical: 5 }, { wallMs: 110, logical: 2 }, 95, { wallMs: 110, logical: 3 }, "the remote ahead with a smaller logical: its own + 1, not the larger one + 1"],
        [{ wallMs: 100, logical: 3 }, { wallMs: 100, logical: 7 }, 95, { wallMs: 100, logical: 8 }, "local and remote tied: the larger logical + 1"],
        [{ wallMs: 100, logical: 5 }, { wallMs: 100, logical: 2 }, 100, { wallMs: 100, logical: 6 }, "all three tied: the larger logical + 1"],
      ];
      for (const [local, remote, physicalMs, expected, why] of cases) {
        checkEqual(at(local.wallMs, local.logical).receive(remote, physicalMs), expected, `rule hlc-receive: receive(${show(remote)}, ${physicalMs}) on a clock at ${show(local)} (${why})`);
      }
    },
  },
  {
    name: "compare-hlc-cases",
    points: 1,
    visibility: "hidden",
    description: "compareHlc orders by wall time first, then by the logical counter",
    rules: ["hlc-compare"],
    run(ctx) {
      const compare = compareHlcOf(ctx);
      const cases: [HlcTimestamp, HlcTimestamp, number][] = [
        [{ wallMs: 100, logical: 9 }, { wallMs: 101, logical: 0 }, -1],
        [{ wallMs: 101, logical: 0 }, { wallMs: 100, logical: 9 }, 1],
        [{ wallMs: 100, logical: 1 }, { wallMs: 100, logical: 2 }, -1],
        [{ wallMs: 100, logical: 2 }, { wallMs: 100, logical: 2 }, 0],
      ];
      for (const [a, b, sign] of cases) checkEqual(Math.sign(compare(a, b)), sign, `rule hlc-compare: the sign of compareHlc(${show(a)}, ${show(b)})`);
    },
  },
];
