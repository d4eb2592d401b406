/**
 * `npm run jepsen -- --workload bank [options]`: the chapter's Jepsen command, on the simulator or
 * (--live) against real processes on loopback. Runs the bank workload against a bank on Raft under
 * a nemesis, checks the history, and writes Jepsen-shaped results. Run with --help for the options
 * and exit codes.
 */
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { bankOnRaft } from "../src/bank/cluster";
import { bankRaft } from "../src/bank/course-raft";
import { describeBalances } from "../src/check/bank";
import { historyToJson } from "../src/check/history";
import type { BankServerConstructor } from "../src/contracts/bank";
import { isNotImplemented } from "../src/contracts/not-implemented";
import { DEFAULT_BANK_TEST, runBankTest, type BankTestResult } from "../src/jepsen/bank-test";
import { LIVE_TIME_LIMIT_S, LiveNodesFailed, runLiveBankTest } from "../src/jepsen/live-bank-test";
import { LIVE_NEMESIS_NAMES, liveRefusal } from "../src/jepsen/live-nemesis";
import { NEMESIS_NAMES, isNemesisName, type NemesisName } from "../src/jepsen/nemeses";
import { jepsenPage } from "../src/jepsen/report";
import { formatNemesis, parseSeed } from "../src/sim";
import { runCommand, USAGE_EXIT_CODE, UsageError } from "./command-main";

const ROOT = resolve(__dirname, "..");

const HELP = `usage: npm run jepsen -- --workload bank [options]

Runs Jepsen's bank workload (transfers between accounts, reads of every balance) against a bank on
Raft in the simulator: ${DEFAULT_BANK_TEST.timeLimitS} s of virtual time take a few seconds. One seed decides the whole run.
With --live, against real processes instead: not replayable (see --live).

options:
  --workload W          bank (the only workload so far)
  --nodes n1,n2,...     the servers (default n1..n5; only their number matters)
  --time-limit S        seconds of workload, virtual time (default ${DEFAULT_BANK_TEST.timeLimitS}; --live: real seconds, default ${LIVE_TIME_LIMIT_S})
  --nemesis A,B         any of ${NEMESIS_NAMES.join(", ")}; "all" (default) or "none"
                        (--live: all but the clock ones, which it refuses: one wall clock for every process)
  --nemesis-interval S  a nemesis round starts every S seconds and lasts S/2 (default ${DEFAULT_BANK_TEST.nemesisIntervalS})
  --concurrency N       clients at once (default ${DEFAULT_BANK_TEST.concurrency})
  --seed N              replay a run exactly (default: a new seed, printed)
  --solutions           run the reference bank (solutions/week4/bank.ts) instead of yours
  --file PATH           run the bank in PATH (a module exporting BankServer)
  --own-raft            run on your week-1 RaftNode instead of the reference Raft
  --out DIR             where to write the results (default .cache/jepsen/bank-<seed>, --live: bank-live-<seed>)
  --live                real processes: each server a process on a free 127.0.0.1 port (scripts/live-bank-node.ts,
                        storage in a temporary folder), the clients in this process with wall-clock timeouts;
                        kill is SIGKILL and a restart on the same storage, pause SIGSTOP/SIGCONT, partitions
                        are links every server drops (as npm run partition). The seed decides the nemesis
                        rounds and the operations, the machine the timing: a run does not replay. Every
                        server is killed when the command ends or is interrupted. Writes nodes.log too

writes results.json (Jepsen's shape: valid? true, false or "unknown", and each anomaly),
history.json (every operation) and timeline.html (latency with the nemesis rounds shaded).

exit codes: 0 valid, 1 invalid (anomalies found), 2 unknown (vacuous or undecided), 3 bad usage or a crash`;

const EXIT = { valid: 0, invalid: 1, unknown: 2 } as const;


