/**
 * The event-sourcing world on the simulator, for tests and notebooks: the order service
 * ("orders", owning the event store and running a repository class), the projector ("proj",
 * keeping a projection class up to date from the global log) and clerks (read-modify-write
 * clients). Faults are the simulator's: crashes, cuts, lost and duplicated messages, and power
 * cuts in the middle of the projector's writes.
 *
 *   const world = new EsWorld(OrderRepository, OrderSummaryProjection, { seed: 1 });
 *   world.addClerk({ orders: ["o1", "o2"], customers: ["ann"], commands: 20 });
 *   world.runUntilSettled(10_000);
 *   world.projection()?.summary("o1");
 */
import type { NodeId } from "../contracts/node";
import type { NewEvent, OrderProjectionApi, OrderProjectionConstructor, OrderRepositoryConstructor, OrderState } from "../contracts/event-sourcing";
import { Simulation, type NetworkConfig } from "../sim";
import type { LineSeries } from "../viz/chart";
import { Clerk, type ClerkOptions } from "./clerk";
import { ProjectorNode } from "./projector";
import { OrderServiceNode } from "./service";
import { EventStore } from "./store";

export const ORDERS_NODE: NodeId = "orders";
export const PROJECTOR_NODE: NodeId = "proj";

export interface EsWorldOptions {
  seed: number;
  network?: Partial<NetworkConfig>;
  snapshotEvery?: number;
  /** Streams already in the store at the first boot (e.g. LEGACY_ORDERS). */
  history?: { stream: string; events: NewEvent[] }[];
  pollMs?: number;
  batchMax?: number;
  /**
   * Asked at every boot of the projector: lose power at this write of that incarnation
   * (undefined: no cut). After a cut, the projector is down for `powerDownMs` (default 100).
   */
  powerCutAt?: () => number | undefined;
  powerDownMs?: number;
  trace?: boolean;
}

export class EsWorld {
  readonly sim: Simulation;
  readonly clerks: NodeId[] = [];
  /** Power cuts that happened: the projector's crashes in the middle of a write. */
  powerCuts = 0;

  constructor(Repository: OrderRepositoryConstructor, Projection: OrderProjectionConstructor, options: EsWorldOptions) {
    this.sim = new Simulation({ seed: options.seed, network: options.network, trace: options.trace ?? true });
    const downMs = options.powerDownMs ?? 100;
    this.sim.addNode(ORDERS_NODE, (ctx) => new OrderServiceNode(ctx, Repository, { snapshotEvery: options.snapshotEvery, history: options.history }), "server");
    this.sim.addNode(
      PROJECTOR_NODE,
      (ctx) =>
        new ProjectorNode(ctx, Projection, {
          source: ORDERS_NODE,
          pollMs: options.pollMs,
          batchMax: options.batchMax,
          powerCutAt: options.powerCutAt,
          onPowerCut: (id) => {
            this.powerCuts++;
            this.sim.after(0, `power cut: crash ${id}`, () => this.sim.crash(id));
            this.sim.after(downMs, `power back: restart ${id}`, () => this.sim.restart(id));
          },
        }),
      "server",
    );
  }

  /** A clerk working on `orders` from now on; returns its id (c1, c2, ...). */
  addClerk(options: Omit<ClerkOptions, "service">): NodeId {
    const id = `c${this.clerks.length + 1}`;
    this.sim.addNode(id, (ctx) => new Clerk(ctx, { ...options, service: ORDERS_NODE }), "client");
    this.clerks.push(id);
    return id;
  }

  clerk(id: NodeId): Clerk {
    return this.sim.node<Clerk>(id) as Clerk;
  }

  /** The event store, read straight from the order service's storage (also while it is down). */
  store(): EventStore {
    return new EventStore(this.sim.storage(ORDERS_NODE));
  }

  /** The projector's projection, while the projector is up. */
  projection(): OrderProjectionApi | undefined {
    return this.sim.isUp(PROJECTOR_NODE) ? this.sim.node<ProjectorNode>(PROJECTOR_NODE)?.projection : undefined;
  }

  /** The order as the order service's repository loads it now (the service must be up). */
  load(orderId: string): { state: OrderState; version: number } {
    return this.sim.call<OrderServiceNode, { state: OrderState; version: number }>(ORDERS_NODE, `load(${orderId})`, (node) => node.repository.load(orderId));
  }

  clerksDone(): boolean {
    return this.clerks.every((id) => this.sim.node<Clerk>(id)?.done === true);
  }

  /** The projection has applied every event in the store. */
  caughtUp(): boolean {
    const projection = this.projection();
    return projection !== undefined && projection.checkpoint() === this.store().head();
  }

  /** Run until the clerks are done and the projection has caught up (or `timeoutMs` passed). */
  runUntilSettled(timeoutMs: number): boolean {
    return this.sim.runUntil(() => this.clerksDone() && this.caughtUp(), { timeoutMs }).reached;
  }

  /** The store's head and the projection's checkpoint over time, for a line chart of the lag. */
  lagSeries(): LineSeries[] {
    const series = (node: NodeId, key: string, name: string): LineSeries => {
      const points: { x: number; y: number }[] = [];
      for (const e of this.sim.trace.events) {
        if (e.kind !== "annotate" || e.node !== node || typeof e.state[key] !== "number") continue;
        const last = points[points.length - 1];
        if (last) points.push({ x: e.t, y: last.y }); // a step, not a slope
        points.push({ x: e.t, y: e.state[key] as number });
      }
      if (points.length > 0) points.push({ x: this.sim.now, y: points[points.length - 1].y });
      return { name, points };
    };
    return [series(ORDERS_NODE, "head", "events in the store (head)"), series(PROJECTOR_NODE, "checkpoint", "events in the read model (checkpoint)")];
  }
}
