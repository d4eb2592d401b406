/**
 * `npm run chaos -- --interval=10s --kill-probability=0.1 --target-services=user-service,order-service`:
 * the chapter's Chaos Monkey command, on the simulator, or with --live against real processes
 * (week 3's `npm run services`, started afresh for the run: src/live/services-process.ts). Kills and restarts the shop's services on
 * a schedule while shoppers place orders, judges the steady-state hypothesis second by second,
 * measures recovery times, checks that no order was lost or charged twice, and writes a report.
 * `--target raft` does the same to the week-1 Raft cluster, on the simulator or with --live as
 * server processes (src/chaos/live-raft-runner.ts): it kills servers while clients propose
 * commands, and checks that no acknowledged command was lost or duplicated.
 * Run with --help for the options and exit codes.
 */
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { OrderServiceConstructor, PaymentServiceConstructor } from "../src/contracts/messaging";
import { isNotImplemented } from "../src/contracts/not-implemented";
import { breakerOf, chapterBreaker, type CircuitBreakerConstructor } from "../src/chaos/breakers";
import { bankRaft } from "../src/bank/course-raft";
import { chaosMonkeyExperiment, type ChaosMonkeyOptions } from "../src/chaos/chaos-monkey";
import { isServiceName, RAFT_HYPOTHESIS, SERVICE_NODES, type ServiceName } from "../src/chaos/experiment";
import { runRaftChaosLive, type LiveRaftChaosOptions } from "../src/chaos/live-raft-runner";
import type { CommandRecord } from "../src/chaos/raft-clients";
import type { CommandIntegrity } from "../src/chaos/raft-integrity";
import { LEADER_TARGET, runRaftChaos } from "../src/chaos/raft-runner";
import { chaosPage } from "../src/chaos/report";
import { runChaosLive } from "../src/chaos/live-runner";
import { DEFAULT_CHAOS_RUN, isShopRun, runChaos, type AnyChaosRun, type ChaosRun, type ChaosRunOptions, type ShopServices } from "../src/chaos/runner";
import { headline, outcomeOf, summaryLines } from "../src/chaos/summary";
import { NaiveOrderService, NaivePaymentService } from "../src/demos/messaging-naive";
import { LiveNodesFailed } from "../src/jepsen/live-bank-test";
import { DEFAULT_RABBIT_URL, RABBIT_START_HINT, rabbitProblem } from "../src/live/rabbit-queue";
import { REDIS_START_HINT, redisProblem } from "../src/live/redis-log";
import { ServicesFailed, startServicesProcess } from "../src/live/services-process";
import { DEFAULT_REDIS_URL } from "../src/live/shop-layout";
import { parseSeed } from "../src/sim";
import { runCommand, USAGE_EXIT_CODE, UsageError } from "./command-main";

const ROOT = resolve(__dirname, "..");
const DEFAULTS = { interval: "10s", killProbability: 0.1, targets: "user-service,order-service", duration: "120s", down: "3s", nodes: 5 };
const TARGETS = ["shop", "raft"] as const;
/** The hypothesis is checked "after" over this stretch at the end, once the rollbacks ran. */
const COOLDOWN_MS = 20_000;
/** --live: how long the services may take to start, and a killed one to answer again. */
const LIVE_START_TIMEOUT_MS = 60_000;
const LIVE_RESTART_TIMEOUT_MS = 30_000;

