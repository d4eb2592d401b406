/**
 * `npm run bench -- jepsen`: the reference bank (week 4) under each of Jepsen's nemeses alone and
 * all together, over seeds 1-10, 60 s of virtual time each: how many runs were valid (issue 12
 * asks for every one) and how fast the simulator plays a run. A verdict other than valid is named
 * with its seed, which replays it: `npm run jepsen -- --solutions --nemesis NAME --seed N`.
 */
import { bankOnRaft } from "../src/bank/cluster";
import { DEFAULT_BANK_TEST, runBankTest } from "../src/jepsen/bank-test";
import { NEMESIS_NAMES, type NemesisName } from "../src/jepsen/nemeses";
import { RaftNode } from "../solutions/week1/raft";
import { BankServer } from "../solutions/week4/bank";
import type { Benchmark, BenchTable } from "./table";

const SEEDS = 10;
const TIME_LIMIT_S = DEFAULT_BANK_TEST.timeLimitS;

function seedsTable(): BenchTable {
  const store = bankOnRaft(RaftNode, BankServer);
  const plans: [string, readonly NemesisName[]][] = [...NEMESIS_NAMES.map((name): [string, readonly NemesisName[]] => [name, [name]]), ["all", NEMESIS_NAMES]];
  const rows = plans.map(([label, nemeses]) => {
    const startMs = performance.now();
    const notValid: string[] = [];
    let okOperations = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const run = runBankTest({ ...DEFAULT_BANK_TEST, store, seed, nemeses });
      okOperations += run.history.operations.filter((operation) => operation.status === "ok").length;
      if (run.verdict.valid !== true) notValid.push(`seed ${seed}: ${String(run.verdict.valid)}`);
    }
    const seconds = (performance.now() - startMs) / 1000;
    return [label, `${SEEDS - notValid.length} of ${SEEDS}`, Math.round(okOperations / SEEDS), Math.round((SEEDS * TIME_LIMIT_S) / seconds), notValid.join("; ") || "-"];
  });
  return {
    title: `Jepsen bank test on the simulator: the reference bank, seeds 1-${SEEDS}, ${TIME_LIMIT_S} s of virtual time each`,
    columns: ["nemesis", "valid", "ok operations per run", "virtual s per real s", "not valid (replay with --seed)"],
    rows,
    notes: ["target: valid on every seed under every nemesis; wall time, so a shared machine lowers the speed column"],
  };
}

export const benchmarks: Benchmark[] = [{ name: "jepsen seeds", run: seedsTable }];
