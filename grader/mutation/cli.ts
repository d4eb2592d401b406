/**
 * `npm run mutation -- <week> [options]`: mutation testing of a week's tests with Stryker.
 *
 * Stryker mutates the week's reference solutions (solutions/weekN/*.ts): one small change at a
 * time (a `<` for a `<=`, a condition forced true, a statement block emptied, ...). Each mutant
 * that still type-checks (Stryker's TypeScript checker) is graded by the course's grader with its
 * exercise's visible and hidden tests (grader-test-runner.ts); it is killed when it loses a point.
 * A survivor is a mistake the tests let through: a test to add, or a change that is equivalent to
 * the reference, excluded in the solution with `// Stryker disable next-line <mutator>: <reason>`.
 *
 * Prints the score per exercise and the survivors; writes Stryker's HTML report (and its JSON) to
 * reports/mutation/weekN/, or weekN-<exercise>[-<exercise>...] for an --exercise run, so that runs of
 * different exercises keep their own reports. Exit code 0 whenever the run completed (whatever the score), 2 for a
 * usage error, 1 when it could not run.
 */
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { MutantResult, PartialStrykerOptions } from "@stryker-mutator/api/core";
import { listWeeks } from "../catalog";
import { formatScores, scoresByExercise } from "./scores";
import { exerciseOfSolution, exercisesOf, mutatedFiles, MUTATION_CACHE } from "./scope";

const ROOT = resolve(__dirname, "..", "..");

const USAGE = `usage: npm run mutation -- <week> [options]
  <week>              week0, week1, ... (or 0, 1, ...)
  --exercise ID       only this exercise of the week (e.g. raft, clocks); may repeat
  --mutate SPEC       only these mutants: solutions/weekN/<file>.ts[:line-line], Stryker's syntax; may repeat
  --concurrency N     mutants graded at once, each by a Stryker worker with a grader child (default 1)
  --out DIR           write the HTML and JSON reports into DIR (default reports/mutation/weekN,
                      or reports/mutation/weekN-<exercise> with --exercise)`;

class UsageError extends Error {}

interface StrykerModule {
  Stryker: new (options: PartialStrykerOptions) => { runMutationTest(): Promise<MutantResult[]> };
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      exercise: { type: "string", multiple: true },
      mutate: { type: "string", multiple: true },
      concurrency: { type: "string", default: "1" },
      out: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError("which week? e.g. `npm run mutation -- week1`");
  const week = parseWeek(positionals[0]);
  const exercises = exercisesOf(ROOT, week);
  const unknown = (values.exercise ?? []).filter((id) => !exercises.some((exercise) => exercise.id === id));
  if (unknown.length > 0) throw new UsageError(`week ${week} has no exercise ${unknown.join(", ")}; it has ${exercises.map((exercise) => exercise.id).join(", ")}`);
  const mutate = values.mutate ?? exercises.filter((exercise) => !values.exercise || values.exercise.includes(exercise.id)).map((exercise) => exercise.file);
  for (const file of mutatedFiles(mutate)) {
    if (exerciseOfSolution(ROOT, file).week !== week) throw new UsageError(`--mutate ${file} is not a file of week ${week}`);
  }
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency needs a positive integer, got "${values.concurrency}"`);
  const outDir = resolve(values.out ?? join(ROOT, "reports", "mutation", [`week${week}`, ...(values.exercise ?? [])].join("-")));
  const started = performance.now();
  const results = await runStryker(strykerOptions(mutate, concurrency, outDir));
  const seconds = (performance.now() - started) / 1000;
  console.log(formatScores(scoresByExercise(ROOT, results)));
  console.log(`${results.length} mutants of week ${week} in ${seconds.toFixed(0)} s, ${new Date().toISOString().slice(0, 10)}; report: ${relative(process.cwd(), join(outDir, "index.html"))}`);
  return 0;
}

function strykerOptions(mutate: string[], concurrency: number, outDir: string): PartialStrykerOptions {
  // One folder per run: Stryker deletes its temporary folder when it is done, and another run may be going on.
  const tempDir = join(MUTATION_CACHE, `stryker-${process.pid}`);
  return {
    mutate,
    testRunner: "course-grader",
    appendPlugins: [join(__dirname, "grader-test-runner.ts"), join(__dirname, "cosmetic-ignorer.ts")],
    ignorers: ["course-cosmetic"],
    // The runner plugin is TypeScript, and so is the grader it drives; every Stryker worker loads the plugins.
    testRunnerNodeArgs: ["--import", "tsx"],
    checkerNodeArgs: ["--import", "tsx"],
    checkers: ["typescript"],
    tsconfigFile: "grader/mutation/tsconfig.json",
    // The grader knows no per-test coverage: every mutant is graded by its exercise's whole suite, stopping at the first lost point.
    coverageAnalysis: "off",
    concurrency,
    // The grader's own limit per test (10 s) ends a mutant that loops; Stryker's limit is only a backstop, generous so that
    // a surviving mutant graded on a busy machine is never counted as a timeout.
    timeoutFactor: 3,
    timeoutMS: 60_000,
    tempDirName: tempDir,
    cleanTempDir: "always",
    // The sandbox needs only what the TypeScript checker reads; the grader grades from the course's own folders.
    ignorePatterns: ["/*", "!/src", "!/solutions", "!/tsconfig.json", "!/package.json", "!/grader", "/grader/*", "!/grader/mutation"],
    reporters: ["html", "json", "progress"],
    htmlReporter: { fileName: join(outDir, "index.html") },
    jsonReporter: { fileName: join(outDir, "mutation.json") },
    logLevel: "warn" as PartialStrykerOptions["logLevel"],
  };
}

async function runStryker(options: PartialStrykerOptions): Promise<MutantResult[]> {
  // Stryker is an ES module that this course's module resolution (node10) cannot name for the type checker.
  const specifier = "@stryker-mutator/core";
  const { Stryker } = (await import(specifier)) as StrykerModule;
  return new Stryker(options).runMutationTest();
}

function parseWeek(text: string): number {
  const match = /^(?:week)?(\d+)$/.exec(text);
  const available = listWeeks(ROOT);
  if (!match || !available.includes(Number(match[1]))) throw new UsageError(`unknown week "${text}"; this course has ${available.map((week) => `week${week}`).join(", ")}`);
  return Number(match[1]);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))) {
      console.error(`mutation: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(`mutation: the run could not complete: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
