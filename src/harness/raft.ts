/**
 * A simulated Raft cluster for tests and notebooks, in the spirit of the MIT 6.5840 lab's
 * config: start N servers running a RaftNode class (yours or the reference), record what each
 * applies, watch the safety properties after every event, and offer the helpers the scenarios
 * are written with (one leader? how many servers committed index i? submit a command and wait
 * until it commits), all in virtual time.
 *
 * Every failure is a RaftTestFailure whose message says what went wrong and when (in English; its
 * `finding` words it in any language, findings/).
 */
import type { Json, NodeId } from "../contracts/node";
import { DEFAULT_RAFT_CONFIG, type ApplyMsg, type RaftConfig, type RaftNodeConstructor, type RaftPeer, type RaftSnapshot } from "../contracts/raft";
import { RaftSafetyWatcher } from "../check/raft-invariants";
import { finding, renderFinding, type Finding } from "../findings/finding";
import { formatGroups, parseGroups } from "../sim/partition";
import { Simulation, type NetworkConfig } from "../sim";
import { formatMs } from "../sim/trace";

export class RaftTestFailure extends Error {
  constructor(readonly finding: Finding) {
    super(renderFinding(finding));
    this.name = "RaftTestFailure";
  }
}

export interface RaftClusterOptions {
  seed: number;
  servers?: number;
  network?: Partial<NetworkConfig>;
  config?: RaftConfig;
  trace?: boolean;
}

/** A leader is expected within this much virtual time after conditions allow one. */
export const ELECTION_DEADLINE_MS = 5_000;
/** A command submitted to a leader is expected to commit within this much virtual time. */
export const AGREEMENT_DEADLINE_MS = 10_000;

export class RaftCluster {
  readonly sim: Simulation;
  readonly servers: NodeId[];
  /** Everything each server applied, in order (a restart starts a new list). */
  readonly applied = new Map<NodeId, ApplyMsg[]>();
  readonly watcher: RaftSafetyWatcher;
  private readonly disconnected = new Set<NodeId>();
  /** The groups of the last partition(spec), until heal() or a disconnect/connect replaces it. */
  private groups: NodeId[][] | undefined;

  constructor(NodeClass: RaftNodeConstructor, options: RaftClusterOptions) {
    this.sim = new Simulation({ seed: options.seed, network: options.network, trace: options.trace ?? true, eventsMax: 20_000_000 });
    const config = options.config ?? DEFAULT_RAFT_CONFIG;
    this.watcher = new RaftSafetyWatcher({ snapshots: () => this.snapshots(), now: () => this.sim.now });
    this.servers = this.sim.addServers(options.servers ?? 5, (ctx) => {
      const list: ApplyMsg[] = [];
      this.applied.set(ctx.id, list);
      this.watcher.onRestart(ctx.id);
      return new NodeClass(ctx, (msg) => {
        list.push({ index: msg.index, term: msg.term, command: msg.command });
        this.watcher.onApply(ctx.id, msg);
      }, config);
    });
    this.sim.afterEachEvent(() => {
      this.publishRoles();
      this.watcher.afterEvent();
      const violation = this.watcher.violation;
      if (violation) throw new RaftTestFailure(finding("raftViolated", violation.property, formatMs(violation.atMs), violation.finding));
    });
  }

  /** Every up server's role and term into the trace (when they change), whether or not the node annotates them. */
  private publishRoles(): void {
    for (const [id, snapshot] of this.snapshots()) this.sim.annotate(id, { role: snapshot.role, term: snapshot.term });
  }

  node(id: NodeId): RaftPeer | undefined {
    return this.sim.node<RaftPeer>(id);
  }

  /** What every up server says about itself right now. */
  snapshots(): Map<NodeId, RaftSnapshot> {
    const out = new Map<NodeId, RaftSnapshot>();
    for (const id of this.servers) {
      const node = this.node(id);
      if (node && this.sim.isUp(id)) out.set(id, node.inspect());
    }
    return out;
  }

  /**
   * The servers a client uses, as MIT's config.connected[]: up, not disconnected, and after
   * partition(spec) only those on the side that holds a majority, if one does. A client that
   * offered commands to an old leader stranded on the minority side would wait forever on
   * correct code (nothing there can commit, and stepping down is optional).
   */
  connected(): NodeId[] {
    const majoritySide = this.groups?.find((group) => group.length * 2 > this.servers.length);
    return this.servers.filter((id) => this.sim.isUp(id) && !this.disconnected.has(id) && (!majoritySide || majoritySide.includes(id)));
  }

  // ------------------------------------------------------------------ faults, MIT style

  /** Cut `id` off from everyone (the others stay connected among themselves). */
  disconnect(id: NodeId): void {
    this.groups = undefined;
    this.disconnected.add(id);
    this.applyCuts();
  }

  connect(id: NodeId): void {
    this.groups = undefined;
    this.disconnected.delete(id);
    this.applyCuts();
  }

  /** The chapter's notation: "1,2|3,4,5". Replaces individual disconnections. */
  partition(spec: string): void {
    this.disconnected.clear();
    this.groups = parseGroups(spec, this.servers);
    this.sim.partition(spec);
  }

  heal(): void {
    this.disconnected.clear();
    this.groups = undefined;
    this.sim.heal();
  }

  crash(id: NodeId): void {
    this.sim.crash(id);
  }