const HELP = `usage: npm run chaos -- [options]

The chapter's Chaos Monkey against the week-3 shop (or, with --target raft, the week-1 Raft cluster), on the simulator (virtual time: ${DEFAULTS.duration} take
seconds; with --live, real processes in real time). Shoppers send ${DEFAULT_CHAOS_RUN.ratePerS} orders a second to the user-service, which passes them through a circuit
breaker to the order service; the payment service charges them through the broker. Every interval,
each target service is killed with the kill probability and restarted a few seconds later. One seed
decides the whole run.

options:
  --interval=T            time between two rounds of kills (default ${DEFAULTS.interval}; 500ms, 10s, 2m)
  --kill-probability=P    chance that a round kills each target (default ${DEFAULTS.killProbability})
  --target-services=A,B   any of ${Object.keys(SERVICE_NODES).join(", ")} (default ${DEFAULTS.targets})
  --duration=T            how long shoppers send orders (default ${DEFAULTS.duration}); the last ${COOLDOWN_MS / 1_000} s are quiet
  --down=T                how long a killed service stays down (default ${DEFAULTS.down})
  --seed=N                replay a run exactly (default: a new seed, printed)
  --solutions             run the reference services and breaker (solutions/week3) instead of yours
  --naive                 run the startup's first services (src/demos/messaging-naive.ts) with the chapter's breaker
  --out=DIR               where to write the report (default .cache/chaos/chaos-<seed>)
  --target=shop|raft      what the monkey attacks (default shop). raft: the week-1 Raft cluster (on the
                          simulator, or --live); clients propose ${DEFAULT_CHAOS_RUN.ratePerS} commands a second, a command is acknowledged once
                          committed, and no acknowledged command may be lost, duplicated or committed in
                          different orders on the servers up at the end. Runs the reference Raft
                          (solutions/week1/raft.ts) where the course has it
  --nodes=N               --target raft: servers n1..nN (default ${DEFAULTS.nodes})
  --target-nodes=A,B      --target raft: the servers the monkey may kill, or "${LEADER_TARGET}" (whichever leads
                          when the kill is due); default every server
  --own-raft              --target raft: run your RaftNode (exercises/week1/raft.ts)
  --live                  real processes: starts week 3's services (npm run services) on free loopback ports
                          with a namespace of their own in Redis and RabbitMQ (removed afterwards), sends them
                          real orders and kills targets with SIGKILL; the supervisor restarts them (--down
                          does not apply; the brokers, Redis and RabbitMQ, are no targets). The seed decides the kills, not the
                          timings. No breaker: the shoppers order from the order service directly.
                          With --target raft: each server a process on a free 127.0.0.1 port (storage in a
                          temporary folder), killed with SIGKILL and started again on its storage --down
                          later; the clients propose over loopback with real timeouts; every server is
                          killed when the command ends or is interrupted. Writes nodes.log too
  --redis=URL             --live: the Redis to use (default ${DEFAULT_REDIS_URL})
  --rabbit=URL            --live: the RabbitMQ to use (default ${DEFAULT_RABBIT_URL})

writes report.html (the verdict, recovery times, throughput, latency, error rate and the breaker
with the faults shaded) and results.json (the summary's numbers, the breaker's state changes, every
bucket's measures; raft: the spans without a leader after the first election).

exit codes: 0 the hypothesis held and no order was lost or charged twice (raft: no acknowledged
command lost or duplicated), 1 it deviated or the data went wrong, 2 no fault was injected (the run tested nothing), 3 bad usage or a crash`;

const EXIT = { held: 0, deviated: 1, vacuous: 2 } as const;


