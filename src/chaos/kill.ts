/**
 * How a kill lands. A real SIGKILL stops a process at any instruction; the simulator crashes a
 * node only between two handlers, where a kill can do no harm a restart does not undo. So a
 * service with a power switch (the order and payment services) dies right after its next storage
 * write, in the middle of that handler, which is the moment a kill does the most harm (the order
 * is stored and its event not sent; the charge is stored and its commit not sent). If it writes
 * nothing within `graceMs`, it is killed between two handlers. Other nodes (the user-service,
 * the broker) are crashed at once.
 */
import type { NodeId } from "../contracts/node";
import type { ShopWorld } from "../broker/shop";
import { ORDER_SERVICE } from "../contracts/messaging";

const GRACE_MS = 100;

export function killerOf(shop: ShopWorld): (node: NodeId, downMs: number) => void {
  const powered = new Set([ORDER_SERVICE, ...shop.paymentNodes]);
  return (node, downMs) => {
    if (!powered.has(node) || !shop.sim.isUp(node)) return shop.sim.crash(node);
    const power = shop.power(node);
    const before = power.cutAt;
    power.arm({ write: power.writeCount + 1, lose: false, downMs });
    shop.sim.after(GRACE_MS, `kill ${node} if it wrote nothing`, () => {
      if (power.cutAt !== before) return;
      power.disarm();
      shop.sim.crash(node);
    });
  };
}
