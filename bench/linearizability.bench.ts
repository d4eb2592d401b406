/**
 * Linearizability checker: time, search steps and peak heap on histories of an atomic register
 * (src/check/history-generator.ts, seeded), 1k / 10k / 100k operations from 1, 10 and 50
 * concurrent clients; linearizable as generated, and with one stale read injected near 90% of the
 * history, found by the anomaly scan and by the search alone. Then histories shaped like Jepsen's
 * etcd runs, and, when downloaded to .cache/porcupine-etcd/ and .cache/porcupine-kv/, porcupine's
 * etcd logs and 6.824 kv histories themselves, in wall time each and in CPU time per set beside
 * porcupine's own (issue 14).
 * Target (issue 4): a 10-client, 10k-operation register history checks in under 1 s.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { History } from "../src/check/history";
import { loadHistoryText } from "../src/check/history-file";
import { generateHistory, injectStaleRead } from "../src/check/history-generator";
import { checkLinearizability, type CheckOptions, type LinearizabilityResult } from "../src/check/linearizability";
import { liveHeapBytes } from "./memory";
import type { Benchmark, BenchTable } from "./table";

const TARGET_MS = 1000;
/** The search alone on 50 clients can need more than this: it then says UNKNOWN, as it should. */
const SEARCH_ONLY_STEP_BUDGET = 20_000_000;
const CORPUS_DIR = join(__dirname, "..", ".cache", "porcupine-etcd");
/** porcupine's test_data/kv (MIT 6.824's key-value histories), c01-ok.txt ... c50-bad.txt: the name says the verdict. */
const KV_CORPUS_DIR = join(__dirname, "..", ".cache", "porcupine-kv");
/** Which of porcupine's etcd logs its own tests expect to be linearizable (porcupine_test.go). */
/** The etcd cluster failed to start in run 95: its log has no operations, and porcupine's tests leave it out. */
const NOT_A_RUN = /^etcd_095\.log$/;
const PORCUPINE_LINEARIZABLE = new Set([2, 5, 7, 18, 25, 31, 38, 45, 48, 49, 51, 53, 56, 67, 75, 76, 80, 87, 92, 98, 100, 101, 102]);

interface Measured {
  result: LinearizabilityResult;
  ms: number;
  peakHeapMb: number;
}

/** One check, timed, with the heap sampled every few thousand search steps. */
function measure(history: History, model: string, options: CheckOptions = {}): Measured {
  const baseline = liveHeapBytes();
  let peak = baseline;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const startMs = performance.now();
  const result = checkLinearizability(history, model, { ...options, progress: sample });
  const ms = performance.now() - startMs;
  sample();
  return { result, ms, peakHeapMb: (peak - baseline) / 1e6 };
}

function registerTable(): BenchTable {
  measure(generateHistory({ seed: 7, operations: 2000, clients: 10 }), "register"); // warm up the JIT
  const rows: (string | number)[][] = [];
  for (const operations of [1_000, 10_000, 100_000]) {
    for (const clients of [1, 10, 50]) {
      const history = generateHistory({ seed: 1, operations, clients });
      const stale = injectStaleRead(history, 0.9);
      const cases: [string, History | undefined, CheckOptions][] = [
        ["linearizable", history, {}],
        ["stale read", stale?.history, {}],
        ["stale read, search alone", stale?.history, { shapeScan: false, stepBudget: SEARCH_ONLY_STEP_BUDGET }],
      ];
      for (const [kind, input, options] of cases) {
        if (!input) continue;
        const { result, ms, peakHeapMb } = measure(input, "register", options);
        const target = operations === 10_000 && clients === 10 ? (ms < TARGET_MS ? "met" : "MISSED") : "";
        rows.push([operations, clients, kind, result.verdict, Math.round(ms), result.steps, Math.round(peakHeapMb * 10) / 10, target]);
      }
    }
  }
  return {
    title: "Linearizability: atomic-register histories (seed 1), one stale read injected at 90%",
    columns: ["operations", "clients", "history", "verdict", "ms", "search steps", "peak heap MB", `< ${TARGET_MS} ms`],
    rows,
    notes: [
      "default checking: a short search first, the anomaly scan when it cannot decide, then the full search;",
      "ms includes, for ILLEGAL, shrinking and wording the explanation",
      `peak heap: sampled every 4,096 search steps, above a collected baseline; the search alone gets ${SEARCH_ONLY_STEP_BUDGET.toLocaleString("en-US")} steps`,
      "UNKNOWN is the honest answer when the budget runs out (never a pass)",
    ],
  };
}

