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
import { check, fail, show, type GradedTest } from "../../api";
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
      if (!settled) fail(`30 s after healing, the projection had not caught up: its checkpoint is ${world.projection()?.checkpoint() ?? "(projector down)"}, the store's head ${store.head()}`);
      const outcomes = world.clerks.flatMap((id) => world.clerk(id).outcomes.map((o) => ({ ...o, clerk: id })));
      const accepted = outcomes.filter((o) => o.result === "ok");
      check(accepted.length >= 5, () => `only ${accepted.length} command(s) were accepted in the whole run: it shows nothing (UNKNOWN), and the last clerk, after healing, should have written`);
      for (const stream of store.streams()) {
        const { illegal } = replay(store.readStream(stream));
        if (illegal) fail(`[stream-valid] ${illegal}: a command was decided on a state that was not current`);
      }
      for (const o of accepted) {
        if (o.version !== o.expectedVersion + 1) fail(`[expected-version] ${o.clerk}'s ${o.command.type} on ${o.orderId} was decided on version ${o.expectedVersion} but appended as version ${o.version}: a stale expected version must be refused`);
      }
      for (const stream of store.streams()) {
        const expected = replay(store.readStream(stream)).state;
        const loaded = world.load(stream).state;
        if (JSON.stringify(loaded) !== JSON.stringify(expected)) fail(`[load-folds] load(${stream}) returned ${show(loaded)}, but its ${store.version(stream)} events give ${show(expected)}`);
        const row = world.projection()?.summary(stream);
        if (JSON.stringify(row) !== JSON.stringify(summaryOf(expected))) fail(`[projection-converges] after catching up (checkpoint ${world.projection()?.checkpoint()}, ${world.powerCuts} power cut(s)), summary(${stream}) is ${show(row)}, but the order is ${show(summaryOf(expected))}`);
      }
      for (const [customer, cents] of expectedReadModel(store.readAll(1)).spent) {
        const spent = world.projection()?.spentBy(customer);
        if (spent !== cents) fail(`[projection-converges] spentBy(${customer}) is ${show(spent)} after catching up, expected ${cents} (${world.powerCuts} power cut(s) during the run)`);
      }
    },
  },
];
