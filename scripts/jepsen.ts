/**
 * `npm run jepsen -- --workload bank [options]`: the chapter's Jepsen command, on the simulator.
 * Runs the bank workload against a bank on Raft under a nemesis, checks the history, and writes
 * Jepsen-shaped results. Run with --help for the options and exit codes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { bankOnRaft } from "../src/bank/cluster";
import { bankRaft } from "../src/bank/course-raft";
import { describeBalances } from "../src/check/bank";
import { historyToJson } from "../src/check/history";
import type { BankServerConstructor } from "../src/contracts/bank";
import { isNotImplemented } from "../src/contracts/not-implemented";
import { DEFAULT_BANK_TEST, runBankTest, type BankTestRun } from "../src/jepsen/bank-test";
import { NEMESIS_NAMES, isNemesisName, type NemesisName } from "../src/jepsen/nemeses";
import { jepsenPage } from "../src/jepsen/report";
import { formatNemesis, parseSeed } from "../src/sim";
import { runCommand, UsageError } from "./command-main";

const ROOT = resolve(__dirname, "..");

const HELP = `usage: npm run jepsen -- --workload bank [options]

Runs Jepsen's bank workload (transfers between accounts, reads of every balance) against a bank on
Raft in the simulator: ${DEFAULT_BANK_TEST.timeLimitS} s of virtual time take a few seconds. One seed decides the whole run.

options:
  --workload W          bank (the only workload so far)
  --nodes n1,n2,...     the servers (default n1..n5; only their number matters)
  --time-limit S        seconds of workload, virtual time (default ${DEFAULT_BANK_TEST.timeLimitS})
  --nemesis A,B         any of ${NEMESIS_NAMES.join(", ")}; "all" (default) or "none"
  --nemesis-interval S  a nemesis round starts every S seconds and lasts S/2 (default ${DEFAULT_BANK_TEST.nemesisIntervalS})
  --concurrency N       clients at once (default ${DEFAULT_BANK_TEST.concurrency})
  --seed N              replay a run exactly (default: a new seed, printed)
  --solutions           run the reference bank (solutions/week4/bank.ts) instead of yours
  --file PATH           run the bank in PATH (a module exporting BankServer)
  --own-raft            run on your week-1 RaftNode instead of the reference Raft
  --out DIR             where to write the results (default .cache/jepsen/bank-<seed>)

writes results.json (Jepsen's shape: valid? true, false or "unknown", and each anomaly),
history.json (every operation) and timeline.html (latency with the nemesis rounds shaded).

exit codes: 0 valid, 1 invalid (anomalies found), 2 unknown (vacuous or undecided), 3 bad usage or a crash`;

const EXIT = { valid: 0, invalid: 1, unknown: 2 } as const;


function main(argv: string[]): number {
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
  if (values.live) throw new UsageError("--live (real processes) is not available yet: the bank runs on the simulator only");
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : parseSeed(values.seed);
  const bankFile = values.file ?? (values.solutions ? "solutions/week4/bank.ts" : "exercises/week4/bank.ts");
  const { BankServer } = require(resolve(ROOT, bankFile)) as { BankServer?: BankServerConstructor };
  if (typeof BankServer !== "function") throw new UsageError(`${bankFile} exports no BankServer class`);
  const raft = bankRaft({ own: values["own-raft"] });
  const options = {
    ...DEFAULT_BANK_TEST,
    seed,
    store: bankOnRaft(raft.Raft, BankServer),
    servers: values.nodes === undefined ? DEFAULT_BANK_TEST.servers : values.nodes.split(",").filter((n) => n.trim() !== "").length,
    timeLimitS: numberFlag(values["time-limit"], "--time-limit", DEFAULT_BANK_TEST.timeLimitS),
    nemeses: nemesisFlag(values.nemesis),
    nemesisIntervalS: numberFlag(values["nemesis-interval"], "--nemesis-interval", DEFAULT_BANK_TEST.nemesisIntervalS),
    concurrency: numberFlag(values.concurrency, "--concurrency", DEFAULT_BANK_TEST.concurrency),
  };
  console.log(`jepsen bank: seed ${seed}, ${options.servers} servers, ${options.concurrency} clients, ${options.timeLimitS} s, nemesis ${options.nemeses.join(", ") || "none"} every ${options.nemesisIntervalS} s`);
  console.log(`  bank: ${bankFile}; Raft: ${raft.source}`);
  let run: BankTestRun;
  try {
    run = runBankTest(options);
  } catch (error) {
    if (isNotImplemented(error)) throw new UsageError(`${error.message}: implement the bank first, or run the reference with --solutions`);
    throw error;
  }
  const out = resolve(values.out ?? join(ROOT, ".cache", "jepsen", `bank-${seed}`));
  writeResults(out, run, bankFile);
  printVerdict(run, seed, argv, out);
  return run.verdict.valid === true ? EXIT.valid : run.verdict.valid === false ? EXIT.invalid : EXIT.unknown;
}

function writeResults(out: string, run: BankTestRun, bankFile: string): void {
  mkdirSync(out, { recursive: true });
  const { verdict } = run;
  const results = {
    valid: verdict.valid,
    summary: verdict.summary,
    ...(verdict.valid === false ? { anomalies: verdict.anomalies } : {}),
    ...(verdict.valid === "unknown" ? { reason: verdict.reason } : {}),
    workload: "bank",
    bank: bankFile,
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

function printVerdict(run: BankTestRun, seed: number, argv: string[], out: string): void {
  const { verdict } = run;
  console.log(`  nemesis: ${formatNemesis(run.nemesis) || "none"}`);
  const first = run.cluster.servers[0];
  const server = run.cluster.server(first);
  console.log(`  final balances on ${first}: ${server ? describeBalances(server.inspect().balances) : "(down)"}`);
  if (verdict.valid === false) for (const anomaly of verdict.anomalies) console.log(`  ✗ ${anomaly.kind}: ${anomaly.message.split("\n")[0]}`);
  if (verdict.valid === "unknown") console.log(`  ? ${verdict.reason}`);
  console.log(`  results: ${relative(process.cwd(), out)}/{results.json,history.json,timeline.html}`);
  const replay = argv.some((arg) => arg.startsWith("--seed")) ? argv : [...argv, "--seed", String(seed)];
  console.log(`  replay: npm run jepsen -- ${replay.join(" ")}`);
  console.log(verdict.valid === true ? `valid: ${verdict.summary}` : verdict.valid === false ? `INVALID: ${verdict.summary}` : `unknown: ${verdict.summary}`);
}

function numberFlag(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/s$/, ""));
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function nemesisFlag(raw: string | undefined): NemesisName[] {
  if (raw === undefined || raw === "all") return [...NEMESIS_NAMES];
  if (raw === "none") return [];
  const names = raw.split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !isNemesisName(name));
  if (unknown.length > 0) throw new UsageError(`unknown nemesis ${unknown.join(", ")}: choose from ${NEMESIS_NAMES.join(", ")}, all or none`);
  return names as NemesisName[];
}

runCommand("jepsen", HELP, main);
