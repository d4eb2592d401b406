/**
 * The chapter's services for real (`npm run services`, `npm run orders`): who runs where, on
 * which topics and queues, with which customers, and the file a running set of services is described in.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { NodeId } from "../contracts/node";
import { DEAD_LETTER_TOPIC, ORDER_SERVICE, ORDERS_TOPIC, PAYMENT_SERVICE, PAYMENTS_TOPIC } from "../contracts/messaging";
import { NOTIFICATION_SERVICE, RECEIPT_MAX_DELIVERIES, RECEIPTS_QUEUE } from "../broker/notification-worker";
import { USER_SERVICE } from "../broker/user-service";
import type { QueueLayout } from "./rabbit-queue";
import type { TopicLayout } from "./redis-log";

/** The traffic driver (`npm run orders`) is a node too: the order service answers it over HTTP. */
export const SHOPPER = "shopper";
export const SERVICES = [USER_SERVICE, ORDER_SERVICE, PAYMENT_SERVICE, NOTIFICATION_SERVICE] as const;
export type ServiceId = (typeof SERVICES)[number];

export const LIVE_TOPICS: TopicLayout = { [ORDERS_TOPIC]: { partitions: 3 }, [PAYMENTS_TOPIC]: { partitions: 3 }, [DEAD_LETTER_TOPIC]: { partitions: 1 } };
export const LIVE_QUEUES: QueueLayout = { [RECEIPTS_QUEUE]: { maxDeliveries: RECEIPT_MAX_DELIVERIES } };

/**
 * Each customer's funds (cents) and the amount of each of their orders. One amount per customer
 * makes a double charge countable: the money taken beyond the paid orders, divided by the amount.
 * bob and dave run out of money partway through a thousand orders, so some orders are cancelled.
 */
export const LIVE_CUSTOMERS: { [name: string]: { fundsCents: number; orderCents: number } } = {
  alice: { fundsCents: 100_000, orderCents: 300 },
  bob: { fundsCents: 60_000, orderCents: 500 },
  carol: { fundsCents: 200_000, orderCents: 700 },
  dave: { fundsCents: 45_000, orderCents: 900 },
};

export function liveFunds(): { [name: string]: number } {
  return Object.fromEntries(Object.entries(LIVE_CUSTOMERS).map(([name, c]) => [name, c.fundsCents]));
}

export const DEFAULT_SERVICES_DIR = join(".cache", "live-services");
export const DEFAULT_SERVICES_BASE_PORT = 8090;
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

/** "8090" -> users 8090, orders 8091, payments 8092, notifications 8093, the shopper 8094; "P1,...,P5" -> exactly those. */
export function servicePorts(basePort: number | undefined, list: string | undefined): Record<NodeId, number> {
  const ids = [...SERVICES, SHOPPER];
  const ports = list ? list.split(",").map(Number) : ids.map((_, i) => (basePort ?? DEFAULT_SERVICES_BASE_PORT) + i);
  if (ports.length !== ids.length) throw new RangeError(`--ports needs ${ids.length} ports (${ids.join(", ")}), got ${list}`);
  if (ports.some((port) => !Number.isInteger(port) || port <= 0 || port > 65535)) throw new RangeError(`ports must be integers in 1..65535, got ${ports.join(",")}`);
  if (new Set(ports).size !== ports.length) throw new RangeError(`ports must differ, got ${ports.join(",")}`);
  return Object.fromEntries(ids.map((id, i) => [id, ports[i]]));
}

/** What `npm run services` writes to DIR/services.json, and `npm run orders` reads. */
export interface ServicesFile {
  ports: Record<NodeId, number>;
  redisUrl: string;
  rabbitUrl: string;
  /** Prefix of every Redis key (`NS:orders:0`) and RabbitMQ queue (`NS.receipts`) of this run. */
  namespace: string;
  /** The order and payment services' module (exercises/week3 or solutions/week3). */
  modules: string;
  /** The supervisor's process id, and each service's current one (a restart changes it). */
  pid: number;
  pids: Partial<Record<ServiceId, number>>;
}

export function writeServicesFile(dir: string, file: ServicesFile): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "services.json"), JSON.stringify(file, null, 2) + "\n");
}

export function readServicesFile(dir: string): ServicesFile {
  const path = join(dir, "services.json");
  if (!existsSync(path)) throw new Error(`no running services found (${path} is missing): start them with \`npm run services\` in another terminal`);
  return JSON.parse(readFileSync(path, "utf8")) as ServicesFile;
}
