/**
 * The shop's receipts on the simulated broker: the user service turns each PaymentSettled into a
 * receipt job for the order's customer, the notification worker sends each receipt once, also
 * when jobs come twice and when the worker crashes holding unacknowledged jobs; a job that is no
 * receipt goes to the dead-letter queue. The same classes run for real (test/broker/real-broker.e2e.test.ts).
 */
import { expect } from "chai";
import type { Json, NodeContext } from "../../src/contracts/node";
import { ORDERS_TOPIC, orderPlacedId, PAYMENTS_TOPIC, paymentSettledId } from "../../src/contracts/messaging";
import { BrokerNode } from "../../src/broker/broker";
import type { BrokerClient } from "../../src/broker/client";
import { onSimulatedBroker, type BrokerService } from "../../src/broker/host";
import { NOTIFICATION_SERVICE, NotificationWorker, RECEIPT_MAX_DELIVERIES, RECEIPTS_QUEUE, receiptId, type SentReceipt } from "../../src/broker/notification-worker";
import { deadLetterQueue, type BrokerConfig } from "../../src/broker/protocol";
import { USER_SERVICE, UserService } from "../../src/broker/user-service";
import { Simulation } from "../../src/sim";

const BROKER = "broker";
const CONFIG: BrokerConfig = {
  topics: { [ORDERS_TOPIC]: { partitions: 3 }, [PAYMENTS_TOPIC]: { partitions: 3 } },
  queues: { [RECEIPTS_QUEUE]: { maxDeliveries: RECEIPT_MAX_DELIVERIES } },
  sessionTimeoutMs: 300,
};

/** Does, at its start, what the test hands it: produce records, enqueue jobs. */
class Driver implements BrokerService {
  constructor(
    private readonly broker: BrokerClient,
    private readonly script: (broker: BrokerClient) => void,
  ) {}
  onStart(): void {
    this.script(this.broker);
  }
  onMessage(): void {}
  onTimer(): void {}
}

function world(script: (broker: BrokerClient) => void, prefetch = 5) {
  const sim = new Simulation({ seed: 3, network: { delay: { kind: "uniform", msMin: 1, msMax: 5 } } });
  sim.addNode(BROKER, (ctx) => new BrokerNode(ctx, CONFIG), "server");
  sim.addNode(NOTIFICATION_SERVICE, onSimulatedBroker(BROKER, (ctx: NodeContext<any, any>, broker) => new NotificationWorker(ctx, broker, prefetch)), "server");
  sim.addNode("driver", onSimulatedBroker(BROKER, (_ctx, broker) => new Driver(broker, script)), "client");
  const mailboxes = () => Object.fromEntries(sim.storage(NOTIFICATION_SERVICE).keys().map((key) => [key, sim.storage(NOTIFICATION_SERVICE).get<SentReceipt[]>(key)]));
  const broker = () => sim.node<BrokerNode>(BROKER) as BrokerNode;
  return { sim, mailboxes, broker };
}

function receipt(orderId: string, customer: string, outcome: "paid" | "declined"): Json {
  return { type: "Receipt", orderId, customer, outcome };
}

describe("broker: receipts through a queue (user service -> notification worker)", () => {
  it("sends each receipt once though jobs come twice and the worker crashes holding some", () => {
    const orders = Array.from({ length: 30 }, (_, i) => `o${i}`);
    const w = world((broker) => {
      for (const orderId of orders) broker.enqueue(RECEIPTS_QUEUE, receiptId(orderId), receipt(orderId, "alice", "paid"));
      for (const orderId of orders.slice(0, 10)) broker.enqueue(RECEIPTS_QUEUE, receiptId(orderId), receipt(orderId, "alice", "paid")); // a producer's resends
    });
    w.sim.runFor(30);
    w.sim.crash(NOTIFICATION_SERVICE); // with up to `prefetch` jobs unacknowledged
    w.sim.runFor(400); // its session times out: the jobs go back to the queue
    w.sim.restart(NOTIFICATION_SERVICE);
    w.sim.runFor(1_000);
    const sent = w.mailboxes()["mailbox/alice"] ?? [];
    expect(sent.map((s) => s.orderId)).to.have.members(orders);
    expect(sent).to.have.length(orders.length);
    expect(w.broker().queued(RECEIPTS_QUEUE)).to.deep.equal([]);
  });

  it("dead-letters a job that is no receipt, and goes on with the others", () => {
    const w = world((broker) => {
      broker.enqueue(RECEIPTS_QUEUE, "junk", { type: "Receipt", orderId: "o1", customer: "bob", outcome: "maybe" });
      broker.enqueue(RECEIPTS_QUEUE, receiptId("o2"), receipt("o2", "bob", "declined"));
    });
    w.sim.runFor(500);
    expect(w.mailboxes()["mailbox/bob"]).to.deep.equal([{ messageId: receiptId("o2"), orderId: "o2", outcome: "declined" }]);
    expect(w.broker().queued(deadLetterQueue(RECEIPTS_QUEUE)).map((m) => m.messageId)).to.deep.equal(["junk"]);
  });

  it("the user service enqueues one receipt per settled order for its customer, also when the payment is read before the order", () => {
    const w = world((broker) => {
      // The payment of o2 is on the payments topic before its order is on the orders topic: the user service waits for the order.
      broker.produce(PAYMENTS_TOPIC, "o2", { type: "PaymentSettled", eventId: paymentSettledId("o2"), orderId: "o2", outcome: "declined" });
      for (const [orderId, customer] of [["o1", "alice"], ["o2", "bob"]]) {
        broker.produce(ORDERS_TOPIC, orderId, { type: "OrderPlaced", eventId: orderPlacedId(orderId), orderId, customer, amount: 100 });
      }
      broker.produce(PAYMENTS_TOPIC, "o1", { type: "PaymentSettled", eventId: paymentSettledId("o1"), orderId: "o1", outcome: "paid" });
      broker.produce(PAYMENTS_TOPIC, "o1", { type: "PaymentSettled", eventId: paymentSettledId("o1"), orderId: "o1", outcome: "paid" }); // a duplicate
    });
    w.sim.addNode(USER_SERVICE, onSimulatedBroker(BROKER, (ctx: NodeContext<any, any>, broker) => new UserService(ctx, broker, { alice: 1_000, bob: 1_000 })), "server");
    w.sim.runFor(1_000);
    expect(w.mailboxes()).to.deep.equal({
      "mailbox/alice": [{ messageId: receiptId("o1"), orderId: "o1", outcome: "paid" }],
      "mailbox/bob": [{ messageId: receiptId("o2"), orderId: "o2", outcome: "declined" }],
    });
  });
});
