/**
 * How a kill lands. A real SIGKILL stops a process at any instruction; the simulator crashes a
 * node only between two handlers, where a kill can do no harm a restart does not undo. So a
 * node with a power switch (the order and payment services, every Raft server) dies right after
 * its next storage write, in the middle of that handler, which is the moment a kill does the most
 * harm (the order is stored and its event not sent; the charge is stored and its commit not sent;
 * the entry is in the leader's log and its AppendEntries not sent). If it writes nothing within
 * `graceMs`, it is killed between two handlers. Other nodes (the user-service, the broker) are
 * crashed at once.
 */
import type { NodeId } from "../contracts/node";
import type { PowerSwitch } from "../broker/power";
import type { Simulation } from "../sim";

const GRACE_MS = 100;

/** `powerOf(node)`: the node's power switch, or undefined for a node that has none. */
export function killerOf(sim: Simulation, powerOf: (node: NodeId) => PowerSwitch | undefined): (node: NodeId, downMs: number) => void {
  return (node, downMs) => {
    const power = powerOf(node);
    if (!power || !sim.isUp(node)) return sim.crash(node);
    const before = power.cutAt;
    power.arm({ write: power.writeCount + 1, lose: false, downMs });
    sim.after(GRACE_MS, `kill ${node} if it wrote nothing`, () => {
      if (power.cutAt !== before) return;
      power.disarm();
      sim.crash(node);
    });
  };
}