function main(argv: string[]): number | Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      workload: { type: "string" },
      nodes: { type: "string" },
      "time-limit": { type: "string" },
      nemesis: { type: "string", default: "all" },
      "nemesis-interval": { type: "string" },
      concurrency: { type: "string" },
      seed: { type: "string" },
      solutions: { type: "boolean", default: false },
      file: { type: "string" },
      "own-raft": { type: "boolean", default: false },
      live: { type: "boolean", default: false },
      out: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.workload !== "bank") throw new UsageError(values.workload === undefined ? "which workload? --workload bank" : `unknown workload "${values.workload}": only bank so far`);
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : parseSeed(values.seed);
  const bankFile = values.file ?? (values.solutions ? "solutions/week4/bank.ts" : "exercises/week4/bank.ts");
  const { BankServer } = require(resolve(ROOT, bankFile)) as { BankServer?: BankServerConstructor };
  if (typeof BankServer !== "function") throw new UsageError(`${bankFile} exports no BankServer class`);
  const test = {
    ...DEFAULT_BANK_TEST,
    seed,
    servers: values.nodes === undefined ? DEFAULT_BANK_TEST.servers : values.nodes.split(",").filter((n) => n.trim() !== "").length,
    timeLimitS: numberFlag(values["time-limit"], "--time-limit", values.live ? LIVE_TIME_LIMIT_S : DEFAULT_BANK_TEST.timeLimitS),
    nemeses: nemesisFlag(values.nemesis, values.live),
    nemesisIntervalS: numberFlag(values["nemesis-interval"], "--nemesis-interval", DEFAULT_BANK_TEST.nemesisIntervalS),
    concurrency: numberFlag(values.concurrency, "--concurrency", DEFAULT_BANK_TEST.concurrency),
  };
  const raft = bankRaft({ own: values["own-raft"] });
  console.log(`jepsen bank: seed ${seed}, ${test.servers} servers, ${test.concurrency} clients, ${test.timeLimitS} s${values.live ? " of real time" : ""}, nemesis ${test.nemeses.join(", ") || "none"} every ${test.nemesisIntervalS} s`);
  const out = resolve(values.out ?? join(ROOT, ".cache", "jepsen", `bank-${values.live ? "live-" : ""}${seed}`));
  const finish = (run: BankTestResult): number => {
    writeResults(out, run, bankFile);
    printVerdict(run, argv, out);
    return run.verdict.valid === true ? EXIT.valid : run.verdict.valid === false ? EXIT.invalid : EXIT.unknown;
  };
  if (values.live) return runLive(test, bankFile, values["own-raft"], raft.source, out).then(finish);
  console.log(`  bank: ${bankFile}; Raft: ${raft.source}`);
  try {
    return finish(runBankTest({ ...test, store: bankOnRaft(raft.Raft, BankServer) }));
  } catch (error) {
    if (isNotImplemented(error)) throw new UsageError(`${error.message}: implement the bank first, or run the reference with --solutions`);
    throw error;
  }
}

/** The bank as five processes on loopback, with the servers' own lines kept in nodes.log. */
async function runLive(test: BankTestResult["options"], bankFile: string, ownRaft: boolean, raftSource: string, out: string): Promise<BankTestResult> {
  console.log(`  live: every server a process on 127.0.0.1 running ${bankFile} on ${raftSource}; real timeouts and faults
  not replayable: seed ${test.seed} decides the nemesis rounds and each client's operations, the machine decides the timing`);
  mkdirSync(out, { recursive: true });
  const nodesLog = createWriteStream(join(out, "nodes.log"));
  // Ctrl-C: exit, and the servers' process groups are killed on the way out (src/live/node-processes.ts).
  const interrupted = () => process.exit(USAGE_EXIT_CODE);
  process.once("SIGINT", interrupted).once("SIGTERM", interrupted);
  try {
    return await runLiveBankTest({ test, bankFile: resolve(ROOT, bankFile), ownRaft, onEvent: (line) => console.log(`  ${line}`), onOutput: (line) => nodesLog.write(line + "\n") });
  } catch (error) {
    if (error instanceof LiveNodesFailed && /not implemented yet/.test(error.message)) throw new UsageError(`${error.message.replace(/^.*?not implemented yet/s, "not implemented yet").split("\n")[0]}: implement the bank first, or run the reference with --solutions`);
    throw error;
  } finally {
    process.off("SIGINT", interrupted).off("SIGTERM", interrupted);
    await new Promise((done) => nodesLog.end(done));
  }
}