function main(argv: string[]): number | Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      interval: { type: "string", default: DEFAULTS.interval },
      "kill-probability": { type: "string", default: String(DEFAULTS.killProbability) },
      "target-services": { type: "string" },
      target: { type: "string", default: "shop" },
      nodes: { type: "string" },
      "target-nodes": { type: "string" },
      "own-raft": { type: "boolean", default: false },
      duration: { type: "string", default: DEFAULTS.duration },
      down: { type: "string", default: DEFAULTS.down },
      seed: { type: "string" },
      solutions: { type: "boolean", default: false },
      naive: { type: "boolean", default: false },
      out: { type: "string" },
      live: { type: "boolean", default: false },
      redis: { type: "string", default: DEFAULT_REDIS_URL },
      rabbit: { type: "string", default: DEFAULT_RABBIT_URL },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.solutions && values.naive) throw new UsageError("choose --solutions or --naive, not both");
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : parseSeed(values.seed);
  const intervalMs = durationFlag(values.interval, "--interval");
  const durationMs = durationFlag(values.duration, "--duration");
  const downMs = durationFlag(values.down, "--down");
  const killProbability = Number(values["kill-probability"]);
  if (!(killProbability >= 0 && killProbability <= 1)) throw new UsageError(`--kill-probability must be a number from 0 to 1, got "${values["kill-probability"]}"`);
  const target = values.target;
  if (!(TARGETS as readonly string[]).includes(target)) throw new UsageError(`--target must be ${TARGETS.join(" or ")}, got "${target}"`);
  const rollbackAtMs = durationMs - Math.min(COOLDOWN_MS, durationMs / 2);
  if (intervalMs >= rollbackAtMs) throw new UsageError(`--interval ${values.interval} leaves no round of kills in --duration ${values.duration} (the last ${(durationMs - rollbackAtMs) / 1_000} s are quiet): make the duration longer`);
  const monkey = { intervalMs, killProbability, fromMs: 0, untilMs: rollbackAtMs };
  const out = resolve(values.out ?? join(ROOT, ".cache", "chaos", `${target === "raft" ? "raft" : "chaos"}-${seed}`));
  const replay = argv.some((arg) => arg.startsWith("--seed")) ? argv : [...argv, `--seed=${seed}`];
  const finish = (run: AnyChaosRun, label: string): number => {
    writeReport(out, run, label);
    for (const line of summaryLines(run)) console.log(`  ${line}`);
    console.log(`  report: ${relative(process.cwd(), out)}/{report.html,results.json}`);
    console.log(`  replay: npm run chaos -- ${replay.join(" ")}${values.live ? " (the same kills; real timings differ)" : ""}`);
    console.log(headline(run));
    return EXIT[outcomeOf(run)];
  };
  const settings = { ...DEFAULT_CHAOS_RUN, seed, durationMs, rollbackAtMs };
  if (target === "raft") {
    for (const flag of ["target-services", "solutions", "naive"] as const) {
      if (values[flag] !== undefined && values[flag] !== false) throw new UsageError(`--${flag} is for the shop: --target raft takes --nodes, --target-nodes and --own-raft`);
    }
    if (argv.some((arg) => /^--(redis|rabbit)/.test(arg))) throw new UsageError("--redis and --rabbit are for the shop's --live run: the Raft servers keep their logs in files, not in a broker");
    const servers = nodesFlag(values.nodes);
    const nodes = raftTargetsFlag(values["target-nodes"], servers);
    const experiment = chaosMonkeyExperiment(seed, { ...monkey, targets: nodes, downMs }, RAFT_HYPOTHESIS);
    const raft = bankRaft({ own: values["own-raft"] });
    const label = `${servers} servers running ${raft.source}${values.live ? " as processes on 127.0.0.1" : ""}`;
    console.log(`chaos: seed ${seed}; ${experiment.description}; ${durationMs / 1_000} s of commands (${values.live ? "real processes" : "simulated"})\n  cluster: ${label}`);
    if (values.live) return runRaftLive({ ...settings, experiment, servers, ownRaft: values["own-raft"] }, out).then((run) => finish(run, label));
    try {
      return finish(runRaftChaos({ ...settings, experiment, Raft: raft.Raft, servers }), label);
    } catch (error) {
      const missing = isNotImplemented(error) ? error : (error as { thrown?: unknown }).thrown;
      if (isNotImplemented(missing)) throw new UsageError(`${missing.message}: implement the week-1 RaftNode first, or leave out --own-raft`);
      throw error;
    }
  }
  if (values.nodes !== undefined || values["target-nodes"] !== undefined || values["own-raft"]) throw new UsageError("--nodes, --target-nodes and --own-raft are for --target raft");
  const targets = targetsFlag(values["target-services"] ?? DEFAULTS.targets);
  if (values.live && values.naive) throw new UsageError("--naive runs on the simulator only: --live runs exercises/week3, or solutions/week3 with --solutions");
  if (values.live && targets.includes("broker")) throw new UsageError("--live: the brokers are Redis and RabbitMQ, not services of the course: target user-service, order-service or payment-service");
  if (!values.live && argv.some((arg) => /^--(redis|rabbit)/.test(arg))) throw new UsageError("--redis and --rabbit apply to --live only: the simulated shop has its own broker");
  if (values.live && argv.some((arg) => arg.startsWith("--down"))) throw new UsageError("--live: --down does not apply (the supervisor restarts a killed service as soon as it can)");
  const monkeyOptions: ChaosMonkeyOptions = { ...monkey, targets, downMs: values.live ? "supervisor" : downMs };
  const experiment = chaosMonkeyExperiment(seed, monkeyOptions);
  console.log(`chaos: seed ${seed}; ${experiment.description}; ${durationMs / 1_000} s of traffic (${values.live ? "real processes" : "simulated"})`);
  if (values.live) return runLive({ ...settings, experiment }, values.solutions, values.redis, values.rabbit).then(({ run, label }) => finish(run, label));
  const { services, label } = loadServices(values.solutions ? "solutions" : values.naive ? "naive" : "exercises");
  console.log(`  services: ${label}`);
  let run: ChaosRun;
  try {
    run = runChaos({ ...settings, experiment, services });
  } catch (error) {
    // The simulator wraps what a handler throws (HandlerError.thrown).
    const missing = isNotImplemented(error) ? error : (error as { thrown?: unknown }).thrown;
    if (isNotImplemented(missing)) throw new UsageError(`${missing.message}: implement the week-3 services first, or run the reference with --solutions`);
    throw error;
  }
  return finish(run, label);
}

