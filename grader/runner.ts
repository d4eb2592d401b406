/**
 * Grading: pick the tests, type-check the graded files, run every (test, seed) job in a child
 * process per exercise, and fold the results into a report. Learner code never runs in this
 * process; whatever it does costs only the tests it was running.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { deriveSeed } from "../src/sim/random";
import type { CatalogTest, CatalogWeek } from "./catalog";
import { ChildPool } from "./child-pool";
import { DEFAULT_MEMORY_MB, type ChildRunner } from "./child-runner";
import { typeCheck, type CompileResults } from "./compile";
import type { Translations } from "./i18n/language";
import { sayParts } from "./i18n/messages";
import type { Attachment, JobResult, Reason } from "./protocol";
import { loadRuleTable } from "./rules";
import { redFlags } from "./red-flags";
import { readableFor } from "./sandbox";
import { COURSE_SEED, fixedTestSeed } from "./seeds";
import { stubsLeftIn } from "./stubs";

const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * A run whose premise failed (ctx.premise) is tried again on seeds derived from its own, this many
 * times at most, before the seed is called inconclusive. Derived, not drawn, so a replay of the
 * printed seed takes exactly the same detours.
 */
const PREMISE_RETRIES_MAX = 3;

export interface GradeRequest {
  /** The course root (grader/, src/, tsconfig.json). */
  root: string;
  /** The folder holding weekN/<file>.ts: exercises/, solutions/, or a submission's copy. */
  sourceRoot: string;
  /** Paths in messages are relative to this (default: root). */
  labelRoot?: string;
  weeks: CatalogWeek[];
  /** Run only the test with exactly this id, or else the tests whose id contains it. */
  only?: string;
  visibleOnly?: boolean;
  /** Run only the tests that list one of these rule ids in their `rules` (a rule's directed and randomized tests). */
  rules?: readonly string[];
  /** Run randomized tests with exactly this seed (replay). */
  seed?: number;
  /** Run randomized tests over this many seeds each, all of them (pass rates). */
  seedsCount?: number;
  /** Derive the seed plan from this instead of COURSE_SEED (self-tests: a catch must not depend on the draw). */
  courseSeed?: number;
  /** Grade a different file for an exercise: "week0.quorum" -> absolute path (mutants, fixtures). */
  overrides?: Record<string, string>;
  /** Type-check results computed beforehand (self-tests check many files in one program). */
  compiled?: CompileResults;
  /** Exercises graded at once (each in its own child process); ignored when `pool` is given. */
  parallel?: number;
  /** More folders the children may read besides the graded files' own (a submission's workspace); ignored when `pool` is given. */
  readable?: string[];
  /** Heap cap of each child, in MB; ignored when `pool` is given. */
  memoryMb?: number;
  /** Resident memory cap of each child, in MB (default: the heap cap + 512); ignored when `pool` is given. */
  residentMb?: number;
  /**
   * Children to grade in, shared with other runs of trusted files (self-tests); by default the run
   * starts its own, so no state of another submission can reach it.
   */
  pool?: ChildPool;
  /** Lower every test's wall-clock limit to this (self-tests of infinite loops need not wait 10 s). */
  timeoutMsMax?: number;
  /** Stop grading an exercise at its first lost point (mutation testing: one lost point is the verdict); the rest are left out of the report. */
  stopAtFirstLoss?: boolean;
  onProgress?: (event: ProgressEvent) => void;
}

/** What a run is doing: type-checking its files, or done with `done` of `total` tests. */
export type ProgressEvent = { kind: "type-check"; files: number } | { kind: "test"; done: number; total: number; testId: string };

export interface TestResult {
  id: string;
  week: number;
  exercise: string;
  name: string;
  description: string;
  /** The description in other languages, where the test gives them. */
  descriptionIn?: Translations;
  visibility: "visible" | "hidden";
  points: number;
  earned: number;
  randomized: boolean;
  seedsRun: number;
  seedsPassed: number;
  /** Rule ids the test checks (its rule table's), the rule it is directed at first. */
  rules: readonly string[];
  /** The first failing seed, with why it failed; undefined when the test passed. */
  failure?: { seed: number; reason: Reason; output?: string };
  /** Seeds on which the test's own setup never held, even on the derived retries: not charged. */
  inconclusive: { seed: number; message: string; messageIn?: Translations }[];
  attachments: Attachment[];
  notes: string[];
  durationMs: number;
}

export interface ExerciseResult {
  week: number;
  id: string;
  title: string;
  /** The title in other languages, where the week gives them. */
  titleIn?: Translations;
  /** The graded file, as the learner knows it ("exercises/week0/quorum.ts"). */
  file: string;
  /** What the file still leaves to write: the names of its `notImplemented(...)` calls, in file order. */
  unwritten: string[];
  /** The exercise's rule table (grader/tests/weekN/<exercise>.rules.md), in its order; empty without one. */
  rules: RuleSummary[];
  tests: TestResult[];
  earned: number;
  points: number;
  /** Uses of tampering APIs in the graded file, for the instructor ("process.emit (line 12)"); they cost nothing. */
  redFlags: string[];
}

