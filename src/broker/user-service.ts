/**
 * The chapter's user service, kept as thin as the chapter keeps it (a box in its docker-compose):
 * the directory of customers (each one's name and the funds the payment service opens their
 * account with), answered from its own storage, and each customer's order history, built by
 * reading the orders topic in a consumer group of its own. That second group reads the same
 * records the payment service reads, at its own pace and with its own committed offsets: Kafka's
 * fan-out, which a queue does not give. Course-owned, not an exercise; it runs on either host.
 */
import type { Json, NodeContext, NodeId } from "../contracts/node";
import { ORDERS_TOPIC, parseOrderPlaced } from "../contracts/messaging";
import type { BrokerClient, ConsumedRecord } from "./client";
import type { BrokerService } from "./host";

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
    this.broker.subscribe(USER_GROUP, [ORDERS_TOPIC], (record) => this.placed(record));
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

  private row(name: string): UserRow | undefined {
    return this.ctx.storage.get<UserRow>(PREFIX + name);
  }
}
