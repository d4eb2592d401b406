/**
 * One of the chapter's services as its own process (started by scripts/services.ts):
 *
 *   node --import tsx scripts/live-service.ts --id payments --ports users=8090,orders=8091,... \
 *        --modules exercises/week3 --storage .cache/live-services/payments.jsonl \
 *        --redis redis://127.0.0.1:6379 --rabbit amqp://guest:guest@127.0.0.1:5672 --namespace shop
 *
 * users runs the course's UserService, notifications its NotificationWorker; orders and payments
 * run OrderService (outbox.ts) and PaymentService (payment-consumer.ts) from --modules: yours, or
 * the reference with the services' --solutions. It exits with a message when the service stops (a handler threw, or is not
 * implemented yet), and cleanly on SIGTERM.
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import type { Json, NodeContext } from "../src/contracts/node";
import { DEFAULT_ORDER_CONFIG, DEFAULT_PAYMENT_CONFIG, LEDGER_KEY, ORDER_SERVICE, PAYMENT_SERVICE, type OrderServiceApi, type OrderServiceConstructor, type PaymentServiceConstructor } from "../src/contracts/messaging";
import { isNotImplemented } from "../src/contracts/not-implemented";
import type { BrokerClient } from "../src/broker/client";
import type { BrokerService } from "../src/broker/host";
import { NOTIFICATION_SERVICE, NotificationWorker } from "../src/broker/notification-worker";
import { USER_SERVICE, UserService } from "../src/broker/user-service";
import { RedisLog } from "../src/live/redis-log";
import { startLiveService, type LiveService } from "../src/live/service-host";
import { LIVE_QUEUES, LIVE_TOPICS, liveFunds } from "../src/live/shop-layout";

const { values } = parseArgs({
  options: {
    id: { type: "string" },
    ports: { type: "string" },
    modules: { type: "string" },
    storage: { type: "string" },
    redis: { type: "string" },
    rabbit: { type: "string" },
    namespace: { type: "string" },
    seed: { type: "string", default: "1" },
  },
});
const missing = ["id", "ports", "modules", "storage", "redis", "rabbit", "namespace"].filter((name) => values[name as keyof typeof values] === undefined);
if (missing.length > 0) {
  console.error(`live-service: missing --${missing.join(", --")} (scripts/services.ts passes them all)`);
  process.exit(2);
}
const id = values.id as string;

type Built = { make: (ctx: NodeContext<any, any>, broker: BrokerClient) => BrokerService<any, any>; status: (service: any, ctx: NodeContext<any, any>) => Json };

/** The service `id` runs: its class, and what its GET /status shows. */
async function build(modules: string): Promise<Built> {
  if (id === USER_SERVICE) return { make: (ctx, broker) => new UserService(ctx, broker, liveFunds()), status: (service: UserService) => ({ users: service.profiles() }) as unknown as Json };
  if (id === NOTIFICATION_SERVICE) return { make: (ctx, broker) => new NotificationWorker(ctx, broker), status: (service: NotificationWorker) => ({ mailboxes: service.mailboxes() }) as unknown as Json };
  if (id === ORDER_SERVICE) {
    const OrderService = await exported<OrderServiceConstructor>(join(modules, "outbox.ts"), "OrderService");
    return { make: (ctx, broker) => new OrderService(ctx, broker, DEFAULT_ORDER_CONFIG), status: (service: OrderServiceApi) => ({ statuses: service.inspect() }) };
  }
  if (id === PAYMENT_SERVICE) {
    const PaymentService = await exported<PaymentServiceConstructor>(join(modules, "payment-consumer.ts"), "PaymentService");
    const config = { ...DEFAULT_PAYMENT_CONFIG, funds: liveFunds() };
    return { make: (ctx, broker) => new PaymentService(ctx, broker, config), status: (_service, ctx) => ({ ledger: ctx.storage.get(LEDGER_KEY) ?? null }) };
  }
  throw new Error(`no service "${id}" (services: ${USER_SERVICE}, ${ORDER_SERVICE}, ${PAYMENT_SERVICE}, ${NOTIFICATION_SERVICE})`);
}

async function exported<T>(path: string, name: string): Promise<T> {
  const loaded = (await import(resolve(path))) as Record<string, unknown>;
  if (typeof loaded[name] !== "function") throw new Error(`${path} does not export a class ${name}`);
  return loaded[name] as T;
}

function parsePorts(text: string): Record<string, number> {
  return Object.fromEntries(text.split(",").map((pair) => {
    const [node, port] = pair.split("=");
    return [node, Number(port)];
  }));
}

async function main(): Promise<void> {
  const built = await build(values.modules as string);
  // Retry forever while Redis is away: the client reports it and carries on when it is back.
  const redis = new Redis(values.redis as string, { maxRetriesPerRequest: null });
  redis.on("error", () => undefined);
  const service: LiveService<BrokerService<any, any>> = await startLiveService({
    id,
    ports: parsePorts(values.ports as string),
    storagePath: values.storage as string,
    seed: Number(values.seed),
    log: new RedisLog(redis, values.namespace as string, LIVE_TOPICS),
    rabbit: { url: values.rabbit as string, namespace: values.namespace as string, queues: LIVE_QUEUES },
    make: built.make,
    status: built.status,
    onFatal: (error) => {
      const cause = error.message.split("\n")[0];
      console.error(/not implemented yet/.test(cause) ? `[${id}] ${cause.replace(/^.*?not implemented yet/, "not implemented yet")}` : `[${id}] stopped: ${error.message}`);
      process.exit(1);
    },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => void service.stop().then(() => redis.quit()).finally(() => process.exit(0)));
  }
}

main().catch((error: unknown) => {
  const taken = (error as { code?: string }).code === "EADDRINUSE";
  const why = taken ? `${(error as Error).message}: another program holds that port; start the services elsewhere with \`npm run services -- --base-port 9090\`` : isNotImplemented(error) ? (error as Error).message : (error as Error).stack ?? String(error);
  console.error(`[${id}] could not start: ${why}`);
  process.exit(1);
});