export interface RuleSummary {
  id: string;
  statement: string;
  /** The statement in other languages (the rule table's translations). */
  statementIn?: Translations;
  /** Names of the tests directed at this rule: when one fails, the rule is broken. */
  directedTests: string[];
}

/** A graded week's own title, for the heading above its exercises. */
export interface WeekTitle {
  week: number;
  title: string;
  /** The title in other languages, where the week gives them. */
  titleIn?: Translations;
}

export interface GradeReport {
  /** The weeks whose tests were graded, in order. */
  weeks: WeekTitle[];
  exercises: ExerciseResult[];
  earned: number;
  points: number;
  /** False in the student edition, whose hidden tests run only in the instructor's grader. */
  hiddenTestsIncluded: boolean;
  durationMs: number;
}

export async function grade(request: GradeRequest): Promise<GradeReport> {
  const started = performance.now();
  const labelRoot = request.labelRoot ?? request.root;
  const selected = selectTests(request);
  const groups = groupByExercise(selected);
  const files = groups.map((group) => fileFor(group[0], request));
  // Children start before the type check, so their start-up overlaps it.
  // Children of their own for this run (a fresh start: nothing of an earlier run reaches it), allowed to read the graded files' folders.
  const readDirs = [...new Set([...(request.readable ?? []), ...files.flatMap((file) => readableFor(request.root, file)), ...selected.map((test) => dirname(test.module))])];
  const pool = request.pool ?? new ChildPool(request.root, { memoryMb: request.memoryMb ?? DEFAULT_MEMORY_MB, residentMb: request.residentMb, readDirs }, Math.min(request.parallel ?? 2, groups.length));
  try {
    const existing = files.filter((file) => existsSync(file));
    if (!request.compiled) request.onProgress?.({ kind: "type-check", files: existing.length });
    const compiled = request.compiled ?? typeCheck(request.root, existing, labelRoot);
    let done = 0;
    const progress = (testId: string) => request.onProgress?.({ kind: "test", done: ++done, total: selected.length, testId });
    const exercises = await Promise.all(
      groups.map((group, i) => gradeExercise(group, files[i], compiled.get(files[i]) ?? [], pool, request, labelRoot, progress)),
    );
    const graded = new Set(selected.map((test) => test.week));
    return {
      weeks: request.weeks.filter((week) => graded.has(week.definition.week)).map(({ definition: { week, title, titleIn } }) => ({ week, title, titleIn })),
      exercises,
      earned: sum(exercises.map((exercise) => exercise.earned)),
      points: sum(exercises.map((exercise) => exercise.points)),
      hiddenTestsIncluded: request.weeks.some((week) => week.hasHiddenTests),
      durationMs: performance.now() - started,
    };
  } finally {
    if (!request.pool) pool.close();
  }
}

/** The seeds a test runs with, and whether to stop at its first failure. */
export function seedPlan(test: CatalogTest, request: Pick<GradeRequest, "seed" | "seedsCount" | "courseSeed">): { seeds: number[]; stopAtFirstFailure: boolean } {
  const courseSeed = request.courseSeed ?? COURSE_SEED;
  const randomized = test.test.seeds !== undefined;
  if (!randomized) return { seeds: [request.seed ?? fixedTestSeed(test.id, courseSeed)], stopAtFirstFailure: true };
  if (request.seed !== undefined) return { seeds: [request.seed], stopAtFirstFailure: true };
  const count = request.seedsCount ?? (test.test.seeds as number);
  return { seeds: Array.from({ length: count }, (_, i) => deriveSeed(courseSeed, `${test.id}#${i}`)), stopAtFirstFailure: request.seedsCount === undefined };
}

async function gradeExercise(
  tests: CatalogTest[],
  file: string,
  compileErrors: string[],
  pool: ChildPool,
  request: GradeRequest,
  labelRoot: string,
  progress: (testId: string) => void,
): Promise<ExerciseResult> {
  const { exercise, week } = tests[0];
  const fileLabel = relative(labelRoot, file);
  const refusal = refuse(file, fileLabel, compileErrors);
  const results: TestResult[] = [];
  const gradeAll = async (runTest: (test: CatalogTest) => Promise<TestResult> | TestResult) => {
    for (const test of tests) {
      const result = await runTest(test);
      results.push(result);
      progress(test.id);
      if (request.stopAtFirstLoss && result.earned < result.points) return;
    }
  };
  if (refusal) await gradeAll((test) => refusedResult(test, refusal));
  else await pool.use((runner) => gradeAll((test) => runTest(test, file, fileLabel, runner, request)));
  const rules = (loadRuleTable(request.root, week, exercise.id) ?? []).map(({ id, statement, statementIn, directedTests }) => ({ id, statement, statementIn, directedTests }));
  const flags = existsSync(file) ? redFlags(readFileSync(file, "utf8")) : [];
  return {
    week,
    id: exercise.id,
    title: exercise.title,
    titleIn: exercise.titleIn,
    file: fileLabel,
    unwritten: stubsLeftIn(file),
    rules,
    tests: results,
    earned: sum(results.map((r) => r.earned)),
    points: sum(results.map((r) => r.points)),
    redFlags: flags,
  };
}

