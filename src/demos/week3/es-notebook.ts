/**
 * The experiments of notebook 13, each taking the repository and projection classes to run
 * (the naive ones of es-naive.ts, or yours), so a cell can show the same experiment before and
 * after: how much a load reads, two clerks on one order, a read model that lags, read-your-writes
 * with a position token, and a projection fed at least once.
 */
import type { NewEvent, OrderCommand, OrderProjectionConstructor, OrderRepositoryConstructor, OrderSummary, RecordedEvent } from "../../contracts/event-sourcing";
import { EventStore } from "../../event-store/store";
import { EsWorld, ORDERS_NODE } from "../../event-store/world";
import type { OrderServiceNode } from "../../event-store/service";
import { MemoryStorage } from "../../sim/storage";

const ITEM: OrderCommand = { type: "AddItem", sku: "fig", quantity: 1, priceCents: 100 };

/** Events read by one load of an order of `size` events, for each size. */
export function eventsReadPerLoad(Repository: OrderRepositoryConstructor, sizes: number[], snapshotEvery = 0): { size: number; read: number }[] {
  return sizes.map((size) => {
    const store = new EventStore(new MemoryStorage("store"));
    const writer = new Repository(store, { snapshotEvery });
    writer.execute("o1", { type: "PlaceOrder", orderId: "o1", customer: "ann" });
    for (let i = 1; i < size; i++) writer.execute("o1", ITEM);
    store.eventsRead = 0;
    new Repository(store, { snapshotEvery }).load("o1");
    return { size, read: store.eventsRead };
  });
}

/**
 * Two clerks load order o1 (open, one item) at version 2. Clerk A submits it; then clerk B, still
 * looking at the open order, adds an item with the version it loaded. Returns what each was told
 * and the stream as it ends.
 */
