/**
 * A simulated bank for tests, notebooks and `npm run jepsen`: N servers, each a Raft node with a
 * BankServer on top (src/bank/server-node.ts), clerks that run a workload and record a history,
 * and a nemesis schedule. One seed decides everything: the network's delays and losses, the
 * workload, the faults, and every node's random numbers.
 */
import { HistoryRecorder } from "../check/history-recorder";
import type { BankInput, BankOutput } from "../check/bank";
import type { History } from "../check/history";
import type { Balances, BankConfig, BankServerConstructor } from "../contracts/bank";
import type { NodeId } from "../contracts/node";
import type { RaftConfig, RaftNodeConstructor } from "../contracts/raft";
import { Simulation, scheduleNemesis, type Nemesis, type NetworkConfig } from "../sim";
import type { Rng } from "../sim/random";
import { BankClerk, type BankStep, type ClerkOptions } from "./clerk";
import { BankServerNode } from "./server-node";

export interface BankClusterOptions {
  seed: number;
  Raft: RaftNodeConstructor;
  Server: BankServerConstructor;
  bank: BankConfig;
  servers?: number;
  network?: Partial<NetworkConfig>;
  raft?: RaftConfig;
  trace?: boolean;
}

export type ClerkSettings = Pick<ClerkOptions, "attemptMs" | "giveUpMs" | "thinkMsMax">;

/** A clerk's patience: an attempt per 300 ms (an election fits in it), 5 s in all. */
export const DEFAULT_CLERK: ClerkSettings = { attemptMs: 300, giveUpMs: 5_000, thinkMsMax: 30 };

export class BankCluster {
  readonly sim: Simulation;
  readonly servers: NodeId[];
  readonly recorder = new HistoryRecorder<BankInput, BankOutput>();
  readonly initial: Balances;
  private clerks = 0;

  constructor(options: BankClusterOptions) {
    this.sim = new Simulation({ seed: options.seed, network: options.network, trace: options.trace ?? true, eventsMax: 20_000_000 });
    this.initial = { ...options.bank.initial };
    const nodeOptions = { Raft: options.Raft, Server: options.Server, bank: options.bank, raft: options.raft };
    this.servers = this.sim.addServers(options.servers ?? 5, (ctx) => new BankServerNode(ctx as never, nodeOptions));
  }

  /** Add a clerk that runs `steps` (a list, or a source asked until it returns undefined); returns its id. */
  addClerk(steps: BankStep[] | (() => BankStep | undefined), settings: Partial<ClerkSettings> = {}, servers: readonly NodeId[] = this.servers): NodeId {
    const id = `c${++this.clerks}`;
    const next = Array.isArray(steps) ? listSource(steps) : steps;
    this.sim.addNode(id, (ctx) => new BankClerk(ctx as never, { ...DEFAULT_CLERK, ...settings, servers, next, recorder: this.recorder }), "client");
    return id;
  }

  clerk(id: NodeId): BankClerk {
    return this.sim.node<BankClerk>(id) as BankClerk;
  }

  clerksDone(): boolean {
    return this.sim.nodeIds.filter((id) => this.sim.record(id).role === "client").every((id) => this.clerk(id)?.done === true);
  }

  /** Run until every clerk is done, at most `timeoutMs` more of virtual time; true when they are. */
  runUntilClerksDone(timeoutMs: number): boolean {
    return this.sim.runUntil(() => this.clerksDone(), { timeoutMs }).reached;
  }

  schedule(nemesis: Nemesis): void {
    scheduleNemesis(this.sim, nemesis);
  }

  node(id: NodeId): BankServerNode | undefined {
    return this.sim.isUp(id) ? this.sim.node<BankServerNode>(id) : undefined;
  }

  /** The up server that believes it leads in the newest term, if any. */
  leader(): NodeId | undefined {
    let best: { id: NodeId; term: number } | undefined;
    for (const id of this.servers) {
      const state = this.node(id)?.raft.getState();
      if (state?.isLeader && (!best || state.term > best.term)) best = { id, term: state.term };
    }
    return best?.id;
  }

  /** Run until some server leads; its id, or undefined after `timeoutMs`. */
  awaitLeader(timeoutMs = 5_000): NodeId | undefined {
    this.sim.runUntil(() => this.leader() !== undefined, { timeoutMs });
    return this.leader();
  }

  history(): History<BankInput, BankOutput> {
    return this.recorder.history();
  }
}

function listSource(steps: readonly BankStep[]): () => BankStep | undefined {
  let position = 0;
  return () => steps[position++];
}

export interface WorkloadOptions {
  accounts: readonly string[];
  operations: number;
  /** Share of reads among the operations. */
  readRate: number;
  /** Transfers move 1 .. amountMax units. */
  amountMax: number;
}

/** Jepsen's bank workload for one clerk: random transfers between distinct accounts, and reads of every balance. */
export function bankWorkload(rng: Rng, options: WorkloadOptions): BankStep[] {
  return Array.from({ length: options.operations }, (): BankStep => {
    if (rng.chance(options.readRate)) return { f: "read" };
    const from = rng.pick(options.accounts);
    const to = rng.pick(options.accounts.filter((account) => account !== from));
    return { f: "transfer", from, to, amount: rng.int(1, options.amountMax) };
  });
}
