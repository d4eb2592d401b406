/**
 * Plays a method's faults and the rollbacks on the simulator. Partitions are kept as a set of
 * isolated nodes, because the simulator's cuts replace each other: healing one isolated service
 * must not heal another whose fault is still on. A fault's target is a name the run resolves to a
 * node when the fault starts (a shop service; a Raft server, or "leader": whichever leads then).
 */
import type { NodeId } from "../contracts/node";
import type { Simulation } from "../sim";
import { describeFault, faultWindow, type Action, type Fault, type Rollback } from "./experiment";

export interface FaultWindowRecord {
  fromMs: number;
  toMs: number;
  what: string;
  fault: Fault;
}

export class FaultPlayer {
  private readonly isolated = new Set<NodeId>();
  private readonly slowed = new Set<NodeId>();
  private readonly killed = new Set<NodeId>();
  /** The node each started fault hit, so that its end undoes it there. */
  private readonly hit = new Map<Fault, NodeId>();

  constructor(
    private readonly sim: Simulation,
    /** The node a target names right now; undefined: none (the fault does nothing). */
    private readonly nodeOf: (target: string) => NodeId | undefined,
    /** Kills a node (see kill.ts); the player restarts it when the fault ends. */
    private readonly kill: (node: NodeId, downMs: number) => void,
    private readonly onRestart: (node: NodeId) => void,
  ) {}

  /** Schedules every action of the method (cut short at `rollbackAtMs`) and the rollbacks; returns the fault windows. */
  schedule(method: readonly Action[], rollbacks: readonly Rollback[], rollbackAtMs: number): FaultWindowRecord[] {
    const windows: FaultWindowRecord[] = [];
    for (const { fault } of method) {
      if (fault.atMs >= rollbackAtMs) continue;
      const window = faultWindow(fault, rollbackAtMs);
      this.sim.at(window.fromMs, describeFault(fault), () => this.start(fault));
      if (window.toMs < rollbackAtMs) this.sim.at(window.toMs, `end of ${describeFault(fault)}`, () => this.stop(fault));
      windows.push({ ...window, what: describeFault(fault), fault });
    }
    this.sim.at(rollbackAtMs, "rollbacks", () => rollbacks.forEach((r) => this.rollback(r)));
    return windows;
  }

  private start(fault: Fault): void {
    const node = this.nodeOf(fault.target);
    if (node === undefined) return;
    this.hit.set(fault, node);
    if (fault.kind === "kill") {
      this.killed.add(node);
      this.kill(node, fault.durationMs);
    } else if (fault.kind === "partition") {
      this.isolated.add(node);
      this.applyCuts();
    } else {
      this.slowed.add(node);
      this.sim.setSlow(node, fault.extraDelayMs);
    }
  }

  private stop(fault: Fault): void {
    const node = this.hit.get(fault);
    if (node === undefined) return;
    if (fault.kind === "kill") this.restart(node);
    else if (fault.kind === "partition") {
      this.isolated.delete(node);
      this.applyCuts();
    } else {
      this.slowed.delete(node);
      this.sim.setSlow(node, 0);
    }
  }

  private rollback(rollback: Rollback): void {
    if (rollback.undo === "restart-all") [...this.killed].forEach((node) => this.restart(node));
    else if (rollback.undo === "heal-network") {
      this.isolated.clear();
      this.applyCuts();
    } else {
      this.slowed.forEach((node) => this.sim.setSlow(node, 0));
      this.slowed.clear();
    }
  }

  private restart(node: NodeId): void {
    this.killed.delete(node);
    if (this.sim.isUp(node)) return;
    this.sim.restart(node);
    this.onRestart(node);
  }

  private applyCuts(): void {
    this.sim.heal();
    for (const node of this.isolated) {
      for (const other of this.sim.nodeIds) {
        if (other === node) continue;
        this.sim.cutOneWay(node, other);
        this.sim.cutOneWay(other, node);
      }
    }
  }
}