export function twoClerks(Repository: OrderRepositoryConstructor): { told: string[]; stream: RecordedEvent[] } {
  const store = new EventStore(new MemoryStorage("store"));
  const repository = new Repository(store);
  repository.execute("o1", { type: "PlaceOrder", orderId: "o1", customer: "ann" });
  repository.execute("o1", ITEM);
  const seen = repository.load("o1").version;
  const told = [`both clerks loaded o1 at version ${seen} (open, 1 item)`];
  for (const [clerk, command] of [["A", { type: "Submit" }], ["B", { type: "AddItem", sku: "pear", quantity: 2, priceCents: 250 }]] as [string, OrderCommand][]) {
    try {
      const { version } = repository.execute("o1", command, seen);
      told.push(`clerk ${clerk}: ${command.type} with expected version ${seen} -> accepted as version ${version}`);
    } catch (error) {
      told.push(`clerk ${clerk}: ${command.type} with expected version ${seen} -> ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
  }
  return { told, stream: store.readStream("o1") };
}

/** A world with two clerks writing for a while and a projector polling every `pollMs`, at most 5 events at a time. */
export function busyWorld(Repository: OrderRepositoryConstructor, Projection: OrderProjectionConstructor, options: { seed: number; pollMs: number; duplicateRate?: number; powerCutAt?: () => number | undefined }): EsWorld {
  const world = new EsWorld(Repository, Projection, { seed: options.seed, pollMs: options.pollMs, batchMax: 5, network: { duplicateRate: options.duplicateRate ?? 0, duplicatesMax: 2 }, powerCutAt: options.powerCutAt });
  for (let i = 0; i < 2; i++) world.addClerk({ orders: ["o1", "o2", "o3", "o4"], customers: ["ann", "bo"], commands: 18, thinkMsMax: 40 });
  world.runUntilSettled(20_000);
  world.sim.runFor(200);
  return world;
}

/**
 * A customer pays for order o1 and opens "my orders" right away. Without the token, the page
 * reads the read model at once; with it, the page waits until the read model's checkpoint has
 * reached the position execute returned.
 */
export function readYourWrites(Repository: OrderRepositoryConstructor, Projection: OrderProjectionConstructor, useToken: boolean): string[] {
  const world = new EsWorld(Repository, Projection, { seed: 3, pollMs: 250 });
  const lines: string[] = [];
  const execute = (command: OrderCommand) => world.sim.call<OrderServiceNode, { position: number }>(ORDERS_NODE, command.type, (node) => node.repository.execute("o1", command));
  world.sim.runFor(10);
  for (const command of [{ type: "PlaceOrder", orderId: "o1", customer: "ann" }, ITEM, { type: "Submit" }] as OrderCommand[]) execute(command);
  world.sim.runFor(600);
  const { position } = execute({ type: "Pay", amountCents: 100 });
  lines.push(`t=${Math.round(world.sim.now)} ms: Pay accepted; execute returned position ${position} (the token)`);
  if (useToken) {
    const { atMs } = world.sim.runUntil(() => (world.projection()?.checkpoint() ?? 0) >= position, { timeoutMs: 2_000 });
    lines.push(`t=${Math.round(atMs)} ms: the read model's checkpoint reached ${world.projection()?.checkpoint()}: the page may read now`);
  }
  const row: OrderSummary | undefined = world.projection()?.summary("o1");
  lines.push(`t=${Math.round(world.sim.now)} ms: "my orders" shows o1 as **${row?.status ?? "nothing"}** (checkpoint ${world.projection()?.checkpoint()})`);
  return lines;
}

/** What each customer paid, refunds deducted, straight from the log's OrderPaid and OrderCancelled events. */
export function spentInLog(log: readonly RecordedEvent[]): Map<string, number> {
  const customerOf = new Map<string, string>();
  const spent = new Map<string, number>();
  for (const event of log) {
    const data = event.data as { customer?: string; amountCents?: number; refundCents?: number };
    if (event.type === "OrderPlaced") customerOf.set(event.stream, data.customer as string);
    const customer = customerOf.get(event.stream) as string;
    if (event.type === "OrderPaid") spent.set(customer, (spent.get(customer) ?? 0) + (data.amountCents ?? 0));
    if (event.type === "OrderCancelled") spent.set(customer, (spent.get(customer) ?? 0) - (data.refundCents ?? 0));
  }
  return spent;
}

/** Three orders, as events written today: ann pays 700 (o1) and 300 (o3, shipped); bo pays 400 and is refunded (o2). */
export const SAMPLE_ORDERS: { stream: string; events: NewEvent[] }[] = [
  {
    stream: "o1",
    events: [
      { type: "OrderPlaced", data: { orderId: "o1", customer: "ann" } },
      { type: "ItemAdded", data: { sku: "fig", quantity: 2, priceCents: 150 } },
      { type: "ItemAdded", data: { sku: "pear", quantity: 1, priceCents: 400 } },
      { type: "OrderSubmitted", data: { totalCents: 700 } },
      { type: "OrderPaid", data: { amountCents: 700 } },
    ],
  },
  {
    stream: "o2",
    events: [
      { type: "OrderPlaced", data: { orderId: "o2", customer: "bo" } },
      { type: "ItemAdded", data: { sku: "pear", quantity: 1, priceCents: 400 } },
      { type: "OrderSubmitted", data: { totalCents: 400 } },
      { type: "OrderPaid", data: { amountCents: 400 } },
      { type: "OrderCancelled", data: { reason: "changed mind", refundCents: 400 } },
    ],
  },
  {
    stream: "o3",
    events: [
      { type: "OrderPlaced", data: { orderId: "o3", customer: "ann" } },
      { type: "ItemAdded", data: { sku: "fig", quantity: 2, priceCents: 150 } },
      { type: "OrderSubmitted", data: { totalCents: 300 } },
      { type: "OrderPaid", data: { amountCents: 300 } },
      { type: "OrderShipped", data: {} },
    ],
  },
];

/** The sample orders' events in a store, interleaved as they would be in life. */
export function sampleLog(): RecordedEvent[] {
  const store = new EventStore(new MemoryStorage("store"));
  const longest = Math.max(...SAMPLE_ORDERS.map((o) => o.events.length));
  for (let i = 0; i < longest; i++) for (const { stream, events } of SAMPLE_ORDERS) if (events[i]) store.append(stream, [events[i]], i);
  return store.readAll(1);
}

/**
 * At-least-once delivery, step by step: the whole log, then its last five events again (a
 * consumer that reconnects), then a restart (the projection built again over its storage) and the
 * log from the checkpoint it reports. After each step, what the read model says ann and bo spent.
 */
export function atLeastOnce(Projection: OrderProjectionConstructor, log: readonly RecordedEvent[]): { step: string; ann: number; bo: number; checkpoint: number }[] {
  const storage = new MemoryStorage("projection");
  let projection = new Projection(storage);
  const rows: { step: string; ann: number; bo: number; checkpoint: number }[] = [];
  const note = (step: string) => rows.push({ step, ann: projection.spentBy("ann"), bo: projection.spentBy("bo"), checkpoint: projection.checkpoint() });
  for (const event of log) projection.handle(event);
  note(`events 1..${log.length}, once each`);
  for (const event of log.slice(-5)) projection.handle(event);
  note(`the last five again (the consumer reconnected)`);
  projection = new Projection(storage);
  const from = projection.checkpoint();
  for (const event of log.slice(from)) projection.handle(event);
  note(from < log.length ? `restarted; it said its checkpoint was ${from}, so it got events ${from + 1}..${log.length} again` : `restarted; its checkpoint was ${from}: nothing to replay`);
  return rows;
}
