/**
 * The projector: a simulator node that keeps a projection class (yours, the reference, or a
 * demo) up to date with the order service's global log. Every `pollMs` it asks for the events
 * after its projection's checkpoint and hands them over one by one: at least once, since a
 * duplicated or late answer brings events it has seen. Its projection lives in ctx.storage, so a
 * crash costs nothing but time; a power cut at a chosen write (PowerCutStorage) is a crash in
 * the middle of handling an event.
 */
import type { NodeContext, NodeId, ProtocolNode, StableStorage } from "../contracts/node";
import type { OrderProjectionApi, OrderProjectionConstructor } from "../contracts/event-sourcing";
import { PowerCut, PowerCutStorage } from "./power-cut";
import type { ServiceReply, ServiceRequest } from "./service";

export interface ProjectorOptions {
  /** The order service. */
  source: NodeId;
  pollMs?: number;
  /** Events asked for at once. */
  batchMax?: number;
  /** For this incarnation: lose power at this write (undefined: never). Asked at every boot. */
  powerCutAt?: () => number | undefined;
  /** The power went out: the host should crash this node now (and restart it later). */
  onPowerCut?: (id: NodeId) => void;
}

type Timer = { type: "poll" };

export class ProjectorNode implements ProtocolNode<ServiceReply, Timer> {
  readonly projection: OrderProjectionApi;
  private dark = false;

  constructor(
    private readonly ctx: NodeContext<ServiceRequest, Timer>,
    Projection: OrderProjectionConstructor,
    private readonly options: ProjectorOptions,
  ) {
    const cutAt = options.powerCutAt?.();
    const storage: StableStorage = cutAt === undefined ? ctx.storage : new PowerCutStorage(ctx.storage, cutAt);
    this.projection = new Projection(storage);
  }

  onStart(): void {
    this.poll();
  }

  onMessage(_from: NodeId, reply: ServiceReply): void {
    if (reply.type !== "Events" || this.dark) return;
    for (const event of reply.events) {
      try {
        this.projection.handle(event);
      } catch (error) {
        if (!(error instanceof PowerCut)) throw error;
        this.dark = true;
        this.ctx.log(`power cut while handling event #${event.position}`);
        this.options.onPowerCut?.(this.ctx.id);
        return;
      }
    }
    this.ctx.annotate({ checkpoint: this.projection.checkpoint() });
  }

  onTimer(): void {
    if (!this.dark) this.poll();
  }

  private poll(): void {
    this.ctx.annotate({ checkpoint: this.projection.checkpoint() });
    this.ctx.send(this.options.source, { type: "ReadAll", from: this.projection.checkpoint() + 1, max: this.options.batchMax ?? 20 });
    this.ctx.setTimer(this.options.pollMs ?? 50, { type: "poll" });
  }
}
