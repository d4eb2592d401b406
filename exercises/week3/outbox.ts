/**
 * Week 3, exercise 5: the order service's transactional outbox (section 14.5, the chapter's
 * order service publishing OrderPlaced to Kafka).
 *
 * Read first: the contract in src/contracts/messaging.ts (the flow, the events, what the broker
 * may do), src/broker/client.ts (the BrokerClient the course gives you), and notebook
 * 14-queues-and-logs, which shows the failure below before you write a line.
 *
 * The startup's order service did this:
 *
 *     db.insert(order, "PENDING");                 // 1. the state change
 *     kafka.send("orders", order.id, OrderPlaced); // 2. the event
 *
 * Two systems, no transaction across them. A crash (a deploy, an OOM kill, a power cut) between
 * 1 and 2, or a broker unreachable at that moment, and the order is PENDING forever: the payment
 * service never hears of it. Swapping 1 and 2 is no better: an event for an order that does not
 * exist. The transactional outbox: write the event into your own database in the same write as
 * the order, and let a relay publish what is in the outbox, again and again until the broker
 * confirms it.
 *
 * What to build: `OrderService`, a node with a BrokerClient (`this.broker`). The course's
 * plumbing resends a `produce` until the broker confirms it while your node lives; a crash
 * forgets it.
 *
 * The rules (each has a directed test; the table is grader/tests/week3/outbox.rules.md):
 *   1. PlaceOrder for an order you do not know: record it as PENDING together with its
 *      OrderPlaced event (eventId = orderPlacedId(orderId)) in ONE ctx.storage write (one put),
 *      then answer OrderReply with its status. The process may die right after any write.
 *   2. PlaceOrder for an order you already know (a shopper's resend) changes nothing and
 *      publishes nothing new: answer with the current status. GetOrder: the status, or UNKNOWN.
 *   3. The relay publishes every event in the outbox to ORDERS_TOPIC with key = orderId, and
 *      removes it from the outbox once the broker confirmed it (the produce callback), never
 *      before: a confirmed event is not published again at the next boot. It runs when an order
 *      is recorded, every config.relayIntervalMs, and at every boot: after a crash, everything
 *      still in the outbox is published again. At least once: a duplicate in the topic is fine
 *      (the payment service drops it by eventId); a lost event is not.
 *   4. Every publish of an order's event carries the same eventId.
 *   5. Join ORDER_GROUP on PAYMENTS_TOPIC. A PaymentSettled moves a PENDING order to PAID
 *      ("paid") or CANCELLED ("declined"); a duplicate or late one changes nothing (never back,
 *      never from PAID to CANCELLED). Commit each record after its change is stored.
 *   6. inspect(): every recorded order's status, read from ctx.storage.
 *
 * What the tests check: a power cut at each write of a run, the broker unreachable or crashed,
 * your node crashed while the broker is away; every order a shopper was answered for ends with
 * exactly one distinct OrderPlaced in the topic, and PAID or CANCELLED once its payment settled.
 */
import type { Json, NodeContext, NodeId } from "../../src/contracts/node";
import type { BrokerClient } from "../../src/broker/client";
import { notImplemented } from "../../src/contracts/not-implemented";
import type { GetOrder, OrderReply, OrderServiceApi, OrderServiceConfig, OrderStatus, PlaceOrder } from "../../src/contracts/messaging";

const FILE = "exercises/week3/outbox.ts";

export class OrderService implements OrderServiceApi {
  constructor(
    private readonly ctx: NodeContext<OrderReply, Json>,
    private readonly broker: BrokerClient,
    private readonly config: OrderServiceConfig,
  ) {}

  /** Boot (and boot after a crash): join the group, start the relay, publish what is in the outbox. */
  onStart(): void {
    notImplemented("OrderService.onStart", FILE);
  }

  onRestart(): void {
    this.onStart();
  }

  /** PlaceOrder and GetOrder from shoppers. */
  onMessage(from: NodeId, msg: PlaceOrder | GetOrder): void {
    notImplemented("OrderService.onMessage", FILE);
  }

  /** Your timers (the relay's tick). Never use the type "broker-client": the plumbing's timers have it. */
  onTimer(timer: Json): void {
    notImplemented("OrderService.onTimer", FILE);
  }

  inspect(): { [orderId: string]: OrderStatus } {
    return notImplemented("OrderService.inspect", FILE);
  }
}
