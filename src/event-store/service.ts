/**
 * The order service of the event-sourcing world: a simulator node that owns the event store (in
 * its ctx.storage) and runs an order repository class (yours, the reference, or a demo) on it.
 * Clients send it commands with the version they last saw; the projector reads its global log.
 *
 *   Execute {reqId, orderId, command, expectedVersion?} -> Executed {reqId, version, position} or Refused {reqId, error, reason}
 *   Load {reqId, orderId}                               -> Loaded {reqId, state, version}
 *   ReadAll {from, max}                                 -> Events {events}
 */
import type { Json, NodeContext, NodeId, ProtocolNode } from "../contracts/node";
import {
  CommandRejected,
  ConcurrencyError,
  type NewEvent,
  type OrderCommand,
  type OrderRepositoryApi,
  type OrderRepositoryConstructor,
  type OrderState,
  type RecordedEvent,
} from "../contracts/event-sourcing";
import { EventStore } from "./store";

export type ServiceRequest =
  | { type: "Execute"; reqId: string; orderId: string; command: OrderCommand; expectedVersion?: number }
  | { type: "Load"; reqId: string; orderId: string }
  | { type: "ReadAll"; from: number; max: number };

export type ServiceReply =
  | { type: "Executed"; reqId: string; version: number; position: number }
  | { type: "Refused"; reqId: string; error: "conflict" | "rejected"; reason: string }
  | { type: "Loaded"; reqId: string; state: OrderState; version: number }
  | { type: "Events"; events: RecordedEvent[] };

export interface OrderServiceOptions {
  snapshotEvery?: number;
  /** Streams written long ago (events with their schema), put into the store on the very first boot. */
  history?: { stream: string; events: NewEvent[] }[];
}

export class OrderServiceNode implements ProtocolNode<ServiceRequest, Json> {
  readonly store: EventStore;
  readonly repository: OrderRepositoryApi;

  constructor(
    private readonly ctx: NodeContext<ServiceReply, Json>,
    Repository: OrderRepositoryConstructor,
    private readonly options: OrderServiceOptions = {},
  ) {
    this.store = new EventStore(ctx.storage);
    this.repository = new Repository(this.store, { snapshotEvery: options.snapshotEvery ?? 0 });
  }

  onStart(): void {
    if (this.store.head() === 0) for (const { stream, events } of this.options.history ?? []) this.store.append(stream, events, this.store.version(stream));
    this.ctx.annotate({ head: this.store.head() }); // for the pictures of projection lag
  }

  onMessage(from: NodeId, request: ServiceRequest): void {
    if (request.type === "ReadAll") return this.ctx.send(from, { type: "Events", events: this.store.readAll(request.from, request.max) });
    if (request.type === "Load") {
      const { state, version } = this.repository.load(request.orderId);
      return this.ctx.send(from, { type: "Loaded", reqId: request.reqId, state, version });
    }
    if (request.type === "Execute") this.ctx.send(from, this.execute(request));
  }

  onTimer(): void {}

  private execute(request: Extract<ServiceRequest, { type: "Execute" }>): ServiceReply {
    try {
      const { version, position } = this.repository.execute(request.orderId, request.command, request.expectedVersion);
      this.ctx.annotate({ head: this.store.head() });
      return { type: "Executed", reqId: request.reqId, version, position };
    } catch (error) {
      if (error instanceof ConcurrencyError) return { type: "Refused", reqId: request.reqId, error: "conflict", reason: error.message };
      if (error instanceof CommandRejected) return { type: "Refused", reqId: request.reqId, error: "rejected", reason: error.reason };
      throw error;
    }
  }
}
