/**
 * Week 3, event sourcing, hidden: the repository and the projection as services on the
 * simulator, over many seeds. Clerks work on the same orders at once (read-modify-write with
 * expected versions) while the order service and the projector crash and get cut off, messages
 * are lost and duplicated, and the projector loses power in the middle of its writes. After
 * healing, the projection must converge to the aggregate's state.
 */
import { summaryOf, type OrderProjectionConstructor, type OrderRepositoryConstructor } from "../../../src/contracts/event-sourcing";
import { LEGACY_ORDERS } from "../../../src/event-store/legacy";
import { EsWorld, ORDERS_NODE, PROJECTOR_NODE } from "../../../src/event-store/world";
import { formatNemesis, healAll, randomNemesis, scheduleNemesis } from "../../../src/sim";
import { lineChart } from "../../../src/viz/chart";
import { spaceTimeDiagram } from "../../../src/viz/space-time";
import { check, fail, says, show, type GradedTest } from "../../api";
import { expectedReadModel, replay } from "./hidden/order-oracle";

const HEAL_AT_MS = 2_500;
const ORDERS = ["o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8", "2025-0003"];
const CUSTOMERS = ["ann", "bo", "dana"];

export const tests: GradedTest[] = [
  {
    name: "projections-converge",
    rules: ["projection-converges"],
    points: 6,
    visibility: "hidden",
    description: "three clerks on the same orders while the order service and the projector crash, get cut off and lose power mid-write, and messages are lost and duplicated: every stream obeys the rules, every accepted command was decided on the version it expected, and the projection converges to the aggregate's state",
    descriptionIn: { ko: "주문 서비스와 프로젝터가 멈추고, 고립되고, 쓰는 도중 전원이 나가며, 메시지가 유실되고 중복되는 동안 점원 셋이 같은 주문들을 처리한다: 모든 스트림이 규칙을 지키고, 받아들여진 명령은 모두 기대한 버전에서 결정되었으며, 프로젝션은 aggregate의 상태로 수렴한다" },
    seeds: 10,
    timeoutMs: 20_000,
    run(ctx) {
      let boots = 0;
      const world = new EsWorld(ctx.exported<OrderRepositoryConstructor>("OrderRepository"), ctx.exported<OrderProjectionConstructor>("OrderSummaryProjection"), {
        seed: ctx.seed,
        history: LEGACY_ORDERS,
        snapshotEvery: 4,
        network: { dropRate: 0.05, duplicateRate: 0.1, duplicatesMax: 2 },
        powerCutAt: () => (boots++ < 3 && ctx.rng.chance(0.7) ? ctx.rng.int(1, 12) : undefined),
      });
      ctx.note(world.sim.describe());
      ctx.attachOnFailure("events in the store and in the read model over time (the projection's lag)", () => lineChart({ title: "the projection's lag", series: world.lagSeries(), xLabel: "virtual time (ms)", yLabel: "events" }));
      ctx.attachOnFailure("messages of the last 800 ms", () => spaceTimeDiagram(world.sim.trace.events, { fromMs: Math.max(0, world.sim.now - 800), toMs: world.sim.now, tintKey: null, nodes: [ORDERS_NODE, PROJECTOR_NODE, ...world.clerks] }));
      const nemesis = randomNemesis(ctx.seed, { servers: [ORDERS_NODE, PROJECTOR_NODE], startMs: 100, endMs: HEAL_AT_MS, intervalMsMin: 100, intervalMsMax: 400, kinds: ["crash", "isolate", "network"], crashedMax: 1 });
      ctx.note(`nemesis:\n${formatNemesis(nemesis)}`);
      scheduleNemesis(world.sim, nemesis);
      for (let i = 0; i < 3; i++) world.addClerk({ orders: ORDERS, customers: CUSTOMERS, commands: 15, thinkMsMax: 20 });
      world.sim.runUntilTime(HEAL_AT_MS);
      healAll(world.sim, { dropRate: 0, duplicateRate: 0 });
      world.addClerk({ orders: ORDERS, customers: CUSTOMERS, commands: 10 });
      const settled = world.runUntilSettled(30_000);
      const store = world.store();
      if (!settled) fail(says({ en: `30 s after healing, the projection had not caught up: its checkpoint is ${world.projection()?.checkpoint() ?? "(projector down)"}, the store's head ${store.head()}`, ko: `장애가 복구되고 30 s가 지났는데 프로젝션이 따라잡지 못했습니다: checkpoint는 ${world.projection()?.checkpoint() ?? "(프로젝터 다운)"}, 스토어의 head는 ${store.head()}입니다` }));
      const outcomes = world.clerks.flatMap((id) => world.clerk(id).outcomes.map((o) => ({ ...o, clerk: id })));
      const accepted = outcomes.filter((o) => o.result === "ok");
      check(accepted.length >= 5, () => says({ en: `only ${accepted.length} command(s) were accepted in the whole run: it shows nothing (UNKNOWN), and the last clerk, after healing, should have written`, ko: `실행 전체에서 받아들여진 명령이 ${accepted.length}개뿐입니다. 이래서는 아무것도 보여 주지 못하며(UNKNOWN), 복구 뒤의 마지막 점원은 썼어야 합니다` }));
      for (const stream of store.streams()) {
        const { illegal } = replay(store.readStream(stream));
        if (illegal) fail(says({ en: `[stream-valid] ${illegal.en}: a command was decided on a state that was not current`, ko: `[stream-valid] ${illegal.ko}: 현재가 아닌 상태를 보고 명령을 결정했습니다` }));
      }
      for (const o of accepted) {
        if (o.version !== o.expectedVersion + 1) fail(says({ en: `[expected-version] ${o.clerk}'s ${o.command.type} on ${o.orderId} was decided on version ${o.expectedVersion} but appended as version ${o.version}: a stale expected version must be refused`, ko: `[expected-version] ${o.clerk}의 ${o.orderId}에 대한 ${o.command.type} 명령은 버전 ${o.expectedVersion}에서 결정되었는데 버전 ${o.version}으로 추가되었습니다. 오래된 expected version은 거절해야 합니다` }));
      }
      for (const stream of store.streams()) {
        const expected = replay(store.readStream(stream)).state;
        const loaded = world.load(stream).state;
        if (JSON.stringify(loaded) !== JSON.stringify(expected)) fail(says({ en: `[load-folds] load(${stream}) returned ${show(loaded)}, but its ${store.version(stream)} events give ${show(expected)}`, ko: `[load-folds] load(${stream})의 반환값이 ${show(loaded)}인데, 그 스트림의 이벤트 ${store.version(stream)}개로 만든 상태는 ${show(expected)}입니다` }));
        const row = world.projection()?.summary(stream);
        if (JSON.stringify(row) !== JSON.stringify(summaryOf(expected))) fail(says({ en: `[projection-converges] after catching up (checkpoint ${world.projection()?.checkpoint()}, ${world.powerCuts} power cut(s)), summary(${stream}) is ${show(row)}, but the order is ${show(summaryOf(expected))}`, ko: `[projection-converges] 따라잡은 뒤(checkpoint ${world.projection()?.checkpoint()}, 정전 ${world.powerCuts}번) summary(${stream})의 반환값이 ${show(row)}인데, 주문은 ${show(summaryOf(expected))}입니다` }));
      }
      for (const [customer, cents] of expectedReadModel(store.readAll(1)).spent) {
        const spent = world.projection()?.spentBy(customer);
        if (spent !== cents) fail(says({ en: `[projection-converges] spentBy(${customer}) is ${show(spent)} after catching up, expected ${cents} (${world.powerCuts} power cut(s) during the run)`, ko: `[projection-converges] 따라잡은 뒤 spentBy(${customer})의 반환값이 ${show(spent)}입니다. 기댓값은 ${cents}입니다 (실행 중 정전 ${world.powerCuts}번)` }));
      }
    },
  },
];
