/** Shared by the grader's self-tests: grade quickly, in-process, with the real child processes. */
import { join } from "node:path";
import { loadWeek } from "../../grader/catalog";
import { grade, type GradeReport, type GradeRequest, type TestResult } from "../../grader/runner";

export const ROOT = join(__dirname, "..", "..");

export function gradeWith(week: number, options: Partial<GradeRequest> = {}): Promise<GradeReport> {
  return grade({ root: ROOT, sourceRoot: join(ROOT, "exercises"), weeks: [loadWeek(ROOT, week)], ...options });
}

export function allTests(report: GradeReport): TestResult[] {
  return report.exercises.flatMap((exercise) => exercise.tests);
}

/** Every failure's words (message, details, notes), for searching symptoms. */
export function failureTexts(report: GradeReport): string[] {
  return allTests(report)
    .filter((test) => test.failure)
    .map((test) => [test.failure?.reason.message, test.failure?.reason.details, ...test.notes].filter(Boolean).join("\n"));
}

/** "id: kind: message" per failed test, to make assertion messages readable. */
export function summary(report: GradeReport): string {
  return allTests(report)
    .filter((test) => test.failure)
    .map((test) => `${test.id}: ${test.failure?.reason.kind}: ${test.failure?.reason.message.split("\n")[0]}`)
    .join("\n");
}

/** Run `tasks` at most `limit` at a time, in order of results. */
export async function inParallel<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]();
      }
    }),
  );
  return results;
}