/** A file that is missing or does not type-check fails all its tests with the same reason. */
function refuse(file: string, fileLabel: string, compileErrors: string[]): Reason | undefined {
  if (!existsSync(file)) return { kind: "import", ...sayParts("fileMissing", fileLabel) };
  if (compileErrors.length === 0) return undefined;
  const shown = compileErrors.slice(0, 8);
  return { kind: "compile", ...sayParts("compileErrors", fileLabel, compileErrors.length, shown.join("\n"), compileErrors.length - shown.length) };
}

async function runTest(test: CatalogTest, file: string, fileLabel: string, runner: ChildRunner, request: GradeRequest): Promise<TestResult> {
  const { seeds, stopAtFirstFailure } = seedPlan(test, request);
  const timeoutMs = Math.min(test.test.timeoutMs ?? DEFAULT_TIMEOUT_MS, request.timeoutMsMax ?? Infinity);
  let passed = 0;
  let failure: TestResult["failure"];
  const inconclusive: TestResult["inconclusive"] = [];
  const attachments: Attachment[] = [];
  const notes: string[] = [];
  let durationMs = 0;
  let run = 0;
  const runSeed = async (seed: number): Promise<JobResult> => {
    const result = await runner.run({ testId: test.id, testModule: test.module, exerciseFile: file, fileLabel, seed }, timeoutMs);
    durationMs += result.durationMs;
    return result;
  };
  for (const planned of seeds) {
    const { seed, result } = await runPastPremises(planned, runSeed);
    run++;
    if (result.passed) {
      passed++;
      continue;
    }
    if (result.reason?.kind === "inconclusive") {
      inconclusive.push({ seed: planned, message: result.reason.message, messageIn: result.reason.messageIn });
      continue;
    }
    if (!failure) {
      failure = { seed, reason: result.reason ?? { kind: "failed", ...sayParts("failedWithoutReason") }, output: result.output };
      attachments.push(...result.attachments);
      notes.push(...result.notes);
    }
    if (stopAtFirstFailure) break;
  }
  return {
    ...describe(test),
    earned: failure ? 0 : test.test.points,
    seedsRun: run,
    seedsPassed: passed,
    failure,
    inconclusive,
    attachments,
    notes,
    durationMs,
  };
}

/**
 * Run `seed`; while the run is inconclusive, try seeds derived from it. Returns the last run and
 * its seed, so a failure found on a retry names the seed that replays it directly.
 */
async function runPastPremises(seed: number, runSeed: (seed: number) => Promise<JobResult>): Promise<{ seed: number; result: JobResult }> {
  let result = await runSeed(seed);
  let tried = seed;
  for (let retry = 1; retry <= PREMISE_RETRIES_MAX && result.reason?.kind === "inconclusive"; retry++) {
    tried = deriveSeed(seed, `premise#${retry}`);
    result = await runSeed(tried);
  }
  return { seed: tried, result };
}

function refusedResult(test: CatalogTest, reason: Reason): TestResult {
  const { seeds } = seedPlan(test, {});
  return { ...describe(test), earned: 0, seedsRun: 0, seedsPassed: 0, failure: { seed: seeds[0], reason }, inconclusive: [], attachments: [], notes: [], durationMs: 0 };
}

function describe(test: CatalogTest): Pick<TestResult, "id" | "week" | "exercise" | "name" | "description" | "descriptionIn" | "visibility" | "points" | "randomized" | "rules"> {
  return {
    id: test.id,
    week: test.week,
    exercise: test.exercise.id,
    name: test.test.name,
    description: test.test.description,
    descriptionIn: test.test.descriptionIn,
    visibility: test.test.visibility,
    points: test.test.points,
    randomized: test.test.seeds !== undefined,
    rules: test.test.rules ?? [],
  };
}

/**
 * The tests a run grades. `only` names one test exactly when some id equals it (so a replay of
 * week1.raft.election never also runs week1.raft.election-after-partition), else a substring.
 */
export function selectTests(request: Pick<GradeRequest, "weeks" | "only" | "visibleOnly" | "rules">): CatalogTest[] {
  const rules = request.rules;
  const candidates = request.weeks
    .flatMap((week) => week.tests)
    .filter((test) => !request.visibleOnly || test.test.visibility === "visible")
    .filter((test) => rules === undefined || (test.test.rules ?? []).some((rule) => rules.includes(rule)));
  const only = request.only;
  if (only === undefined) return candidates;
  const exact = candidates.filter((test) => test.id === only);
  return exact.length > 0 ? exact : candidates.filter((test) => test.id.includes(only));
}

function groupByExercise(tests: CatalogTest[]): CatalogTest[][] {
  const groups = new Map<string, CatalogTest[]>();
  for (const test of tests) {
    const key = `week${test.week}.${test.exercise.id}`;
    groups.set(key, [...(groups.get(key) ?? []), test]);
  }
  return [...groups.values()];
}

function fileFor(test: CatalogTest, request: GradeRequest): string {
  return request.overrides?.[`week${test.week}.${test.exercise.id}`] ?? join(request.sourceRoot, test.exercise.file);
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
