/**
 * The report a learner reads: a table per exercise, a total, and for every lost point what
 * broke in words, the seed, and the command that replays it. Hidden tests show their name,
 * points and explanation, never their code.
 */
import type { ExerciseResult, GradeReport, RuleSummary, TestResult } from "../runner";
import { groupFailures } from "./groups";
import { replayCommand, seedMatters, type ReplayContext } from "./replay";
import { inconclusiveLines, verdictText } from "./verdict";

export interface TerminalOptions extends ReplayContext {
  /** Where the HTML report was written, if it was. */
  htmlPath?: string;
  color: boolean;
}

export function formatTerminal(report: GradeReport, options: TerminalOptions): string {
  const paint = painter(options.color);
  const out: string[] = [];
  for (const exercise of report.exercises) out.push(exerciseTable(exercise, paint), "");
  const percent = report.points === 0 ? 0 : Math.round((100 * report.earned) / report.points);
  out.push(paint.bold(`Total: ${report.earned}/${report.points} points (${percent}%)`));
  if (!report.hiddenTestsIncluded) out.push("This edition has the visible tests only; the hidden tests run in your instructor's grader.");
  const lost = report.exercises.filter((exercise) => exercise.tests.some((test) => test.failure));
  if (lost.length > 0) {
    out.push("", paint.bold("Why points were lost"));
    for (const exercise of lost) out.push(...explainExercise(exercise, options, paint));
  }
  const flagged = report.exercises.filter((exercise) => exercise.redFlags.length > 0);
  if (flagged.length > 0) {
    out.push("", paint.bold("Red flags (uses of APIs that reach the grader, other processes or files; for the instructor to check)"));
    for (const exercise of flagged) out.push(`  ${exercise.file}: ${exercise.redFlags.join(", ")}`);
  }
  const unsure = report.exercises.flatMap((exercise) => exercise.tests).filter((test) => test.inconclusive.length > 0);
  if (unsure.length > 0) {
    out.push("", paint.bold("Inconclusive runs (the test's own setup failed; no points charged)"));
    for (const test of unsure) out.push(`  ${test.id}`, ...inconclusiveLines(test).map(indent));
  }
  if (options.htmlPath) out.push("", `Report with pictures: ${options.htmlPath}`);
  return out.join("\n");
}

function exerciseTable(exercise: ExerciseResult, paint: Painter): string {
  const rows = exercise.tests.map((test) => [test.name, `${test.earned}/${test.points}`, verdict(test, paint)]);
  const width = Math.max(4, ...exercise.tests.map((test) => test.name.length));
  const header = `${paint.bold(`week ${exercise.week} · ${exercise.id}`)}: ${exercise.title} (${exercise.file})`;
  const lines = [header, `  ${"test".padEnd(width)}  points  result`];
  for (const [name, points, result] of rows) lines.push(`  ${name.padEnd(width)}  ${points.padStart(6)}  ${result}`);
  lines.push(`  ${"subtotal".padEnd(width)}  ${`${exercise.earned}/${exercise.points}`.padStart(6)}`);
  return lines.join("\n");
}

function verdict(test: TestResult, paint: Painter): string {
  const seeds = test.randomized && test.seedsRun > 1 ? ` (${test.seedsPassed}/${test.seedsRun} seeds)` : "";
  return test.failure ? paint.red(`${verdictText(test)}${seeds}`) : paint.green(`${verdictText(test)}${seeds}`);
}

/**
 * Stubs get one line naming everything still to write. Failures that break the same rule are
 * told together, under the first broken rule (groups.ts): the test directed at it in full, the
 * others a line each, since one bug usually explains them all. Of the rest, failures that share
 * their words (a compile error, a throw at import) are told once; every other gets its own block.
 */
