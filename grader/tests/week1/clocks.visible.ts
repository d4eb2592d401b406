/** Week 1, clocks: visible tests (the contract's rules on small examples). */
import { checkEqual, says, type GradedTest } from "../../api";
import { compareHlcOf, compareVectorsOf, hlcOf, lamportOf, mergeVectorsOf, vectorOf } from "./clocks-helpers";

export const tests: GradedTest[] = [
  {
    name: "lamport-example",
    points: 2,
    visibility: "visible",
    description: "a Lamport clock ticks by one, and a receive jumps past the sender's time",
    descriptionIn: { ko: "Lamport 시계는 1씩 tick하고, receive는 송신자의 시간을 건너뛴다" },
    run(ctx) {
      const Lamport = lamportOf(ctx);
      const a = new Lamport();
      const b = new Lamport();
      checkEqual(a.tick(), 1, says({ en: "a.tick() on a new clock", ko: "새 시계의 a.tick()" }));
      checkEqual(a.tick(), 2, says({ en: "a.tick() again", ko: "다시 호출한 a.tick()" }));
      checkEqual(b.receive(2), 3, says({ en: "b.receive(2) on a new clock", ko: "새 시계의 b.receive(2)" }));
      checkEqual(b.receive(1), 4, says({ en: "b.receive(1) when b is at 3", ko: "b가 3일 때 b.receive(1)" }));
      checkEqual(b.time, 4, "b.time");
    },
  },
  {
    name: "vector-example",
    points: 2,
    visibility: "visible",
    description: "vector clocks tick, merge on receive, and compare as before / after / concurrent / equal",
    descriptionIn: { ko: "벡터 시계는 tick하고, receive에서 병합하며, before / after / concurrent / equal로 비교된다" },
    run(ctx) {
      const Vector = vectorOf(ctx);
      const compare = compareVectorsOf(ctx);
      const p1 = new Vector("p1");
      const p2 = new Vector("p2");
      const send = p1.tick();
      checkEqual(send, { p1: 1 }, "p1.tick()");
      const local = p2.tick();
      const received = p2.receive(send);
      checkEqual(received, { p1: 1, p2: 2 }, says({ en: "p2.receive({p1:1}) after one local event", ko: "로컬 이벤트 하나 뒤의 p2.receive({p1:1})" }));
      checkEqual(compare(send, received), "before", "compareVectors(send, receive)");
      checkEqual(compare(received, send), "after", "compareVectors(receive, send)");
      checkEqual(compare(send, local), "concurrent", "compareVectors({p1:1}, {p2:1})");
      checkEqual(compare({ p1: 1 }, { p1: 1, p2: 0 }), "equal", "compareVectors({p1:1}, {p1:1,p2:0})");
      checkEqual(mergeVectorsOf(ctx)({ p1: 3, p2: 1 }, { p2: 4, p3: 2 }), { p1: 3, p2: 4, p3: 2 }, "mergeVectors({p1:3,p2:1}, {p2:4,p3:2})");
    },
  },
  {
    name: "hlc-example",
    points: 2,
    visibility: "visible",
    description: "a hybrid logical clock follows physical time, and counts logically when physical time stands still or lags",
    descriptionIn: { ko: "하이브리드 논리 시계는 물리 시간을 따라가고, 물리 시간이 멈추거나 뒤처지면 논리적으로 센다" },
    run(ctx) {
      const Hlc = hlcOf(ctx);
      const a = new Hlc();
      checkEqual(a.now(100), { wallMs: 100, logical: 0 }, "a.now(100)");
      checkEqual(a.now(100), { wallMs: 100, logical: 1 }, says({ en: "a.now(100) again", ko: "다시 호출한 a.now(100)" }));
      checkEqual(a.now(90), { wallMs: 100, logical: 2 }, says({ en: "a.now(90): its physical clock stepped back", ko: "a.now(90) (물리 시계가 뒤로 감)" }));
      const b = new Hlc();
      checkEqual(b.receive({ wallMs: 100, logical: 2 }, 95), { wallMs: 100, logical: 3 }, "b.receive({100, 2}, 95)");
      checkEqual(b.now(120), { wallMs: 120, logical: 0 }, "b.now(120)");
      checkEqual(Math.sign(compareHlcOf(ctx)({ wallMs: 100, logical: 3 }, { wallMs: 120, logical: 0 })), -1, says({ en: "sign of compareHlc({100,3}, {120,0})", ko: "compareHlc({100,3}, {120,0})의 부호" }));
    },
  },
];