  restart(id: NodeId): void {
    this.sim.restart(id);
  }

  private applyCuts(): void {
    if (this.disconnected.size === 0) return this.sim.heal();
    const rest = this.servers.filter((id) => !this.disconnected.has(id));
    const groups = [...[...this.disconnected].sort().map((id) => [id]), ...(rest.length > 0 ? [rest] : [])];
    if (groups.length < 2) return this.sim.heal();
    this.sim.partition(formatGroups(groups));
  }

  // ------------------------------------------------------------------ checks

  /** Leaders among `group` (default: connected servers), by term. */
  leadersAmong(group: NodeId[] = this.connected()): { id: NodeId; term: number }[] {
    return group.flatMap((id) => {
      const state = this.sim.isUp(id) ? this.node(id)?.getState() : undefined;
      return state?.isLeader ? [{ id, term: state.term }] : [];
    });
  }

  /**
   * Run until exactly one server of `group` leads in the newest term seen there, and return it.
   * Fails, in words, if none emerges before the deadline.
   */
  checkOneLeader(group?: NodeId[], deadlineMs = ELECTION_DEADLINE_MS): NodeId {
    let leader: NodeId | undefined;
    const members = () => group ?? this.connected(); // evaluated as the run goes: servers boot and crash
    const found = () => {
      const leaders = this.leadersAmong(members());
      if (leaders.length === 0) return false;
      const newest = Math.max(...leaders.map((l) => l.term));
      const inNewest = leaders.filter((l) => l.term === newest);
      if (inNewest.length !== 1) return false;
      leader = inNewest[0].id;
      return true;
    };
    const { reached } = this.sim.runUntil(found, { timeoutMs: deadlineMs });
    if (!reached || leader === undefined) {
      throw new RaftTestFailure(finding("raftNoSingleLeader", members().join(", "), deadlineMs, formatMs(this.sim.now), this.describeStates(members())));
    }
    return leader;
  }

  /** Fail if any server of `group` believes it is leader now. */
  checkNoLeader(group: NodeId[]): void {
    const leaders = this.leadersAmong(group);
    if (leaders.length > 0) {
      throw new RaftTestFailure(finding("raftMinorityLeader", leaders.map((l) => `${l.id} (term ${l.term})`).join(", "), group.join(", "), formatMs(this.sim.now)));
    }
  }

  /** The term all connected servers agree on; fails if they disagree. */
  checkTerms(): number {
    const terms = new Set(this.connected().map((id) => this.node(id)?.getState().term));
    if (terms.size !== 1) throw new RaftTestFailure(finding("raftTermsDisagree", formatMs(this.sim.now), this.describeStates(this.connected())));
    return [...terms][0] as number;
  }

  /** How many servers applied `index`, and what, failing if they applied different commands. */
  nCommitted(index: number): { count: number; command: Json | undefined } {
    let count = 0;
    let command: Json | undefined;
    for (const id of this.servers) {
      const entry = this.applied.get(id)?.find((msg) => msg.index === index);
      if (!entry) continue;
      if (count > 0 && JSON.stringify(entry.command) !== JSON.stringify(command)) {
        throw new RaftTestFailure(finding("raftDifferentCommands", index, JSON.stringify(command), JSON.stringify(entry.command)));
      }
      command = entry.command;
      count++;
    }
    return { count, command };
  }

  /**
   * Submit `command` to whichever server claims leadership, and wait until at least `expected`
   * servers applied it (retrying with a new leader, as a client would, when `retry`). Returns its index.
   */
  one(command: Json, expected: number, retry: boolean, deadlineMs = AGREEMENT_DEADLINE_MS): number {
    this.sim.start();
    const deadline = this.sim.now + deadlineMs;
    while (this.sim.now < deadline) {
      let index = -1;
      for (const id of this.connected()) {
        const result = this.sim.call<RaftPeer, { index: number; isLeader: boolean }>(id, `start(${JSON.stringify(command)})`, (node) => node.start(command));
        if (result.isLeader) {
          index = result.index;
          break;
        }
      }
      if (index > 0) {
        const { reached } = this.sim.runUntil(() => {
          const { count, command: applied } = this.nCommitted(index);
          return count >= expected && JSON.stringify(applied) === JSON.stringify(command);
        }, { timeoutMs: 2_000 });
        if (reached) return index;
        if (!retry) {
          const { count, command: applied } = this.nCommitted(index);
          throw new RaftTestFailure(finding("raftNotReplicated", JSON.stringify(command), index, count, count > 0 ? JSON.stringify(applied) : undefined, expected));
        }
      } else {
        this.sim.runFor(50);
      }
    }
    throw new RaftTestFailure(finding("raftNoAgreement", JSON.stringify(command), expected, deadlineMs, this.describeStates(this.connected())));
  }

  /** Messages sent so far (for message budgets). */
  messagesSent(): number {
    return this.sim.stats.sent;
  }

  describeStates(group: NodeId[]): string {
    return group
      .map((id) => {
        if (!this.sim.isUp(id)) return `${id} down`;
        const snapshot = this.node(id)?.inspect();
        return snapshot ? `${id} ${snapshot.role} term ${snapshot.term} log ${snapshot.log.length} commit ${snapshot.commitIndex}` : `${id} ?`;
      })
      .join("; ");
  }
}
