/**
 * Machine-readable reports for course platforms:
 *   json        everything the terminal report says, as data (plus replay commands)
 *   gradescope  results.json as Gradescope's autograder specification defines it
 *   classroom   the result JSON GitHub Classroom's autograding reporter reads (base64 it into
 *               the runner's `result` output; see grader/README.md)
 *   junit       JUnit XML for CI dashboards
 * Their machine fields (ids, kinds, statuses, scores, seeds, commands) are the same in every
 * language; only the words for people (messages, descriptions, titles, rule statements) follow
 * the report's language.
 */
import { escapeXml } from "../../src/viz/svg";
import { inLanguage, type Language } from "../i18n/language";
import { words } from "../i18n/messages";
import type { ExerciseResult, GradeReport, TestResult } from "../runner";
import { replayCommand, reportLanguage, seedMatters, type ReplayContext } from "./replay";
import { inconclusiveLines, reasonText } from "./verdict";

export function formatJson(report: GradeReport, context: ReplayContext): string {
  const language = reportLanguage(context);
  const exercises = report.exercises.map((exercise) => ({
    ...inOneLanguage(exercise, language),
    tests: exercise.tests.map((test) => ({ ...withoutAttachments(testInOneLanguage(test, language)), replay: test.failure ? replayCommand(test, context) : undefined })),
  }));
  const weeks = report.weeks.map(({ week, title, titleIn }) => ({ week, title: inLanguage(title, titleIn, language) }));
  return JSON.stringify({ ...report, weeks, exercises }, null, 2);
}

/** The exercise's words in `language`, without the translations beside them. */
function inOneLanguage(exercise: ExerciseResult, language: Language): Omit<ExerciseResult, "titleIn"> {
  const { titleIn, ...rest } = exercise;
  const rules = exercise.rules.map(({ statementIn, ...rule }) => ({ ...rule, statement: inLanguage(rule.statement, statementIn, language) }));
  return { ...rest, title: inLanguage(exercise.title, titleIn, language), rules };
}

function testInOneLanguage(test: TestResult, language: Language): TestResult {
  const { descriptionIn, ...rest } = test;
  const inconclusive = test.inconclusive.map(({ seed, message, messageIn }) => ({ seed, message: inLanguage(message, messageIn, language) }));
  const failure = test.failure && { ...test.failure, reason: { kind: test.failure.reason.kind, message: reasonText(test, language), details: test.failure.reason.details } };
  return { ...rest, description: inLanguage(test.description, descriptionIn, language), inconclusive, failure };
}

/**
 * https://gradescope-autograders.readthedocs.io/en/latest/specs/ (results.json). Every test is
 * "visible": a hidden test hides its source, not its verdict, and a learner who lost points
 * should read why at once. Tags say which tests are hidden.
 */
export function formatGradescope(report: GradeReport, context: ReplayContext): string {
  const language = reportLanguage(context);
  const tests = allTests(report).map((test) => ({
    name: `${test.id}: ${inLanguage(test.description, test.descriptionIn, language)}`,
    number: test.id,
    score: test.earned,
    max_score: test.points,
    status: test.failure ? "failed" : "passed",
    output: explanation(test, context),
    output_format: "text",
    tags: [`week${test.week}`, test.exercise, test.visibility],
    visibility: "visible",
  }));
  return JSON.stringify(
    {
      score: report.earned,
      execution_time: Math.round(report.durationMs / 1000),
      output: words(language).score(report.earned, report.points),
      output_format: "text",
      visibility: "visible",
      stdout_visibility: "hidden",
      tests,
    },
    null,
    2,
  );
}

/**
 * The runner result GitHub Classroom's autograding-grading-reporter aggregates (version 1): it
 * sums the tests' `score` against `max_score`, and prints `message` for tests that did not pass.
 */
export function formatClassroom(report: GradeReport, context: ReplayContext): string {
  const files = new Map(report.exercises.map((exercise) => [`week${exercise.week}.${exercise.id}`, exercise.file]));
  const tests = allTests(report).map((test) => ({
    name: test.id,
    status: test.failure ? "fail" : "pass",
    message: test.failure ? explanation(test, context) : null,
    test_code: replayCommand(test, context),
    filename: files.get(`week${test.week}.${test.exercise}`) ?? "",
    line_no: null,
    execution_time: `${(test.durationMs / 1000).toFixed(2)}s`,
    score: test.earned,
  }));
  return JSON.stringify({ version: 1, status: report.earned === report.points ? "pass" : "fail", max_score: report.points, tests }, null, 2);
}

export function formatJunit(report: GradeReport, context: ReplayContext): string {
  const suites = report.exercises.map((exercise) => {
    const failures = exercise.tests.filter((test) => test.failure).length;
    const cases = exercise.tests.map((test) => {
      const attrs = `classname="week${test.week}.${test.exercise}" name="${escapeXml(test.name)}" time="${(test.durationMs / 1000).toFixed(3)}"`;
      if (!test.failure) return `    <testcase ${attrs}/>`;
      const message = escapeXml(reasonText(test, reportLanguage(context)).split("\n")[0]);
      return `    <testcase ${attrs}>\n      <failure message="${message}" type="${test.failure.reason.kind}">${escapeXml(explanation(test, context))}</failure>\n    </testcase>`;
    });
    const time = (exercise.tests.reduce((total, test) => total + test.durationMs, 0) / 1000).toFixed(3);
    return `  <testsuite name="week${exercise.week}.${exercise.id}" tests="${exercise.tests.length}" failures="${failures}" errors="0" time="${time}">\n${cases.join("\n")}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="grade" tests="${allTests(report).length}">\n${suites.join("\n")}\n</testsuites>\n`;
}

function explanation(test: TestResult, context: ReplayContext): string {
  const language = reportLanguage(context);
  const say = words(language);
  if (!test.failure) return [inLanguage(test.description, test.descriptionIn, language), ...inconclusiveLines(test, language)].join("\n");
  const lines = [reasonText(test, language)];
  if (test.failure.reason.details) lines.push(test.failure.reason.details);
  if (seedMatters(test, test.failure.seed)) lines.push(say.seed(test.failure.seed));
  lines.push(say.replay(replayCommand(test, context)));
  return lines.join("\n");
}

function allTests(report: GradeReport): TestResult[] {
  return report.exercises.flatMap((exercise) => exercise.tests);
}

function withoutAttachments(test: TestResult): Omit<TestResult, "attachments"> & { attachments: string[] } {
  return { ...test, attachments: test.attachments.map((attachment) => attachment.title) };
}
