/**
 * A service of the chapter (a class written against `BrokerClient`, the same one the simulator
 * runs) as a live process: the real-time host (`LiveNode`: real timers, HTTP/JSON on loopback,
 * storage in a journal that survives kill -9 of the process) plus a `RedisBrokerClient` (the log on Redis
 * Streams, the queue on RabbitMQ), whose callbacks run as the node's handler events.
 */
import type { Json, NodeContext, NodeId } from "../contracts/node";
import type { BrokerClient } from "../broker/client";
import type { BrokerService } from "../broker/host";
import { LiveNode } from "./host";
import { JournalStorage } from "./journal-storage";
import { RabbitQueue, type QueueLayout } from "./rabbit-queue";
import { RedisBrokerClient, type RedisClientOptions } from "./redis-broker-client";
import type { RedisLog } from "./redis-log";

export interface LiveServiceOptions<S extends BrokerService<any, any>> {
  id: NodeId;
  /** Every node's port, this one's included (the shopper too: the order service answers it). */
  ports: Record<NodeId, number>;
  storagePath: string;
  seed: number;
  log: RedisLog;
  /** Where the queue calls go: RabbitMQ at `url`, queue q named `<namespace>.q` (a connection opens at the first queue call). */
  rabbit?: { url: string; namespace: string; queues: QueueLayout };
  make: (ctx: NodeContext<any, any>, broker: BrokerClient) => S;
  /** GET /status: what the service shows of itself (its storage through `ctx`). */
  status: (service: S, ctx: NodeContext<any, any>) => Json;
  client?: RedisClientOptions;
  onFatal?: (error: Error) => void;
  print?: (line: string) => void;
}

export interface LiveService<S extends BrokerService<any, any>> {
  host: LiveNode<S>;
  stop(): Promise<void>;
}

export async function startLiveService<S extends BrokerService<any, any>>(options: LiveServiceOptions<S>): Promise<LiveService<S>> {
  const print = options.print ?? console.log;
  let host: LiveNode<S> | undefined;
  let context: NodeContext<any, any> | undefined;
  const run = (event: string, handler: () => void) => host?.handle(event, handler);
  const report = (line: string) => print(`[${options.id}] broker: ${line}`);
  const rabbit = options.rabbit && new RabbitQueue(options.rabbit.url, options.rabbit.namespace, options.rabbit.queues, run, report);
  const client = new RedisBrokerClient(options.log, options.id, run, report, options.client, rabbit);
  host = await LiveNode.start<S>({
    id: options.id,
    ports: options.ports,
    storagePath: options.storagePath,
    openStorage: (path, owner) => new JournalStorage(path, owner),
    seed: options.seed,
    factory: (ctx) => {
      context = ctx;
      return options.make(ctx, client);
    },
    status: (service) => options.status(service, context as NodeContext<any, any>),
    onFatal: (error) => {
      void client.close();
      (options.onFatal ?? ((e) => print(`[${options.id}] stopped: ${e.message}`)))(error);
    },
    log: print,
  });
  client.connect();
  const started = host;
  return {
    host: started,
    stop: async () => {
      await client.close();
      await started.stop();
    },
  };
}
