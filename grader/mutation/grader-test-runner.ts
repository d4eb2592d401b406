/**
 * Stryker's test runner for the course (`npm run mutation`): each mutant of a reference solution
 * is graded as a learner's file would be, by the grader, with its exercise's visible and hidden
 * tests, and it is killed when it loses a single point.
 *
 * Stryker instruments the files it mutates (every mutant in one file, switched on by a global);
 * the grader runs nothing of the kind: its children flag a changed global as tampering and pass
 * learner code no environment. So this runner writes each mutant out as plain source, the
 * reference with the one replacement Stryker made, beside copies of the reference's neighbours
 * (as the curated mutants are built), and grades that file. The grader's own wall-clock limit per
 * test catches a mutant that loops; such a mutant counts as a timeout.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Mutant, StrykerOptions } from "@stryker-mutator/api/core";
import type { PluginKind } from "@stryker-mutator/api/dist/src/plugin/index.js";
// Stryker's api package is ESM with an exports map that this course's module resolution (node10)
// does not read: its types come by their path, and its enums are written as their values.
import type { DryRunResult, DryRunStatus, MutantRunOptions, MutantRunResult, MutantRunStatus, TestRunner, TestRunnerCapabilities, TestStatus } from "@stryker-mutator/api/dist/src/test-runner/index.js";
import { loadWeek, type CatalogWeek } from "../catalog";
import { ChildPool } from "../child-pool";
import { DEFAULT_MEMORY_MB } from "../child-runner";
import { writeBesideReference } from "../mutants";
import { grade, type GradeReport, type GradeRequest, type TestResult } from "../runner";
import { exerciseOfSolution, MUTATION_CACHE, mutatedFiles, type MutatedExercise } from "./scope";

const ROOT = join(__dirname, "..", "..");

export class GraderTestRunner implements TestRunner {
  static inject = ["options"] as const;
  /** The exercises under mutation, each with the tests that grade it. */
  private readonly weeks: CatalogWeek[];
  private readonly exercises: MutatedExercise[];
  private readonly cacheDir = join(ROOT, MUTATION_CACHE);
  /** Each worker writes its mutants into a folder of its own, removed when it is done. */
  private readonly copyName = `worker-${process.pid}`;
  private readonly references = new Map<string, string>();
  /** Tests that killed mutants, the latest first: a mutant is most often killed by the test that killed its neighbour. */
  private killers: string[] = [];
  private pool: ChildPool | undefined;

  constructor(options: StrykerOptions) {
    this.exercises = mutatedFiles(options.mutate).map((file) => exerciseOfSolution(ROOT, file));
    const weekNumbers = [...new Set(this.exercises.map(({ week }) => week))];
    this.weeks = weekNumbers.map((week) => {
      const catalog = loadWeek(ROOT, week);
      const ids = new Set(this.exercises.filter((exercise) => exercise.week === week).map((exercise) => exercise.id));
      return { ...catalog, tests: catalog.tests.filter((test) => ids.has(test.exercise.id)) };
    });
  }

  capabilities(): TestRunnerCapabilities {
    // Every job reloads the graded file in the grader's child: nothing of one mutant reaches the next.
    return { reloadEnvironment: true };
  }

  async init(): Promise<void> {
    // The children may read only folders that exist when they start: write the copies first.
    for (const exercise of this.exercises) this.writeCopy(join(ROOT, exercise.file), this.reference(join(ROOT, exercise.file)));
    const readDirs = [join(this.cacheDir, this.copyName), join(this.cacheDir, "src")];
    this.pool = new ChildPool(ROOT, { memoryMb: DEFAULT_MEMORY_MB, readDirs }, 1);
  }

  /**
   * The reference, copied and graded exactly as every mutant will be, must score full marks: else
   * no verdict means anything (and a copy the grader cannot load would "kill" every mutant).
   */
  async dryRun(): Promise<DryRunResult> {
    const overrides = Object.fromEntries(this.exercises.map((exercise) => [`week${exercise.week}.${exercise.id}`, this.writeCopy(join(ROOT, exercise.file), this.reference(join(ROOT, exercise.file)))]));
    const report = await this.grade({ overrides });
    const lost = lostPoints(report);
    if (lost.length > 0) {
      return { status: "error" as DryRunStatus.Error, errorMessage: `the reference solutions, copied as the mutants are, lose points, so no mutant can be judged:\n${lost.map(describeLoss).join("\n")}` };
    }
    const tests = report.exercises.flatMap((exercise) => exercise.tests);
    return { status: "complete" as DryRunStatus.Complete, tests: tests.map((test) => ({ id: test.id, name: `${test.id} (${test.visibility})`, timeSpentMs: Math.round(test.durationMs), status: 0 as TestStatus.Success })) };
  }

  async mutantRun(options: MutantRunOptions): Promise<MutantRunResult> {
    const mutant = options.activeMutant;
    const { week, id } = exerciseOfSolution(ROOT, mutant.fileName);
    const file = this.writeCopy(mutant.fileName, applyMutant(this.reference(mutant.fileName), mutant));
    // Stryker's TypeScript checker has already set aside the mutants that do not compile: the grader's own check is skipped.
    const compiled = new Map([[file, []]]);
    const report = await this.grade({ overrides: { [`week${week}.${id}`]: file }, compiled, stopAtFirstLoss: !options.disableBail }, `week${week}.${id}`);
    const tests = report.exercises.flatMap((exercise) => exercise.tests);
    const lost = lostPoints(report);
    if (lost.length === 0) return { status: "survived" as MutantRunStatus.Survived, nrOfTests: tests.length };
    this.killers = [lost[0].id, ...this.killers.filter((killer) => killer !== lost[0].id)];
    const reason = lost[0].failure?.reason;
    if (reason?.kind === "timeout") return { status: "timeout" as MutantRunStatus.Timeout, reason: describeLoss(lost[0]) };
    return { status: "killed" as MutantRunStatus.Killed, killedBy: lost.map((test) => test.id), failureMessage: lost.map(describeLoss).join("\n"), nrOfTests: tests.length };
  }

  async dispose(): Promise<void> {
    this.pool?.close();
    rmSync(join(this.cacheDir, this.copyName), { recursive: true, force: true });
  }

  /** Grade with the tests of `exercise` only (all exercises under mutation without it), the latest killers first. */
  private grade(request: Partial<GradeRequest>, exercise?: string): Promise<GradeReport> {
    const rank = (id: string) => {
      const index = this.killers.indexOf(id);
      return index === -1 ? this.killers.length : index;
    };
    const weeks = this.weeks
      .map((week) => ({ ...week, tests: week.tests.filter((test) => !exercise || test.id.startsWith(`${exercise}.`)).sort((a, b) => rank(a.id) - rank(b.id)) }))
      .filter((week) => week.tests.length > 0);
    return grade({ root: ROOT, sourceRoot: join(ROOT, "solutions"), weeks, pool: this.pool, ...request });
  }

  private writeCopy(reference: string, content: string): string {
    return writeBesideReference(ROOT, this.cacheDir, this.copyName, reference, content);
  }

  private reference(file: string): string {
    const cached = this.references.get(file);
    if (cached !== undefined) return cached;
    const text = readFileSync(file, "utf8");
    this.references.set(file, text);
    return text;
  }
}

/** The reference's text with the mutant's replacement put over its location (0-based lines and columns). */
export function applyMutant(source: string, mutant: Pick<Mutant, "location" | "replacement">): string {
  const lineStarts = [0];
  for (let i = source.indexOf("\n"); i !== -1; i = source.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const offset = ({ line, column }: { line: number; column: number }) => lineStarts[line] + column;
  return source.slice(0, offset(mutant.location.start)) + mutant.replacement + source.slice(offset(mutant.location.end));
}

function lostPoints(report: GradeReport): TestResult[] {
  return report.exercises.flatMap((exercise) => exercise.tests).filter((test) => test.earned < test.points);
}

function describeLoss(test: TestResult): string {
  return `${test.id}: ${test.failure?.reason.kind}: ${test.failure?.reason.message.split("\n")[0] ?? "lost points"}`;
}

export const strykerPlugins = [{ kind: "TestRunner" as PluginKind.TestRunner, name: "course-grader", injectableClass: GraderTestRunner }];
