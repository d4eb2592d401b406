/**
 * The chapter's user service, kept as thin as the chapter keeps it (a box in its docker-compose):
 * the directory of customers (each one's name and the funds the payment service opens their
 * account with), answered from its own storage, and each customer's order history, built by
 * reading the orders topic in a consumer group of its own. That second group reads the same
 * records the payment service reads, at its own pace and with its own committed offsets: Kafka's
 * fan-out, which a queue does not give. It reads the payments topic in that group too: for each
 * settled order it puts a receipt job for the order's customer on the receipts queue, for the
 * notification worker (notification-worker.ts) to send. Course-owned, not an exercise; it runs on
 * either host.
 */
import type { Json, NodeContext, NodeId } from "../contracts/node";
import { ORDERS_TOPIC, parseOrderPlaced, PAYMENTS_TOPIC, type PaymentSettled } from "../contracts/messaging";
import type { BrokerClient, ConsumedRecord } from "./client";
import type { BrokerService } from "./host";
import { RECEIPTS_QUEUE, receiptId, type Receipt } from "./notification-worker";

export const USER_SERVICE = "users";
export const USER_GROUP = "user-service";

/** From anyone: who are the customers? */
export interface GetUsers {
  type: "GetUsers";
}
export interface UserProfile {
  name: string;
  funds: number;
  /** The orders placed for this customer, as far as the user service has read the orders topic. */
  orders: number;
}
export interface UsersReply {
  type: "UsersReply";
  users: UserProfile[];
}

type UserRow = { name: string; funds: number; orderIds: string[] };

const PREFIX = "user/";
/** Wait this long before reading a PaymentSettled again whose OrderPlaced this service has not read yet. */
const UNKNOWN_ORDER_RETRY_MS = 100;

export class UserService implements BrokerService<GetUsers, Json> {
  constructor(
    private readonly ctx: NodeContext<UsersReply, Json>,
    private readonly broker: BrokerClient,
    /** The customers of a first boot (empty storage), with their funds. */
    private readonly directory: { [name: string]: number },
  ) {}

  onStart(): void {
    for (const [name, funds] of Object.entries(this.directory)) {
      if (!this.row(name)) this.ctx.storage.put(PREFIX + name, { name, funds, orderIds: [] });
    }
    this.broker.subscribe(USER_GROUP, [ORDERS_TOPIC, PAYMENTS_TOPIC], (record) => (record.topic === PAYMENTS_TOPIC ? this.settled(record) : this.placed(record)));
  }

  onMessage(from: NodeId, msg: GetUsers): void {
    if (msg?.type === "GetUsers") this.ctx.send(from, { type: "UsersReply", users: this.profiles() });
  }

  onTimer(): void {}

  /** Every customer, read from storage. */
  profiles(): UserProfile[] {
    return this.ctx.storage.keys().filter((key) => key.startsWith(PREFIX)).sort().map((key) => {
      const row = this.ctx.storage.get<UserRow>(key) as UserRow;
      return { name: row.name, funds: row.funds, orders: row.orderIds.length };
    });
  }

  /** An OrderPlaced: note the order in its customer's history (once: a duplicate is already there), then commit. */
  private placed(record: ConsumedRecord): void {
    const event = parseOrderPlaced(record.value);
    const row = typeof event === "string" ? undefined : this.row(event.customer);
    if (row && typeof event !== "string" && !row.orderIds.includes(event.orderId)) {
      this.ctx.storage.put(PREFIX + row.name, { ...row, orderIds: [...row.orderIds, event.orderId] });
    }
    this.broker.commit(record);
  }

  /**
   * A PaymentSettled: a receipt job for the order's customer, committed once RabbitMQ (or the
   * simulated broker) confirmed the job. The partition waits meanwhile, so a commit never passes a
   * job that is not stored yet; a crash before the commit enqueues the job again (the worker sends
   * it once). The customer comes from the order history, which the orders topic fills: an order
   * not read there yet is read again a little later.
   */
  private settled(record: ConsumedRecord): void {
    const event = record.value as Partial<PaymentSettled> | null;
    if (event?.type !== "PaymentSettled" || typeof event.orderId !== "string" || (event.outcome !== "paid" && event.outcome !== "declined")) return this.broker.commit(record);
    const orderId = event.orderId;
    const customer = this.customerOf(orderId);
    if (customer === undefined) return this.broker.retry(record, UNKNOWN_ORDER_RETRY_MS);
    const receipt: Receipt = { type: "Receipt", orderId, customer, outcome: event.outcome };
    this.broker.pause(record);
    this.broker.enqueue(RECEIPTS_QUEUE, receiptId(orderId), receipt as unknown as Json, () => {
      this.broker.commit(record);
      this.broker.resume(record);
    });
  }

  private customerOf(orderId: string): string | undefined {
    return this.ctx.storage.keys().filter((key) => key.startsWith(PREFIX)).map((key) => this.ctx.storage.get<UserRow>(key) as UserRow).find((row) => row.orderIds.includes(orderId))?.name;
  }

  private row(name: string): UserRow | undefined {
    return this.ctx.storage.get<UserRow>(PREFIX + name);
  }
}