/** Starts a fresh set of services, runs the experiment against them, and removes them, their Redis keys and RabbitMQ queues. */
async function runLive(settings: Omit<ChaosRunOptions, "services">, solutions: boolean, redisUrl: string, rabbitUrl: string): Promise<{ run: ChaosRun; label: string }> {
  const problem = await redisProblem(redisUrl);
  if (problem) throw new UsageError(`--live needs Redis (${problem}); ${REDIS_START_HINT}`);
  const rabbitDown = await rabbitProblem(rabbitUrl);
  if (rabbitDown) throw new UsageError(`--live needs RabbitMQ (${rabbitDown}); ${RABBIT_START_HINT}`);
  const namespace = `chaos-${settings.seed}-${Date.now().toString(36)}`;
  const label = `${solutions ? "solutions" : "exercises"}/week3 as processes (npm run services${solutions ? " --solutions" : ""}), through Redis Streams at ${redisUrl}`;
  console.log(`  services: ${label}, namespace ${namespace}`);
  const services = await startServicesProcess({ solutions, redisUrl, rabbitUrl, namespace, startTimeoutMs: LIVE_START_TIMEOUT_MS, onOutput: (line) => console.log(`  | ${line}`) }).catch((error: unknown) => {
    if (!(error instanceof ServicesFailed)) throw error;
    throw new UsageError(`${error.message}${solutions ? "" : ": implement the week-3 services first, or run the reference with --solutions"}`);
  });
  // Interrupted (Ctrl-C, a test's timeout): stop the services and remove their keys, or they would outlive the command.
  const interrupted = () => void services.stop().then(() => process.exit(USAGE_EXIT_CODE));
  process.once("SIGINT", interrupted).once("SIGTERM", interrupted);
  try {
    const run = await runChaosLive({ ...settings, services, restartTimeoutMs: LIVE_RESTART_TIMEOUT_MS, onEvent: (line) => console.log(`  ${line}`) });
    return { run, label };
  } finally {
    process.off("SIGINT", interrupted).off("SIGTERM", interrupted);
    await services.stop();
  }
}

/** The Raft cluster as processes on loopback, with the servers' own lines kept in nodes.log. */
async function runRaftLive(settings: Omit<LiveRaftChaosOptions, "restartTimeoutMs" | "onEvent" | "onOutput">, out: string): Promise<ChaosRun<CommandIntegrity, CommandRecord>> {
  console.log(`  not replayable: seed ${settings.seed} decides the kill schedule, the machine the timing (elections, which command lands where)`);
  mkdirSync(out, { recursive: true });
  const nodesLog = createWriteStream(join(out, "nodes.log"));
  // Ctrl-C: exit, and the servers' process groups are killed on the way out (src/live/node-processes.ts).
  const interrupted = () => process.exit(USAGE_EXIT_CODE);
  process.once("SIGINT", interrupted).once("SIGTERM", interrupted);
  try {
    return await runRaftChaosLive({ ...settings, restartTimeoutMs: LIVE_RESTART_TIMEOUT_MS, onEvent: (line) => console.log(`  ${line}`), onOutput: (line) => nodesLog.write(line + "\n") });
  } catch (error) {
    if (error instanceof LiveNodesFailed && /not implemented yet/.test(error.message)) throw new UsageError(`${error.message.replace(/^.*?not implemented yet/s, "not implemented yet").split("\n")[0]}: implement the week-1 RaftNode first, or leave out --own-raft`);
    throw error;
  } finally {
    process.off("SIGINT", interrupted).off("SIGTERM", interrupted);
    await new Promise((done) => nodesLog.end(done));
  }
}

