/**
 * The report a learner reads: a table per exercise, a total, and for every lost point what
 * broke in words, the seed, and the command that replays it. Hidden tests show their name,
 * points and explanation, never their code. The report's own words are in the run's language
 * (grader/i18n/); test ids, values, seeds and commands are the same in every language.
 */
import type { Catalog } from "../i18n/en";
import { inLanguage, type Language } from "../i18n/language";
import { words } from "../i18n/messages";
import type { ExerciseResult, GradeReport, RuleSummary, TestResult } from "../runner";
import { groupFailures } from "./groups";
import { replayCommand, reportLanguage, seedMatters, type ReplayContext } from "./replay";
import { inconclusiveLines, reasonText, verdictText, weekHeadingBefore } from "./verdict";

export interface TerminalOptions extends ReplayContext {
  /** Where the HTML report was written, if it was. */
  htmlPath?: string;
  color: boolean;
}

/** What every part of the report needs: the options, the colours, and the words of its language. */
interface Writer {
  options: TerminalOptions;
  paint: Painter;
  language: Language;
  say: Catalog;
}

export function formatTerminal(report: GradeReport, options: TerminalOptions): string {
  const language = reportLanguage(options);
  const writer: Writer = { options, paint: painter(options.color), language, say: words(language) };
  const { paint, say } = writer;
  const out: string[] = [];
  for (const exercise of report.exercises) {
    const heading = weekHeadingBefore(report, exercise, language);
    if (heading) out.push(paint.bold(heading), "");
    out.push(exerciseTable(exercise, writer), "");
  }
  const percent = report.points === 0 ? 0 : Math.round((100 * report.earned) / report.points);
  out.push(paint.bold(say.total(report.earned, report.points, percent)));
  if (!report.hiddenTestsIncluded) out.push(say.visibleOnlyEdition);
  const lost = report.exercises.filter((exercise) => exercise.tests.some((test) => test.failure));
  if (lost.length > 0) {
    out.push("", paint.bold(say.whyPointsWereLost));
    for (const exercise of lost) out.push(...explainExercise(exercise, writer));
  }
  const flagged = report.exercises.filter((exercise) => exercise.redFlags.length > 0);
  if (flagged.length > 0) {
    out.push("", paint.bold(say.redFlagsHeading));
    for (const exercise of flagged) out.push(`  ${exercise.file}: ${exercise.redFlags.join(", ")}`);
  }
  const unsure = report.exercises.flatMap((exercise) => exercise.tests).filter((test) => test.inconclusive.length > 0);
  if (unsure.length > 0) {
    out.push("", paint.bold(say.inconclusiveHeading));
    for (const test of unsure) out.push(`  ${test.id}`, ...inconclusiveLines(test, language).map(indent));
  }
  if (options.htmlPath) out.push("", say.reportWithPictures(options.htmlPath));
  return out.join("\n");
}

function exerciseTable(exercise: ExerciseResult, { paint, language, say }: Writer): string {
  const rows = exercise.tests.map((test) => [test.name, `${test.earned}/${test.points}`, verdict(test, paint, language)]);
  const width = Math.max(displayWidth(say.columnTest), ...exercise.tests.map((test) => test.name.length));
  const pointsWidth = Math.max(6, displayWidth(say.columnPoints));
  const title = inLanguage(exercise.title, exercise.titleIn, language);
  const header = `${paint.bold(say.exerciseHeading(exercise.week, exercise.id))}: ${title} (${exercise.file})`;
  const lines = [header, `  ${padEnd(say.columnTest, width)}  ${padEnd(say.columnPoints, pointsWidth)}  ${say.columnResult}`];
  for (const [name, points, result] of rows) lines.push(`  ${name.padEnd(width)}  ${points.padStart(pointsWidth)}  ${result}`);
  lines.push(`  ${padEnd(say.subtotal, width)}  ${`${exercise.earned}/${exercise.points}`.padStart(pointsWidth)}`);
  return lines.join("\n");
}

function verdict(test: TestResult, paint: Painter, language: Language): string {
  const seeds = test.randomized && test.seedsRun > 1 ? ` (${words(language).seedsPassed(test.seedsPassed, test.seedsRun)})` : "";
  return test.failure ? paint.red(`${verdictText(test, language)}${seeds}`) : paint.green(`${verdictText(test, language)}${seeds}`);
}