function writeResults(out: string, run: BankTestResult, bankFile: string): void {
  mkdirSync(out, { recursive: true });
  const { verdict } = run;
  const results = {
    valid: verdict.valid,
    summary: verdict.summary,
    ...(verdict.valid === false ? { anomalies: verdict.anomalies } : {}),
    ...(verdict.valid === "unknown" ? { reason: verdict.reason } : {}),
    workload: "bank",
    bank: bankFile,
    clock: run.clock,
    replayable: run.clock === "virtual",
    seed: run.options.seed,
    servers: run.options.servers,
    concurrency: run.options.concurrency,
    timeLimitS: run.options.timeLimitS,
    nemesis: run.windows.map((w) => ({ name: w.name, fromMs: w.fromMs, toMs: w.toMs, what: w.what })),
  };
  writeFileSync(join(out, "results.json"), JSON.stringify(results, null, 2) + "\n");
  writeFileSync(join(out, "history.json"), historyToJson(run.history));
  writeFileSync(join(out, "timeline.html"), jepsenPage(run, bankFile));
}

function printVerdict(run: BankTestResult, argv: string[], out: string): void {
  const { verdict } = run;
  console.log(`  nemesis: ${formatNemesis(run.nemesis) || "none"}`);
  console.log(`  final balances${run.final ? ` on ${run.final.server}: ${describeBalances(run.final.balances)}` : ": no server answered"}`);
  if (verdict.valid === false) for (const anomaly of verdict.anomalies) console.log(`  ✗ ${anomaly.kind}: ${anomaly.message.split("\n")[0]}`);
  if (verdict.valid === "unknown") console.log(`  ? ${verdict.reason}`);
  console.log(`  results: ${relative(process.cwd(), out)}/{results.json,history.json,timeline.html${run.clock === "real" ? ",nodes.log" : ""}}`);
  const replay = argv.some((arg) => arg.startsWith("--seed")) ? argv : [...argv, "--seed", String(run.options.seed)];
  console.log(`  ${run.clock === "virtual" ? "replay" : "again"}: npm run jepsen -- ${replay.join(" ")}${run.clock === "real" ? " (the same nemesis rounds and operations; real timing, so not the same run)" : ""}`);
  console.log(verdict.valid === true ? `valid: ${verdict.summary}` : verdict.valid === false ? `INVALID: ${verdict.summary}` : `unknown: ${verdict.summary}`);
}

function numberFlag(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/s$/, ""));
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${name} must be a positive number, got "${raw}"`);
  return value;
}

/** The nemeses asked for; "all" is every one that can run where the test runs (live: no clock nemeses). */
function nemesisFlag(raw: string | undefined, live: boolean): NemesisName[] {
  if (raw === undefined || raw === "all") return [...(live ? LIVE_NEMESIS_NAMES : NEMESIS_NAMES)];
  if (raw === "none") return [];
  const names = raw.split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !isNemesisName(name));
  if (unknown.length > 0) throw new UsageError(`unknown nemesis ${unknown.join(", ")}: choose from ${NEMESIS_NAMES.join(", ")}, all or none`);
  const refused = live ? names.find((name) => liveRefusal(name as NemesisName) !== undefined) : undefined;
  if (refused) throw new UsageError(`--nemesis ${refused} cannot run with --live: ${liveRefusal(refused as NemesisName)}`);
  return names as NemesisName[];
}

runCommand("jepsen", HELP, main);
