/**
 * Jepsen's bank test against live processes (`npm run jepsen -- --live`): the simulator's test
 * (bank-test.ts) with every input made real. Each server is its own process on a free loopback port
 * (scripts/live-bank-node.ts: the same BankServerNode, Raft and the BankServer, on the real-time
 * host, with a storage file); the clerks are the simulator's BankClerk on the real-time host in
 * this process, so their 300 ms attempts and 5 s give-ups are wall-clock timeouts; the nemesis is
 * the simulator's plan of rounds done to the processes (live-nemesis.ts). The history, the checker,
 * the verdict and the page are the simulator's.
 *
 * The seed decides the nemesis rounds and each clerk's operations; the machine decides the timing
 * (elections, which attempt lands where, how operations interleave), so a run does not replay.
 */
import { join } from "node:path";
import { checkBank } from "../check/bank";
import type { BankInput, BankOutput } from "../check/bank";
import { HistoryRecorder } from "../check/history-recorder";
import { BankClerk } from "../bank/clerk";
import { DEFAULT_CLERK } from "../bank/cluster";
import { openingBalances, type Balances } from "../contracts/bank";
import type { NodeContext, NodeId } from "../contracts/node";
import { formatPortMap } from "../live/cluster-file";
import { LiveNode } from "../live/host";
import { fetchJson } from "../live/http";
import { NodeProcesses } from "../live/node-processes";
import { freePorts } from "../live/ports";
import { sleep } from "../live/services-process";
import { deriveSeed, describeFault } from "../sim";
import { clerkSteps, DRAIN_MS, type BankTestResult } from "./bank-test";
import { LiveNemesis } from "./live-nemesis";
import { planNemesis } from "./nemeses";

export interface LiveBankTestOptions {
  /** The workload, the nemesis and the cluster's size, as on the simulator. */
  test: BankTestResult["options"];
  /** The module that exports BankServer (solutions/week4/bank.ts, exercises/week4/bank.ts, --file). */
  bankFile: string;
  /** Run on the learner's week-1 RaftNode rather than the reference. */
  ownRaft: boolean;
  /** Each nemesis step and the cluster's start, as it happens. */
  onEvent: (line: string) => void;
  /** Every line the server processes print. */
  onOutput: (line: string) => void;
}

/** Real seconds of workload when --time-limit is not given: long enough for a few nemesis rounds, short enough to wait for. */
export const LIVE_TIME_LIMIT_S = 30;
/** How long five fresh processes may take to load, listen and elect a leader. */
const START_TIMEOUT_MS = 30_000;
const POLL_MS = 100;

interface ServerStatus {
  is_leader?: boolean;
  balances?: Balances;
}

/** The servers could not be started or stopped during the run on an error (the message says which and why). */
export class LiveNodesFailed extends Error {}