/** Histories of the size and shape of Jepsen's etcd runs: 5 processes, values 0..4, read/write/cas, timeouts. */
function jepsenShapedTable(): BenchTable {
  const runs = 100;
  const rows: (string | number)[][] = [];
  for (const broken of [false, true]) {
    const histories = Array.from({ length: runs }, (_, seed) => {
      const history = generateHistory({ seed, operations: 170, clients: 5, model: "cas-register", values: 5, infoRate: 0.05, durationMsMax: 30, thinkMsMax: 10 });
      return broken ? withOneReadChanged(history, seed) : history;
    });
    const startMs = performance.now();
    const verdicts = histories.map((history) => checkLinearizability(history, "cas-register").verdict);
    const ms = performance.now() - startMs;
    const count = (verdict: string) => verdicts.filter((v) => v === verdict).length;
    rows.push([broken ? "one read answer changed" : "as generated", runs, count("OK"), count("ILLEGAL"), count("UNKNOWN"), Math.round(ms), Math.round((ms / runs) * 100) / 100]);
  }
  return {
    title: "Linearizability: Jepsen-shaped cas-register histories (170 operations, 5 processes, values 0..4, 5% timeouts)",
    columns: ["histories", "count", "OK", "ILLEGAL", "UNKNOWN", "total ms", "ms each"],
    rows,
    notes: ["anchor: porcupine (Go) checks its ~100 etcd logs of this shape in about 0.3 s in total"],
  };
}

/** Read n of a history made to answer another value of the same small range (often illegal). */
function withOneReadChanged(history: History, seed: number): History {
  const reads = history.operations.filter((op) => op.status === "ok" && (op.input as { f: string }).f === "read");
  const victim = reads[(seed * 7919) % reads.length];
  const output = ((victim.output as number | null) ?? -1) + 1;
  return { operations: history.operations.map((op) => (op === victim ? { ...op, output: output % 5 } : op)) };
}

function corpusTable(): BenchTable {
  const columns = ["file", "operations", "verdict", "porcupine expects", "agrees", "ms"];
  const { etcd, kv } = porcupineCorpora();
  if (etcd.length + kv.length === 0) {
    return { title: "Linearizability: porcupine's etcd logs and 6.824 kv histories", columns, rows: [], notes: [`not downloaded: put etcd_NNN.log files from anishathalye/porcupine test_data/jepsen/ in ${CORPUS_DIR}, and its test_data/kv/*.txt in ${KV_CORPUS_DIR}`] };
  }
  const rows: (string | number)[][] = [];
  let totalMs = 0;
  for (const { file, history, model, expected } of [...etcd, ...kv]) {
    const startMs = performance.now();
    const { verdict } = checkLinearizability(history, model);
    const ms = performance.now() - startMs;
    totalMs += ms;
    rows.push([file, history.operations.length, verdict, expected, verdict === expected ? "yes" : "NO", Math.round(ms * 10) / 10]);
  }
  return { title: "Linearizability: porcupine's etcd logs and 6.824 kv histories (.cache/porcupine-etcd, .cache/porcupine-kv)", columns, rows, notes: [`${rows.length} files in ${Math.round(totalMs)} ms in total, wall time, with explanations (first file includes warm-up)`] };
}

interface CorpusHistory {
  file: string;
  history: History;
  model: string;
  expected: "OK" | "ILLEGAL";
}

/** porcupine's etcd logs and 6.824 kv histories, those downloaded (none when not). */
function porcupineCorpora(): { etcd: CorpusHistory[]; kv: CorpusHistory[] } {
  const load = (dir: string, pattern: RegExp, expected: (file: string) => "OK" | "ILLEGAL"): CorpusHistory[] =>
    (existsSync(dir) ? readdirSync(dir).filter((file) => pattern.test(file) && !NOT_A_RUN.test(file)).sort() : []).map((file) => {
      const loaded = loadHistoryText(readFileSync(join(dir, file), "utf8"));
      return { file, history: loaded.history, model: loaded.suggestedModel, expected: expected(file) };
    });
  return {
    etcd: load(CORPUS_DIR, /^etcd_\d+\.log$/, (file) => (PORCUPINE_LINEARIZABLE.has(Number(/\d+/.exec(file)?.[0])) ? "OK" : "ILLEGAL")).map((entry) => ({ ...entry, model: "cas-register" })),
    kv: load(KV_CORPUS_DIR, /^c\d+-(ok|bad)\.txt$/, (file) => (file.includes("-ok") ? "OK" : "ILLEGAL")),
  };
}

/**
 * The sets of issue 14's table beside porcupine's CPU times there (Go, GOMAXPROCS=1, same
 * machine): process CPU time, after a warm-up pass, the least of three passes.
 */
