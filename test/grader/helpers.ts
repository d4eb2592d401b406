/** Shared by the grader's self-tests: grade quickly, in-process, with the real child processes. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
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

/**
 * Where the pristine stubs live while a self-test grades them: each copy two levels below a link
 * to src/, so the stubs' `../../src/...` imports resolve as they do from exercises/.
 */
const PRISTINE_CACHE = join(".cache", "pristine-stubs");

export type PristineStubs = { sourceRoot: string; remove(): void } | { problem: string };

/**
 * Week `week`'s stubs as the course committed them (git's HEAD), written into a fresh folder laid
 * out like exercises/ (weekN/<file>.ts), never the learner's exercises/ in place: `npm test` keeps
 * proving that stubs score zero while the learner's own work fills exercises/. `problem` says why
 * there are none (no git, not a clone, no such files at HEAD).
 */
export function pristineStubs(root: string, week: number): PristineStubs {
  const folder = `exercises/week${week}`;
  const listed = git(root, ["ls-tree", "-r", "--name-only", "HEAD", "--", folder]);
  if ("problem" in listed) return listed;
  const paths = listed.output.split("\n").filter(Boolean);
  if (paths.length === 0) return { problem: `git's HEAD has no ${folder}/` };
  const cache = join(root, PRISTINE_CACHE);
  mkdirSync(cache, { recursive: true });
  try {
    symlinkSync(join(root, "src"), join(cache, "src"), "dir");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const sourceRoot = mkdtempSync(join(cache, `week${week}-`));
  const remove = () => rmSync(sourceRoot, { recursive: true, force: true });
  for (const path of paths) {
    const shown = git(root, ["show", `HEAD:${path}`]);
    if ("problem" in shown) {
      remove();
      return shown;
    }
    const target = join(sourceRoot, path.slice("exercises/".length));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, shown.output);
  }
  return { sourceRoot, remove };
}

function git(root: string, args: string[]): { output: string } | { problem: string } {
  const result = spawnSync("git", args, { cwd: root, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (result.error) return { problem: `git could not run: ${result.error.message}` };
  if (result.status !== 0) return { problem: `\`git ${args.join(" ")}\` failed: ${result.stderr.trim().split("\n")[0]}` };
  return { output: result.stdout };
}