export async function runLiveBankTest(live: LiveBankTestOptions): Promise<BankTestResult> {
  const options = live.test;
  const servers = Array.from({ length: options.servers }, (_, i) => `n${i + 1}`);
  const clerkIds = Array.from({ length: options.concurrency }, (_, i) => `c${i + 1}`);
  const free = await freePorts(servers.length + clerkIds.length);
  const ports = Object.fromEntries(servers.map((id, i) => [id, free[i]]));
  const clerkPorts = Object.fromEntries(clerkIds.map((id, i) => [id, free[servers.length + i]]));
  const initial = openingBalances(options.accounts, options.balanceEach);
  const lastWords = new Map<NodeId, string>();
  let failure: string | undefined;
  const processes = new NodeProcesses({
    dirPrefix: "jepsen-live-",
    args: (id, dir) => [
      "scripts/live-bank-node.ts", "--id", id, "--ports", formatPortMap(ports), "--clients", formatPortMap(clerkPorts), "--bank", live.bankFile,
      ...(live.ownRaft ? ["--own-raft"] : []), "--accounts", String(options.accounts), "--balance", String(options.balanceEach),
      "--storage", join(dir, `${id}.json`), "--seed", String(deriveSeed(options.seed, `live-${id}`)),
    ],
    onOutput: (line) => {
      const id = /^\[(n\d+)/.exec(line)?.[1];
      if (id && /stopped:|could not start/.test(line)) lastWords.set(id, line);
      live.onOutput(line);
    },
    // Only the nemesis stops servers; one that exits by itself crashed, and the run cannot be judged fairly.
    onExit: (id, why) => (failure ??= lastWords.get(id) ?? `${id} exited on its own (${why})`),
  });
  const clerks: LiveNode<BankClerk>[] = [];
  let timers: NodeJS.Timeout[] = [];
  // One fault after the other: a restart must not race the kill before it.
  let faults = Promise.resolve();
  try {
    for (const id of servers) processes.start(id);
    const leader = await awaitLeader(ports, () => failure);
    live.onEvent(`${servers.length} servers up on 127.0.0.1:${Object.values(ports).join(",")}, ${leader} leads`);
    const startMs = Date.now();
    const sinceStart = () => Date.now() - startMs;
    const limitMs = options.timeLimitS * 1_000;
    const { nemesis, windows } = planNemesis(options.seed, { servers, names: options.nemeses, intervalMs: options.nemesisIntervalS * 1_000, endMs: limitMs, clockBumpMsMax: 0 });
    const nemesisOnProcesses = new LiveNemesis(processes, ports);
    timers = nemesis.map(({ atMs, fault }) =>
      setTimeout(() => {
        faults = faults.then(() => nemesisOnProcesses.apply(fault)).then(
          (done) => live.onEvent(`${(sinceStart() / 1_000).toFixed(1)} s: ${done}`),
          (error: Error) => {
            failure ??= `${describeFault(fault)} failed: ${error.message}`;
          },
        );
      }, atMs),
    );
    const recorder = new HistoryRecorder<BankInput, BankOutput>();
    for (const [c, id] of clerkIds.entries()) {
      const next = clerkSteps(options.seed, c, Object.keys(initial), sinceStart, limitMs);
      clerks.push(
        await LiveNode.start<BankClerk>({
          id,
          ports: { [id]: clerkPorts[id], ...ports },
          // The clerk's clock starts with the workload, so its history lines up with the nemesis rounds.
          factory: (ctx: NodeContext<any, any>) => new BankClerk({ ...ctx, now: sinceStart }, { ...DEFAULT_CLERK, thinkMsMax: options.thinkMsMax, servers, next, recorder }),
          storagePath: join(processes.dir, `${id}.json`),
          seed: deriveSeed(options.seed, `live-${id}`),
          log: () => undefined,
        }),
      );
    }
    while (sinceStart() < limitMs && !failure) await sleep(POLL_MS);
    const drainUntilMs = Date.now() + DRAIN_MS;
    while (Date.now() < drainUntilMs && !failure && !clerks.every((clerk) => clerk.node.done)) await sleep(POLL_MS);
    const endMs = sinceStart();
    if (failure) throw new LiveNodesFailed(failure);
    const history = recorder.history();
    const verdict = checkBank(history, initial, { faultWindows: windows });
    return { options, clock: "real", verdict, history, nemesis, windows, endMs, final: await finalBalances(ports) };
  } finally {
    // Every round has ended by now, unless the run stopped early: then no fault may start any more.
    timers.forEach(clearTimeout);
    await faults;
    await Promise.all(clerks.map((clerk) => clerk.stop()));
    await processes.stop();
  }
}

/** Waits until every server answers and one leads; its id. (Also the live Raft chaos run's start.) */
export async function awaitLeader(ports: Record<NodeId, number>, failure: () => string | undefined): Promise<NodeId> {
  const deadlineMs = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const statuses = await Promise.all(Object.values(ports).map((port) => status(port)));
    const leader = Object.keys(ports).find((_, i) => statuses[i]?.is_leader);
    if (leader && statuses.every((s) => s !== undefined)) return leader;
    const why = failure();
    if (why) throw new LiveNodesFailed(why);
    if (Date.now() > deadlineMs) throw new Error(`the servers did not all answer with a leader among them within ${START_TIMEOUT_MS / 1_000} s`);
    await sleep(POLL_MS);
  }
}

/** The balances of the first server that answers, once the run is over. */
async function finalBalances(ports: Record<NodeId, number>): Promise<BankTestResult["final"]> {
  for (const [server, port] of Object.entries(ports)) {
    const balances = (await status(port))?.balances;
    if (balances) return { server, balances };
  }
  return undefined;
}

function status(port: number): Promise<ServerStatus | undefined> {
  return fetchJson(port, "GET", "/status", undefined, 1_000).then((s) => s as ServerStatus, () => undefined);
}
