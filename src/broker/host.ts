/**
 * A service on the simulator: the node the simulator runs is this adapter, which builds the
 * service's `SimBrokerClient` and hands the broker's messages and the plumbing's timers to it,
 * and everything else to the service. The service class itself only sees its `BrokerClient`,
 * which is what lets the same class run for real with a client for Redis Streams (src/live/service-host.ts).
 */
import type { Json, NodeContext, NodeFactory, NodeId, ProtocolNode } from "../contracts/node";
import { DEFAULT_CLIENT_OPTIONS, SimBrokerClient, isClientTimer, type BrokerClient, type ClientObserver, type SimClientOptions } from "./client";
import { isFromBroker } from "./protocol";

/** A service written against a broker client: a node's handlers, with the broker behind `broker`. */
export interface BrokerService<Msg = Json, Timer = Json> {
  onStart(): void;
  onRestart?(): void;
  onMessage(from: NodeId, msg: Msg): void;
  onTimer(timer: Timer): void;
}

export type ServiceFactory<S extends BrokerService<any, any> = BrokerService<any, any>> = (ctx: NodeContext<any, any>, broker: BrokerClient) => S;

export class ServiceNode<S extends BrokerService<any, any>> implements ProtocolNode<any, any> {
  readonly client: SimBrokerClient;
  readonly service: S;

  constructor(
    ctx: NodeContext<any, any>,
    private readonly broker: NodeId,
    factory: ServiceFactory<S>,
    options: SimClientOptions = DEFAULT_CLIENT_OPTIONS,
    observer: ClientObserver = {},
  ) {
    this.client = new SimBrokerClient(ctx, broker, options, observer);
    this.service = factory(ctx, this.client);
  }

  onStart(): void {
    this.service.onStart();
  }

  onRestart(): void {
    if (this.service.onRestart) this.service.onRestart();
    else this.service.onStart();
  }

  onMessage(from: NodeId, msg: Json): void {
    if (from === this.broker && isFromBroker(msg)) this.client.handle(msg);
    else this.service.onMessage(from, msg);
  }

  onTimer(timer: Json): void {
    if (isClientTimer(timer)) this.client.tick(timer);
    else this.service.onTimer(timer);
  }
}

/** The node factory that runs `factory`'s service on the simulator, talking to the broker node `broker`. */
export function onSimulatedBroker<S extends BrokerService<any, any>>(
  broker: NodeId,
  factory: ServiceFactory<S>,
  options: SimClientOptions = DEFAULT_CLIENT_OPTIONS,
  observer: ClientObserver = {},
): NodeFactory<any, any, ServiceNode<S>> {
  return (ctx) => new ServiceNode(ctx, broker, factory, options, observer);
}