function explainExercise(exercise: ExerciseResult, options: TerminalOptions, paint: Painter): string[] {
  const { stubs, byRule, others } = groupFailures(exercise);
  const lines: string[] = [];
  if (stubs.tests.length > 0) {
    const count = stubs.tests.length;
    lines.push(`${paint.red("✗")} ${exercise.id}: not implemented yet: ${stubs.unwritten.join(", ")} (write ${stubs.unwritten.length === 1 ? "it" : "them"} in ${exercise.file}); ${count} test${count === 1 ? "" : "s"} waiting`);
  }
  for (const { rule, tests } of byRule) lines.push(...explainRule(rule, tests, options, paint));
  const byMessage = new Map<string, TestResult[]>();
  for (const test of others) {
    const message = test.failure?.reason.message ?? "";
    byMessage.set(message, [...(byMessage.get(message) ?? []), test]);
  }
  lines.push(...[...byMessage.values()].flatMap((tests) => (tests.length === 1 ? explainTest(tests[0], options, paint) : explainShared(exercise, tests, options, paint))));
  return lines;
}

function explainRule(rule: RuleSummary, tests: TestResult[], options: TerminalOptions, paint: Painter): string[] {
  const statement = rule.statement ? `: ${rule.statement}` : "";
  const lines = [`${paint.bold(`rule ${rule.id}`)}${statement}`];
  if (tests.length > 1) lines.push(indent(`${tests.length} tests broke this rule, likely through one bug: fix it with the first, then grade again`));
  lines.push(...explainTest(tests[0], options, paint).map((line) => `  ${line}`));
  for (const test of tests.slice(1)) {
    const failure = test.failure;
    if (!failure) continue;
    lines.push(`  ${paint.red("✗")} ${test.id} (${test.visibility}, ${test.earned}/${test.points}): ${failure.reason.message.split("\n")[0]}`);
    lines.push(indent(`  ${replayLine(test, failure.seed, options, paint)}`));
  }
  return lines;
}

function explainTest(test: TestResult, options: TerminalOptions, paint: Painter): string[] {
  const failure = test.failure;
  if (!failure) return [];
  const lines = [`${paint.red("✗")} ${test.id} (${test.visibility}, ${test.earned}/${test.points}): ${test.description}`];
  lines.push(...failureLines(test));
  lines.push(indent(replayLine(test, failure.seed, options, paint)));
  return lines;
}

function replayLine(test: TestResult, seed: number, options: TerminalOptions, paint: Painter): string {
  return `${seedMatters(test, seed) ? `seed ${seed}` : "no randomness"} · replay: ${paint.bold(replayCommand(test, options))}`;
}

function explainShared(exercise: ExerciseResult, tests: TestResult[], options: TerminalOptions, paint: Painter): string[] {
  const lost = tests.reduce((total, test) => total + test.points - test.earned, 0);
  const names = tests.map((test) => test.name).join(", ");
  return [
    `${paint.red("✗")} ${exercise.id}: ${tests.length} tests (${names}) lost ${lost} points for the same reason:`,
    ...failureLines(tests[0]),
    indent(`replay one: ${paint.bold(replayCommand(tests[0], options))}`),
  ];
}

/** The explanation of a failure: its message, details, notes and what the code printed. */
function failureLines(test: TestResult): string[] {
  const failure = test.failure;
  if (!failure) return [];
  const lines = [indent(failure.reason.message)];
  if (failure.reason.details) lines.push(indent(failure.reason.details));
  for (const note of test.notes) lines.push(indent(note));
  if (failure.output) lines.push(indent(`your code printed:\n${indent(lastLines(failure.output, 12))}`));
  return lines;
}

function indent(text: string): string {
  return text.replace(/^/gm, "    ");
}

function lastLines(text: string, count: number): string {
  return text.split("\n").slice(-count).join("\n");
}

interface Painter {
  bold(text: string): string;
  red(text: string): string;
  green(text: string): string;
}

function painter(color: boolean): Painter {
  const wrap = (code: number) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  return { bold: wrap(1), red: wrap(31), green: wrap(32) };
}
