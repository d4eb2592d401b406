/**
 * Jepsen's bank test on the simulator: a bank on Raft (src/bank), clerks that keep transferring
 * and reading until the time limit, a nemesis that breaks things in rounds, and the bank checker
 * on the whole history. `npm run jepsen` and the notebooks call this; one seed decides the run.
 */
import { checkBank, type BankVerdict } from "../check/bank";
import type { History } from "../check/history";
import type { BankInput, BankOutput } from "../check/bank";
import { BankCluster, bankWorkload, type BankNodeFactory } from "../bank/cluster";
import type { BankStep } from "../bank/clerk";
import { openingBalances, type Balances, type BankServerApi } from "../contracts/bank";
import type { NodeId } from "../contracts/node";
import { Rng, type Nemesis, type NetworkConfig } from "../sim";
import { NEMESIS_NAMES, planNemesis, type FaultWindow, type NemesisName } from "./nemeses";

export interface BankTestOptions {
  seed: number;
  store: BankNodeFactory;
  servers: number;
  /** Virtual seconds of workload (Jepsen's --time-limit). */
  timeLimitS: number;
  nemeses: readonly NemesisName[];
  /** Seconds between the starts of two nemesis rounds (Jepsen's --nemesis-interval). */
  nemesisIntervalS: number;
  /** Clerks running at once (Jepsen's --concurrency). */
  concurrency: number;
  /**
   * Each clerk waits up to this long between operations (uniform). The default, about 2 operations
   * a second per clerk, keeps 300 s runs quick: the reference Raft stores its whole log on every
   * append, so the cost grows with the square of the operations.
   */
  thinkMsMax: number;
  accounts: number;
  balanceEach: number;
  /** The network's delays, losses and duplicates (default: the simulator's quiet network). */
  network?: Partial<NetworkConfig>;
}

export const DEFAULT_BANK_TEST: Omit<BankTestOptions, "seed" | "store"> = {
  servers: 5,
  timeLimitS: 60,
  nemeses: NEMESIS_NAMES,
  nemesisIntervalS: 10,
  concurrency: 5,
  thinkMsMax: 1_000,
  accounts: 5,
  balanceEach: 100,
};

/** What the verdict, the page and results.json take of a run, on the simulator or live. */
export interface BankTestResult {
  options: Omit<BankTestOptions, "store" | "network">;
  /** "virtual": the simulator's, replayed by the seed; "real": live processes, the wall clock. */
  clock: "virtual" | "real";
  verdict: BankVerdict;
  history: History<BankInput, BankOutput>;
  nemesis: Nemesis;
  windows: FaultWindow[];
  /** Time from the start of the workload at which the last clerk finished. */
  endMs: number;
  /** The balances of the first server that could tell, after the run. */
  final: { server: NodeId; balances: Balances } | undefined;
}

export interface BankTestRun extends BankTestResult {
  options: BankTestOptions;
  cluster: BankCluster;
}

/** After the time limit, clerks may take this long to finish their open operation. */
export const DRAIN_MS = 10_000;
/** Jepsen's bank workload as the clerks draw it: 40% reads, transfers of 1 to 20. */
const WORKLOAD = { readRate: 0.4, amountMax: 20 };

export function runBankTest(options: BankTestOptions): BankTestRun {
  const initial = openingBalances(options.accounts, options.balanceEach);
  const cluster = new BankCluster({ seed: options.seed, store: options.store, bank: { initial }, servers: options.servers, network: options.network, trace: false });
  const limitMs = options.timeLimitS * 1_000;
  const { nemesis, windows } = planNemesis(options.seed, { servers: cluster.servers, names: options.nemeses, intervalMs: options.nemesisIntervalS * 1_000, endMs: limitMs, clockBumpMsMax: 5_000 });
  cluster.schedule(nemesis);
  for (let c = 0; c < options.concurrency; c++) cluster.addClerk(clerkSteps(options.seed, c, Object.keys(initial), () => cluster.sim.now, limitMs), { thinkMsMax: options.thinkMsMax });
  cluster.sim.runUntilTime(limitMs);
  cluster.runUntilClerksDone(DRAIN_MS);
  const history = cluster.history();
  const verdict = checkBank(history, initial, { faultWindows: windows });
  const up = cluster.servers.find((id) => cluster.server(id) !== undefined);
  const final = up === undefined ? undefined : { server: up, balances: (cluster.server(up) as BankServerApi).inspect().balances };
  return { options, clock: "virtual", verdict, history, nemesis, windows, endMs: cluster.sim.now, final, cluster };
}

/** Clerk number `c`'s operations, drawn from the seed, until `now()` reaches `limitMs`. */
export function clerkSteps(seed: number, c: number, accounts: readonly string[], now: () => number, limitMs: number): () => BankStep | undefined {
  const rng = Rng.derive(seed, `workload-${c}`);
  return () => (now() < limitMs ? bankWorkload(rng, { accounts, operations: 1, ...WORKLOAD })[0] : undefined);
}