function corpusCpuTable(): BenchTable {
  const { etcd, kv } = porcupineCorpora();
  const columns = ["set", "histories", "verdicts as porcupine's tests", "cpu ms (least of 3)", "porcupine cpu ms (issue 14)"];
  if (etcd.length + kv.length === 0) return { title: "Linearizability: porcupine's corpora, CPU time", columns, rows: [], notes: [`not downloaded: see ${CORPUS_DIR} and ${KV_CORPUS_DIR}`] };
  const sets: [string, CorpusHistory[], CheckOptions, number | string][] = [
    ["etcd, all (verdict)", etcd, { explain: false }, 522],
    ["etcd, the ILLEGAL ones (verdict)", etcd.filter((entry) => entry.expected === "ILLEGAL"), { explain: false }, 145],
    ["6.824 kv (verdict)", kv, { explain: false }, 248],
    ["etcd with explanations (the default)", etcd, {}, "596 (verbose)"],
  ];
  const rows = sets.map(([name, entries, options, porcupine]) => {
    const pass = () => entries.map(({ history, model }) => checkLinearizability(history, model, options).verdict);
    const verdicts = pass();
    const agree = verdicts.filter((verdict, i) => verdict === entries[i].expected).length;
    const ms = Math.min(...[0, 1, 2].map(() => cpuMs(pass).ms));
    return [name, entries.length, `${agree} of ${entries.length}`, Math.round(ms), porcupine];
  });
  return {
    title: "Linearizability: porcupine's corpora (.cache/porcupine-etcd, .cache/porcupine-kv), CPU time",
    columns,
    rows,
    notes: ["process CPU (user + system) of this process, after one warm-up pass; the kv histories with the model their import suggests (kv-6.824)"],
  };
}

/** Process CPU time in ms (user + system): the machine may be shared, so wall time would measure the neighbours. */
function cpuMs<T>(work: () => T): { value: T; ms: number } {
  const start = process.cpuUsage();
  const value = work();
  const used = process.cpuUsage(start);
  return { value, ms: (used.user + used.system) / 1000 };
}

/**
 * The two numbers that decide the checker's speed: search steps per CPU second on histories whose
 * search is long (the anomaly scan off, so the search decides alone), and the fixed cost of a
 * small history (85 operations, the size of a Jepsen etcd run), where set-up dominates.
 */
function throughputTable(): BenchTable {
  const rows: (string | number)[][] = [];
  const small = Array.from({ length: 200 }, (_, seed) => generateHistory({ seed, operations: 85, clients: 5, model: "cas-register", values: 5, infoRate: 0.05, durationMsMax: 30, thinkMsMax: 10 }));
  const checkSmall = () => small.map((history) => checkLinearizability(history, "cas-register", { explain: false }));
  checkSmall(); // warm up the JIT
  const smallRun = cpuMs(checkSmall);
  const smallSteps = smallRun.value.reduce((sum, result) => sum + result.steps, 0);
  rows.push(["85 operations, 5 clients (cas-register)", small.length, smallSteps, Math.round(smallRun.ms), Math.round((smallSteps / smallRun.ms) * 1000), Math.round((smallRun.ms / small.length) * 1000) / 1000]);
  for (const clients of [10, 50]) {
    const history = generateHistory({ seed: 1, operations: 10_000, clients });
    const stale = injectStaleRead(history, 0.9)?.history ?? history;
    const run = cpuMs(() => checkLinearizability(stale, "register", { shapeScan: false, explain: false, stepBudget: SEARCH_ONLY_STEP_BUDGET }));
    rows.push([`10k operations, ${clients} clients, stale read at 90% (${run.value.verdict}, search alone)`, 1, run.value.steps, Math.round(run.ms), Math.round((run.value.steps / run.ms) * 1000), Math.round(run.ms * 1000) / 1000]);
  }
  return {
    title: "Linearizability: search steps per second and per-history fixed cost (process CPU time)",
    columns: ["histories", "count", "search steps", "cpu ms", "steps / cpu s", "cpu ms each"],
    rows,
    notes: [
      "CPU time of this process (process.cpuUsage, user + system, includes the collector), not wall time: the machine may be shared",
      "small histories: verdict only (explain false), after one warm-up pass; their ms each is the per-history fixed cost",
      "anchor (issue 14): porcupine checks an 85-operation etcd history in about 0.24 ms",
    ],
  };
}

export const benchmarks: Benchmark[] = [
  { name: "linearizability throughput", run: throughputTable },
  { name: "linearizability registers", run: registerTable },
  { name: "linearizability jepsen-shaped", run: jepsenShapedTable },
  { name: "linearizability porcupine corpus", run: corpusTable },
  { name: "linearizability porcupine cpu", run: corpusCpuTable },
];