/**
 * Stubs get one line naming everything still to write. Failures that break the same rule are
 * told together, under the first broken rule (groups.ts): the test directed at it in full, the
 * others a line each, since one bug usually explains them all. Of the rest, failures that share
 * their words (a compile error, a throw at import) are told once; every other gets its own block.
 */
function explainExercise(exercise: ExerciseResult, writer: Writer): string[] {
  const { paint, say } = writer;
  const { stubs, byRule, others } = groupFailures(exercise);
  const lines: string[] = [];
  if (stubs.tests.length > 0) {
    lines.push(`${paint.red("✗")} ${exercise.id}: ${say.stubsWaiting(stubs.unwritten.join(", "), stubs.unwritten.length, exercise.file, stubs.tests.length)}`);
  }
  for (const { rule, tests } of byRule) lines.push(...explainRule(rule, tests, writer));
  const byMessage = new Map<string, TestResult[]>();
  for (const test of others) {
    const message = test.failure?.reason.message ?? "";
    byMessage.set(message, [...(byMessage.get(message) ?? []), test]);
  }
  lines.push(...[...byMessage.values()].flatMap((tests) => (tests.length === 1 ? explainTest(tests[0], writer) : explainShared(exercise, tests, writer))));
  return lines;
}

function explainRule(rule: RuleSummary, tests: TestResult[], writer: Writer): string[] {
  const { paint, say, language } = writer;
  const statement = rule.statement ? `: ${inLanguage(rule.statement, rule.statementIn, language)}` : "";
  const lines = [`${paint.bold(say.ruleHeading(rule.id))}${statement}`];
  if (tests.length > 1) lines.push(indent(say.ruleBrokenByMany(tests.length)));
  lines.push(...explainTest(tests[0], writer).map((line) => `  ${line}`));
  for (const test of tests.slice(1)) {
    const failure = test.failure;
    if (!failure) continue;
    lines.push(`  ${paint.red("✗")} ${testLabel(test, say)}: ${reasonText(test, language).split("\n")[0]}`);
    lines.push(indent(`  ${replayLine(test, failure.seed, writer)}`));
  }
  return lines;
}

function explainTest(test: TestResult, writer: Writer): string[] {
  const { paint, say, language } = writer;
  const failure = test.failure;
  if (!failure) return [];
  const lines = [`${paint.red("✗")} ${testLabel(test, say)}: ${inLanguage(test.description, test.descriptionIn, language)}`];
  lines.push(...failureLines(test, writer));
  lines.push(indent(replayLine(test, failure.seed, writer)));
  return lines;
}

/** "week0.quorum.quorum-examples (hidden, 0/2)": the test's id, visibility and points. */
function testLabel(test: TestResult, say: Catalog): string {
  return `${test.id} (${say.visibility(test.visibility)}, ${test.earned}/${test.points})`;
}

function replayLine(test: TestResult, seed: number, { options, paint, say }: Writer): string {
  return `${seedMatters(test, seed) ? say.seed(seed) : say.noRandomness} · ${say.replay(paint.bold(replayCommand(test, options)))}`;
}

function explainShared(exercise: ExerciseResult, tests: TestResult[], writer: Writer): string[] {
  const { options, paint, say } = writer;
  const lost = tests.reduce((total, test) => total + test.points - test.earned, 0);
  const names = tests.map((test) => test.name).join(", ");
  return [`${paint.red("✗")} ${say.sameReason(exercise.id, tests.length, names, lost)}`, ...failureLines(tests[0], writer), indent(say.replayOne(paint.bold(replayCommand(tests[0], options))))];
}

/** The explanation of a failure: its message, details, notes and what the code printed. */
function failureLines(test: TestResult, { say, language }: Writer): string[] {
  const failure = test.failure;
  if (!failure) return [];
  const lines = [indent(reasonText(test, language))];
  if (failure.reason.details) lines.push(indent(failure.reason.details));
  for (const note of test.notes) lines.push(indent(note));
  if (failure.output) lines.push(indent(`${say.yourCodePrinted}\n${indent(lastLines(failure.output, 12))}`));
  return lines;
}

/** Columns a terminal gives the text: Hangul and other wide characters take two. */
function displayWidth(text: string): number {
  return [...text].reduce((width, char) => width + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(char) ? 2 : 1), 0);
}

function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
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
