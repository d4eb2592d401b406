/** Week 1, clocks: hidden tests over random executions, against the true happened-before relation. */
import type { HlcTimestamp, VectorTimestamp } from "../../../src/contracts/clocks";
import { check, checkEqual, says, type GradedTest } from "../../api";
import { compareHlcOf, compareVectorsOf, hlcOf, lamportOf, mergeVectorsOf, vectorOf } from "./clocks-helpers";
import { describeEvent, happenedBefore, randomExecution, type ExecutionEvent } from "./hidden/clocks-oracle";

/** Stamp every event of `events` with per-process clocks built by `make`, following the rules. */
function stampAll<T>(events: ExecutionEvent[], make: (process: string) => { local(e: ExecutionEvent): T; receive(e: ExecutionEvent, remote: T): T }): T[] {
  const clocks = new Map<string, ReturnType<typeof make>>();
  const stamps: T[] = [];
  for (const event of events) {
    if (!clocks.has(event.process)) clocks.set(event.process, make(event.process));
    const clock = clocks.get(event.process) as ReturnType<typeof make>;
    stamps[event.id] = event.kind === "receive" ? clock.receive(event, stamps[event.from as number]) : clock.local(event);
  }
  return stamps;
}

export const tests: GradedTest[] = [
  {
    name: "lamport-respects-causality",
    rules: ["lamport-receive", "lamport-tick"],
    points: 3,
    visibility: "hidden",
    description: "over random executions of 4 processes, every event that happened before another has a smaller Lamport time",
    descriptionIn: { ko: "프로세스 4개의 무작위 실행에서, 다른 이벤트보다 먼저 일어난(happened-before) 이벤트는 항상 더 작은 Lamport 시간을 가진다" },
    seeds: 10,
    run(ctx) {
      const Lamport = lamportOf(ctx);
      const events = randomExecution(ctx, 4, 80);
      const before = happenedBefore(events);
      const stamps = stampAll(events, () => {
        const clock = new Lamport();
        return { local: () => clock.tick(), receive: (_e, remote: number) => clock.receive(remote) };
      });
      for (const a of events) {
        for (const b of events) {
          if (before[a.id][b.id]) {
            check(stamps[a.id] < stamps[b.id], () => says({ en: `${describeEvent(a).en} happened before ${describeEvent(b).en}, but their Lamport times are ${stamps[a.id]} and ${stamps[b.id]}`, ko: `${describeEvent(a).ko} → ${describeEvent(b).ko}의 happened-before 관계가 있는데 Lamport 시간은 ${stamps[a.id]}, ${stamps[b.id]}입니다` }));
          }
        }
      }
    },
  },
  {
    name: "vector-order-is-causality",
    rules: ["vector-compare", "vector-receive", "vector-tick"],
    points: 4,
    visibility: "hidden",
    description: "over random executions, compareVectors says before/after exactly for causally related events and concurrent for the rest",
    descriptionIn: { ko: "무작위 실행에서 compareVectors는 인과 관계가 있는 이벤트에만 before/after를, 나머지에는 concurrent를 반환한다" },
    seeds: 10,
    run(ctx) {
      const Vector = vectorOf(ctx);
      const compare = compareVectorsOf(ctx);
      const events = randomExecution(ctx, 4, 60);
      const before = happenedBefore(events);
      const stamps = stampAll(events, (process) => {
        const clock = new Vector(process);
        return { local: () => clock.tick(), receive: (_e, remote: VectorTimestamp) => clock.receive(remote) };
      });
      for (const a of events) {
        for (const b of events) {
          if (a.id === b.id) continue;
          const expected = before[a.id][b.id] ? "before" : before[b.id][a.id] ? "after" : "concurrent";
          const got = compare(stamps[a.id], stamps[b.id]);
          check(got === expected, () => {
            const call = `compareVectors(${JSON.stringify(stamps[a.id])}, ${JSON.stringify(stamps[b.id])})`;
            return says({
              en: `${call} for ${describeEvent(a).en} and ${describeEvent(b).en} returned "${got}", but they are ${expected === "concurrent" ? "concurrent" : `causally ordered (${expected})`}`,
              ko: `두 이벤트 ${describeEvent(a).ko}, ${describeEvent(b).ko}에 대한 ${call}의 반환값이 "${got}"이지만, 두 이벤트는 ${expected === "concurrent" ? "concurrent입니다" : `인과적으로 순서가 있습니다 (${expected})`}`,
            });
          });
        }
      }
    },
  },
  {
    name: "vectors-are-copies",
    rules: ["vector-copies"],
    points: 2,
    visibility: "hidden",
    description: "tick, receive and read return copies: changing a returned vector does not change the clock",
    descriptionIn: { ko: "tick, receive, read는 복사본을 반환한다: 반환된 벡터를 바꿔도 시계는 바뀌지 않는다" },
    run(ctx) {
      const clock = new (vectorOf(ctx))("p1");
      const first = clock.tick();
      first.p1 = 99;
      first.p7 = 5;
      checkEqual(clock.read(), { p1: 1 }, "read() after the caller changed the vector tick() returned");
      const received = clock.receive({ p2: 3 });
      received.p2 = 0;
      checkEqual(clock.tick(), { p1: 3, p2: 3 }, "tick() after the caller changed the vector receive() returned");
    },
  },
  {
    name: "merge-laws",
    rules: ["merge"],
    points: 2,
    visibility: "hidden",
    description: "mergeVectors is commutative, associative and idempotent, treats missing entries as 0, and changes neither argument",
    descriptionIn: { ko: "mergeVectors는 교환법칙, 결합법칙, 멱등성을 만족하고, 없는 항목을 0으로 보며, 두 인자 어느 것도 바꾸지 않는다" },
    seeds: 5,
    run(ctx) {
      const merge = mergeVectorsOf(ctx);
      const random = (): VectorTimestamp => Object.fromEntries(["p1", "p2", "p3", "p4"].filter(() => ctx.rng.chance(0.7)).map((p) => [p, ctx.rng.int(0, 5)]));
      const norm = (v: VectorTimestamp) => JSON.stringify(Object.fromEntries(Object.entries(v).filter(([, n]) => n > 0).sort()));
      for (let i = 0; i < 100; i++) {
        const [a, b, c] = [random(), random(), random()];
        const copyA = JSON.stringify(a);
        check(norm(merge(a, b)) === norm(merge(b, a)), () => says({ en: `mergeVectors is not commutative for ${JSON.stringify(a)} and ${JSON.stringify(b)}`, ko: `mergeVectors가 ${JSON.stringify(a)}, ${JSON.stringify(b)}에 대해 교환법칙을 만족하지 않습니다` }));
        check(norm(merge(merge(a, b), c)) === norm(merge(a, merge(b, c))), () => says({ en: `mergeVectors is not associative for ${JSON.stringify([a, b, c])}`, ko: `mergeVectors가 ${JSON.stringify([a, b, c])}에 대해 결합법칙을 만족하지 않습니다` }));
        check(norm(merge(a, a)) === norm(a), () => says({ en: `mergeVectors(a, a) differs from a for ${JSON.stringify(a)}`, ko: `a = ${JSON.stringify(a)}일 때 mergeVectors(a, a)가 a와 다릅니다 (멱등성 위반)` }));
        check(JSON.stringify(a) === copyA, () => says({ en: `mergeVectors changed its first argument ${copyA}`, ko: `mergeVectors가 첫 번째 인자(${copyA})를 바꿨습니다` }));
      }
    },
  },
  {
    name: "hlc-respects-causality",
    rules: ["hlc-receive", "hlc-now", "hlc-compare"],
    points: 3,
    visibility: "hidden",
    description: "with physical clocks up to 1.3 s apart, hybrid timestamps still order every causally related pair",
    descriptionIn: { ko: "물리 시계가 최대 1.3 s까지 어긋나도 하이브리드 타임스탬프는 인과 관계가 있는 모든 쌍의 순서를 지킨다" },
    seeds: 10,
    run(ctx) {
      const Hlc = hlcOf(ctx);
      const compare = compareHlcOf(ctx);
      const events = randomExecution(ctx, 4, 80);
      const before = happenedBefore(events);
      const stamps = stampAll(events, () => {
        const clock = new Hlc();
        return { local: (e) => clock.now(e.physicalMs), receive: (e, remote: HlcTimestamp) => clock.receive(remote, e.physicalMs) };
      });
      for (const a of events) {
        for (const b of events) {
          if (before[a.id][b.id]) {
            check(compare(stamps[a.id], stamps[b.id]) < 0, () => says({ en: `${describeEvent(a).en} happened before ${describeEvent(b).en}, but their hybrid timestamps ${JSON.stringify(stamps[a.id])} and ${JSON.stringify(stamps[b.id])} do not say so`, ko: `${describeEvent(a).ko} → ${describeEvent(b).ko}의 happened-before 관계가 있는데 하이브리드 타임스탬프 ${JSON.stringify(stamps[a.id])}, ${JSON.stringify(stamps[b.id])}는 그 순서를 나타내지 않습니다` }));
          }
        }
      }
    },
  },
  {
    name: "hlc-ties-on-wall-time",
    rules: ["hlc-receive"],
    points: 3,
    visibility: "hidden",
    description: "when sender and receiver share a wall time, the receive's logical counter goes past both counters (coarse physical clocks make this common)",
    descriptionIn: { ko: "송신자와 수신자의 wall time이 같으면 receive의 logical 카운터는 두 카운터보다 커진다 (물리 시계의 해상도가 낮으면 흔한 일이다)" },
    seeds: 10,
    run(ctx) {
      const Hlc = hlcOf(ctx);
      const sender = new Hlc();
      for (let i = 0; i < 6; i++) sender.now(1_000);
      const receiver = new Hlc();
      receiver.now(1_000);
      checkEqual(receiver.receive({ wallMs: 1_000, logical: 5 }, 900), { wallMs: 1_000, logical: 6 }, "receive({wallMs: 1000, logical: 5}, 900) on a clock at (1000, 0)");
      const compare = compareHlcOf(ctx);
      const events = randomExecution(ctx, 3, 80, 500);
      const before = happenedBefore(events);
      const stamps = stampAll(events, () => {
        const clock = new Hlc();
        return { local: (e) => clock.now(e.physicalMs), receive: (e, remote: HlcTimestamp) => clock.receive(remote, e.physicalMs) };
      });
      for (const a of events) {
        for (const b of events) {
          if (before[a.id][b.id]) {
            check(compare(stamps[a.id], stamps[b.id]) < 0, () => says({ en: `${describeEvent(a).en} happened before ${describeEvent(b).en}, but their hybrid timestamps ${JSON.stringify(stamps[a.id])} and ${JSON.stringify(stamps[b.id])} do not say so`, ko: `${describeEvent(a).ko} → ${describeEvent(b).ko}의 happened-before 관계가 있는데 하이브리드 타임스탬프 ${JSON.stringify(stamps[a.id])}, ${JSON.stringify(stamps[b.id])}는 그 순서를 나타내지 않습니다` }));
          }
        }
      }
    },
  },
  {
    name: "hlc-stays-near-physical-time",
    rules: ["hlc-now", "hlc-receive"],
    points: 3,
    visibility: "hidden",
    description: "a hybrid timestamp's wallMs is never behind its process's physical clock nor ahead of the largest physical time seen, and logical resets when physical time moves ahead",
    descriptionIn: { ko: "하이브리드 타임스탬프의 wallMs는 자기 프로세스의 물리 시계보다 뒤처지지도, 지금까지 본 가장 큰 물리 시간보다 앞서지도 않으며, 물리 시간이 앞으로 가면 logical은 0으로 돌아간다" },
    seeds: 10,
    run(ctx) {
      const Hlc = hlcOf(ctx);
      const events = randomExecution(ctx, 4, 80);
      const stamps = stampAll(events, () => {
        const clock = new Hlc();
        return { local: (e) => clock.now(e.physicalMs), receive: (e, remote: HlcTimestamp) => clock.receive(remote, e.physicalMs) };
      });
      let maxPhysical = -Infinity;
      for (const event of events) {
        maxPhysical = Math.max(maxPhysical, event.physicalMs);
        const stamp = stamps[event.id];
        check(stamp.wallMs >= event.physicalMs, () => says({ en: `${describeEvent(event).en} got wallMs ${stamp.wallMs}, behind its physical clock ${event.physicalMs}`, ko: `${describeEvent(event).ko}의 wallMs(${stamp.wallMs})가 자기 물리 시계(${event.physicalMs})보다 뒤처졌습니다` }));
        check(stamp.wallMs <= maxPhysical, () => says({ en: `${describeEvent(event).en} got wallMs ${stamp.wallMs}, ahead of every physical clock so far (max ${maxPhysical}): hybrid time must not run ahead`, ko: `${describeEvent(event).ko}의 wallMs(${stamp.wallMs})가 지금까지의 어떤 물리 시계보다도 앞섭니다 (최대 ${maxPhysical}). 하이브리드 시간이 물리 시간보다 앞서 달리면 안 됩니다` }));
        const remote = event.from === undefined ? undefined : stamps[event.from];
        if (stamp.wallMs === event.physicalMs && stamp.wallMs > (remote?.wallMs ?? -Infinity)) {
          const previous = events.filter((e) => e.process === event.process && e.id < event.id).pop();
          if (!previous || stamps[previous.id].wallMs < stamp.wallMs) {
            checkEqual(stamp.logical, 0, says({ en: `the logical part for ${describeEvent(event).en}, whose physical clock moved ahead of everything it had seen`, ko: `물리 시계가 지금까지 본 모든 시간보다 앞선 ${describeEvent(event).ko}의 logical 값` }));
          }
        }
      }
    },
  },
];
