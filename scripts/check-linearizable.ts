/**
 * `npm run check:linearizable -- FILE [options]`: is the history in FILE linearizable?
 * Prints the verdict as soon as it is known ("verdict: ILLEGAL (key x) after 12 ms; explaining..."),
 * then what it found in words and, alone on the last line, the verdict again: OK, ILLEGAL or UNKNOWN.
 * Run with --help for the options and exit codes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadHistoryText } from "../src/check/history-file";
import { HistoryFormatError } from "../src/check/jepsen-import";
import { checkLinearizability, describeResult, type Verdict } from "../src/check/linearizability";
import { MODEL_NAMES, modelNamed } from "../src/check/models";
import { linearizabilityReportHtml } from "../src/viz/history-report";

const HELP = `usage: npm run check:linearizable -- FILE [--model ${MODEL_NAMES.join("|")}] [--html OUT.html]
                                         [--step-budget N] [--time-budget-ms N] [--no-shape-scan]

FILE is a history in one of these formats (told apart by content):
  the course's JSON        {"format": "linearizability-history/1", "operations": [...]}
  Jepsen EDN, one map a line   {:process 0, :type :invoke, :f :read, :value nil}
  Jepsen log lines         INFO  jepsen.util - 0  :invoke  :cas  [3 0]

options:
  --model M            register, cas-register, kv or kv-6.824 (a key never written reads as "")
                       (default: what the operations suggest)
  --html OUT           also write an HTML page: verdict, explanation and a timeline
  --step-budget N      search steps before giving up with UNKNOWN (default 50,000,000)
  --time-budget-ms N   wall-clock limit before giving up with UNKNOWN (default 30,000)
  --no-shape-scan      skip the quick scan for classic anomalies; the search decides alone

exit codes:
  0  OK        linearizable
  1  ILLEGAL   not linearizable (the explanation says why)
  2  UNKNOWN   the budget ran out first: NOT a pass
  3  the file or the options are malformed (the message names the line)`;

const EXIT_CODES: Record<Verdict, number> = { OK: 0, ILLEGAL: 1, UNKNOWN: 2 };
const EXIT_MALFORMED = 3;

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: "string" },
      html: { type: "string" },
      "step-budget": { type: "string" },
      "time-budget-ms": { type: "string" },
      "no-shape-scan": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one FILE, got ${positionals.length}`);
  const file = positionals[0];
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const loaded = loadHistoryText(text);
  const modelName = values.model ?? loaded.suggestedModel;
  const model = modelNamed(modelName);
  console.log(`${file}: ${loaded.history.operations.length} operations (${loaded.format}), model ${model.name}${values.model ? "" : " (suggested by the operations; --model to choose)"}`);
  for (const note of loaded.notes) console.log(`note: ${note}`);
  const startMs = performance.now();
  const result = checkLinearizability(loaded.history, model, {
    stepBudget: count(values["step-budget"], "--step-budget"),
    timeBudgetMs: count(values["time-budget-ms"], "--time-budget-ms"),
    shapeScan: !values["no-shape-scan"],
    // The verdict as soon as it is known: explaining an ILLEGAL one (shrinking it) takes longer.
    onVerdict: (verdict, part) => console.log(`verdict: ${verdict}${part ? ` (key ${part})` : ""} after ${Math.round(performance.now() - startMs)} ms${verdict === "ILLEGAL" ? "; explaining..." : ""}`),
  });
  console.log(`${describeResult(result)}\n(checked in ${Math.round(performance.now() - startMs)} ms, ${result.steps} search steps)`);
  if (values.html) {
    writeFileSync(values.html, linearizabilityReportHtml(loaded.history, result, model, `Linearizability of ${file}`));
    console.log(`wrote ${values.html}`);
  }
  console.log(result.verdict);
  return EXIT_CODES[result.verdict];
}

class UsageError extends Error {}

function count(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.replace(/_/g, ""));
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`${option} needs a whole number, got "${text}"`);
  return value;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  const malformed = error instanceof HistoryFormatError || error instanceof UsageError || (error instanceof Error && /^(operation \d+|no model|Unknown option|Option)/.test(error.message));
  if (!malformed) throw error;
  console.error(`error: ${(error as Error).message}${error instanceof UsageError || /option/i.test((error as Error).message) ? "\n\n" + HELP : ""}`);
  process.exitCode = EXIT_MALFORMED;
}
