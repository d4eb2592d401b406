/**
 * Grading: pick the tests, type-check the graded files, run every (test, seed) job in a child
 * process per exercise, and fold the results into a report. Learner code never runs in this
 * process; whatever it does costs only the tests it was running.
 */
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { deriveSeed } from "../src/sim/random";
import type { CatalogTest, CatalogWeek } from "./catalog";
import { ChildPool } from "./child-pool";
import { DEFAULT_MEMORY_MB, type ChildRunner } from "./child-runner";
import { typeCheck, type CompileResults } from "./compile";
import type { Attachment, JobResult, Reason } from "./protocol";

/** Seeds of randomized tests derive from this and the test id, so every test has its own. */
const COURSE_SEED = 14_2020;
const DEFAULT_TIMEOUT_MS = 10_000;

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
  /** Run randomized tests with exactly this seed (replay). */
  seed?: number;
  /** Run randomized tests over this many seeds each, all of them (pass rates). */
  seedsCount?: number;
  /** Grade a different file for an exercise: "week0.quorum" -> absolute path (mutants, fixtures). */
  overrides?: Record<string, string>;
  /** Type-check results computed beforehand (self-tests check many files in one program). */
  compiled?: CompileResults;
  /** Exercises graded at once (each in its own child process); ignored when `pool` is given. */
  parallel?: number;
  /** Heap cap of each child, in MB; ignored when `pool` is given. */
  memoryMb?: number;
  /** Children to grade in, shared with other runs (self-tests, batch mode); by default the run starts its own. */
  pool?: ChildPool;
  /** Lower every test's wall-clock limit to this (self-tests of infinite loops need not wait 10 s). */
  timeoutMsMax?: number;
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
  visibility: "visible" | "hidden";
  points: number;
  earned: number;
  randomized: boolean;
  seedsRun: number;
  seedsPassed: number;
  /** The first failing seed, with why it failed; undefined when the test passed. */
  failure?: { seed: number; reason: Reason; output?: string };
  attachments: Attachment[];
  notes: string[];
  durationMs: number;
}

export interface ExerciseResult {
  week: number;
  id: string;
  title: string;
  /** The graded file, as the learner knows it ("exercises/week0/quorum.ts"). */
  file: string;
  tests: TestResult[];
  earned: number;
  points: number;
}

export interface GradeReport {
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
  const pool = request.pool ?? new ChildPool(request.root, { memoryMb: request.memoryMb ?? DEFAULT_MEMORY_MB }, Math.min(request.parallel ?? 2, groups.length));
  try {
    const existing = files.filter((file) => existsSync(file));
    if (!request.compiled) request.onProgress?.({ kind: "type-check", files: existing.length });
    const compiled = request.compiled ?? typeCheck(request.root, existing, labelRoot);
    let done = 0;
    const progress = (testId: string) => request.onProgress?.({ kind: "test", done: ++done, total: selected.length, testId });
    const exercises = await Promise.all(
      groups.map((group, i) => gradeExercise(group, files[i], compiled.get(files[i]) ?? [], pool, request, labelRoot, progress)),
    );
    return {
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
export function seedPlan(test: CatalogTest, request: Pick<GradeRequest, "seed" | "seedsCount">): { seeds: number[]; stopAtFirstFailure: boolean } {
  const randomized = test.test.seeds !== undefined;
  if (!randomized) return { seeds: [request.seed ?? deriveSeed(COURSE_SEED, test.id)], stopAtFirstFailure: true };
  if (request.seed !== undefined) return { seeds: [request.seed], stopAtFirstFailure: true };
  const count = request.seedsCount ?? (test.test.seeds as number);
  return { seeds: Array.from({ length: count }, (_, i) => deriveSeed(COURSE_SEED, `${test.id}#${i}`)), stopAtFirstFailure: request.seedsCount === undefined };
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
      results.push(await runTest(test));
      progress(test.id);
    }
  };
  if (refusal) await gradeAll((test) => refusedResult(test, refusal));
  else await pool.use((runner) => gradeAll((test) => runTest(test, file, fileLabel, runner, request)));
  return { week, id: exercise.id, title: exercise.title, file: fileLabel, tests: results, earned: sum(results.map((r) => r.earned)), points: sum(results.map((r) => r.points)) };
}

/** A file that is missing or does not type-check fails all its tests with the same reason. */
function refuse(file: string, fileLabel: string, compileErrors: string[]): Reason | undefined {
  if (!existsSync(file)) return { kind: "import", message: `${fileLabel} does not exist` };
  if (compileErrors.length === 0) return undefined;
  const shown = compileErrors.slice(0, 8);
  const more = compileErrors.length > shown.length ? `\n... and ${compileErrors.length - shown.length} more` : "";
  return { kind: "compile", message: `${fileLabel} does not type-check (${compileErrors.length} error${compileErrors.length === 1 ? "" : "s"}); fix ${compileErrors.length === 1 ? "it" : "them"} first:\n${shown.join("\n")}${more}` };
}

async function runTest(test: CatalogTest, file: string, fileLabel: string, runner: ChildRunner, request: GradeRequest): Promise<TestResult> {
  const { seeds, stopAtFirstFailure } = seedPlan(test, request);
  const timeoutMs = Math.min(test.test.timeoutMs ?? DEFAULT_TIMEOUT_MS, request.timeoutMsMax ?? Infinity);
  let passed = 0;
  let failure: TestResult["failure"];
  const attachments: Attachment[] = [];
  const notes: string[] = [];
  let durationMs = 0;
  let run = 0;
  for (const seed of seeds) {
    const result: JobResult = await runner.run({ testId: test.id, testModule: test.module, exerciseFile: file, fileLabel, seed }, timeoutMs);
    run++;
    durationMs += result.durationMs;
    if (result.passed) {
      passed++;
      continue;
    }
    if (!failure) {
      failure = { seed, reason: result.reason ?? { kind: "failed", message: "failed without a reason" }, output: result.output };
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
    attachments,
    notes,
    durationMs,
  };
}

function refusedResult(test: CatalogTest, reason: Reason): TestResult {
  const { seeds } = seedPlan(test, {});
  return { ...describe(test), earned: 0, seedsRun: 0, seedsPassed: 0, failure: { seed: seeds[0], reason }, attachments: [], notes: [], durationMs: 0 };
}

function describe(test: CatalogTest): Pick<TestResult, "id" | "week" | "exercise" | "name" | "description" | "visibility" | "points" | "randomized"> {
  return {
    id: test.id,
    week: test.week,
    exercise: test.exercise.id,
    name: test.test.name,
    description: test.test.description,
    visibility: test.test.visibility,
    points: test.test.points,
    randomized: test.test.seeds !== undefined,
  };
}

/**
 * The tests a run grades. `only` names one test exactly when some id equals it (so a replay of
 * week1.raft.election never also runs week1.raft.election-after-partition), else a substring.
 */
export function selectTests(request: Pick<GradeRequest, "weeks" | "only" | "visibleOnly">): CatalogTest[] {
  const candidates = request.weeks.flatMap((week) => week.tests).filter((test) => !request.visibleOnly || test.test.visibility === "visible");
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