function loadServices(which: "solutions" | "exercises" | "naive"): { services: ShopServices; label: string } {
  if (which === "naive") return { services: { orderService: NaiveOrderService, paymentService: NaivePaymentService, breaker: chapterBreaker }, label: "the startup's first services (src/demos/messaging-naive.ts), the chapter's breaker" };
  const load = <T>(file: string, name: string): T => {
    const exported = (require(resolve(ROOT, which, "week3", file)) as { [name: string]: unknown })[name];
    if (typeof exported !== "function") throw new UsageError(`${which}/week3/${file} exports no ${name} class`);
    return exported as T;
  };
  const services = {
    orderService: load<OrderServiceConstructor>("outbox.ts", "OrderService"),
    paymentService: load<PaymentServiceConstructor>("payment-consumer.ts", "PaymentService"),
    breaker: breakerOf(load<CircuitBreakerConstructor>("circuit-breaker.ts", "CircuitBreaker")),
  };
  return { services, label: `${which}/week3: outbox.ts, payment-consumer.ts, circuit-breaker.ts` };
}

function writeReport(out: string, run: AnyChaosRun, label: string): void {
  mkdirSync(out, { recursive: true });
  const results = {
    outcome: outcomeOf(run),
    headline: headline(run),
    seed: run.options.seed,
    [isShopRun(run) ? "services" : "cluster"]: label,
    experiment: run.options.experiment,
    hypothesis: { before: run.verdict.before, after: run.verdict.after, held: run.verdict.held },
    recoveries: run.verdict.recoveries.map((r) => ({ fromMs: r.period.fromMs, toMs: r.period.toMs, faults: r.period.what, recoveredAtMs: r.recoveredAtMs, recoveryMs: r.recoveryMs, unknown: r.unknown })),
    integrity: run.integrity,
    breaker: run.breaker,
    ...(run.leaderless ? { leaderless: run.leaderless } : {}),
    buckets: run.buckets,
  };
  writeFileSync(join(out, "results.json"), JSON.stringify(results, null, 2) + "\n");
  writeFileSync(join(out, "report.html"), chaosPage(run, label));
}

/** "10s", "500ms", "2m" or a bare number of seconds, in ms. */
function durationFlag(raw: string, name: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(raw.trim());
  const value = match ? Number(match[1]) * (match[2] === "ms" ? 1 : match[2] === "m" ? 60_000 : 1_000) : NaN;
  if (!(value > 0)) throw new UsageError(`${name} must be a positive time such as 10s, 500ms or 2m, got "${raw}"`);
  return value;
}

function nodesFlag(raw: string | undefined): number {
  const nodes = raw === undefined ? DEFAULTS.nodes : Number(raw);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 9) throw new UsageError(`--nodes must be 1..9, got "${raw}"`);
  return nodes;
}

/** Servers n1..n<servers> by name, or "leader"; default every server. */
function raftTargetsFlag(raw: string | undefined, servers: number): string[] {
  const all = Array.from({ length: servers }, (_, i) => `n${i + 1}`);
  if (raw === undefined) return all;
  const names = raw.split(",").map((name) => name.trim()).filter((name) => name !== "");
  const unknown = names.filter((name) => name !== LEADER_TARGET && !all.includes(name));
  if (names.length === 0 || unknown.length > 0) throw new UsageError(`unknown target node ${unknown.join(", ") || "(none)"}: choose from ${all.join(", ")} or ${LEADER_TARGET}`);
  return names;
}

function targetsFlag(raw: string): ServiceName[] {
  const names = raw.split(",").map((name) => name.trim()).filter((name) => name !== "");
  const unknown = names.filter((name) => !isServiceName(name));
  if (names.length === 0 || unknown.length > 0) throw new UsageError(`unknown target service ${unknown.join(", ") || "(none)"}: choose from ${Object.keys(SERVICE_NODES).join(", ")}`);
  return names as ServiceName[];
}

runCommand("chaos", HELP, main);
