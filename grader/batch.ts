/**
 * Instructors: `npm run grade -- week2 --submissions DIR --jobs N` grades every student folder
 * DIR/<student>/ (holding an exercises/ tree, or weekN/ folders directly). Each submission is
 * copied into a temporary workspace, beside links to the course's src/ and node_modules/, so
 * the relative imports in the stubs (../../src/contracts/...) resolve as in the course. Each
 * submission gets grader children of its own (`jobs` submissions at once); they share the type
 * checker's parsed course files. Writes a gradebook CSV and per-student reports (text, JSON, HTML).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import type { CatalogWeek } from "./catalog";
import { DEFAULT_LANGUAGE, type Language } from "./i18n/language";
import { words } from "./i18n/messages";
import { formatJson } from "./report/formats";
import { formatHtml } from "./report/html";
import { formatTerminal } from "./report/terminal";
import { grade, type GradeReport, type GradeRequest } from "./runner";
import { scrubText } from "./scrub";

export interface BatchRequest {
  request: GradeRequest;
  submissionsDir: string;
  jobs: number;
  outDir: string;
  /** The language of the students' reports (default English); the gradebook's columns stay as they are. */
  language?: Language;
  /** Called as each submission is done (the CLI prints a progress line). */
  onGraded?: (student: string, done: number, total: number) => void;
}

interface StudentResult {
  student: string;
  report?: GradeReport;
  problem?: string;
}

export async function gradeSubmissions(batch: BatchRequest): Promise<string> {
  if (!existsSync(batch.submissionsDir)) throw new Error(`no such folder: ${batch.submissionsDir}`);
  const students = readdirSync(batch.submissionsDir).filter((name) => statSync(join(batch.submissionsDir, name)).isDirectory()).sort();
  const results: StudentResult[] = new Array(students.length);
  let next = 0;
  const worker = async () => {
    while (next < students.length) {
      const index = next++;
      results[index] = await gradeStudent(students[index], batch);
      batch.onGraded?.(students[index], results.filter(Boolean).length, students.length);
    }
  };
  await Promise.all(Array.from({ length: batch.jobs }, worker));
  mkdirSync(batch.outDir, { recursive: true });
  const gradebook = join(batch.outDir, "gradebook.csv");
  writeFileSync(gradebook, gradebookCsv(batch.request.root, results));
  return `graded ${students.length} submission(s); gradebook: ${gradebook}; reports: ${batch.outDir}/<student>/`;
}

/**
 * One student, in a workspace and a child of their own: no state of another submission reaches
 * this one's tests (the child may read only this workspace and the course's runtime).
 */
async function gradeStudent(student: string, batch: BatchRequest): Promise<StudentResult> {
  const root = batch.request.root;
  const workspace = realpathSync(mkdtempSync(join(tmpdir(), "grade-submission-")));
  try {
    const source = prepareWorkspace(root, join(batch.submissionsDir, student), workspace);
    const report = await grade({ ...batch.request, sourceRoot: join(workspace, "exercises"), labelRoot: workspace, pool: undefined, parallel: 1, readable: [workspace], onProgress: undefined });
    const dir = join(batch.outDir, student);
    mkdirSync(dir, { recursive: true });
    const context = { sourceFlags: replayFlags(batch.request.weeks, source), language: batch.language };
    writeFileSync(join(dir, "report.txt"), formatTerminal(report, { ...context, color: false }) + "\n");
    writeFileSync(join(dir, "report.json"), formatJson(report, context));
    writeFileSync(join(dir, "report.html"), formatHtml(report, context, words(batch.language ?? DEFAULT_LANGUAGE).htmlTitle(scrubText(root, student))));
    return { student, report };
  } catch (error) {
    return { student, problem: error instanceof Error ? error.message : String(error) };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** Copies the submission's exercises into `workspace`; returns the folder they came from. */
function prepareWorkspace(root: string, submission: string, workspace: string): string {
  const source = existsSync(join(submission, "exercises")) ? join(submission, "exercises") : submission;
  if (!readdirSync(source).some((name) => /^week\d+$/.test(name))) {
    throw new Error(`found neither exercises/ nor weekN/ folders in ${submission}`);
  }
  copySubmission(realpathSync(submission), source, join(workspace, "exercises"));
  for (const shared of ["src", "node_modules"]) symlinkSync(join(root, shared), join(workspace, shared), "dir");
  return source;
}

/**
 * Copy `from` to `to` as plain files. A symbolic link to a file inside the submission is copied
 * as that file; any other link (to the course's solutions/, another submission, a folder) is refused.
 */
function copySubmission(submission: string, from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const path = join(from, entry.name);
    if (entry.isDirectory()) copySubmission(submission, path, join(to, entry.name));
    else if (entry.isFile()) copyFileSync(path, join(to, entry.name));
    else if (entry.isSymbolicLink()) {
      const target = existsSync(path) ? realpathSync(path) : "";
      if (!target.startsWith(submission + sep) || !statSync(target).isFile()) {
        throw new Error(`${relative(submission, path)} is a symbolic link to ${target ? "something outside the submission" : "nothing"}; the grader does not follow it`);
      }
      copyFileSync(target, join(to, entry.name));
    }
  }
}

/** `--file` flags that make a replay command grade this student's files (the workspace is gone by then). */
function replayFlags(weeks: CatalogWeek[], source: string): string[] {
  return weeks.flatMap(({ definition }) =>
    definition.exercises.map((exercise) => `--file ${shellWord(`week${definition.week}.${exercise.id}=${relative(process.cwd(), join(source, exercise.file))}`)}`),
  );
}

function shellWord(text: string): string {
  return /^[\w./=@%+:,-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

/** Red flags of a student's files, and the tests where the grader caught tampering: "week0.quorum: process.emit (line 9); tampering in 8 tests". */
function flagsOf(report: GradeReport): string {
  const flags = report.exercises.filter((exercise) => exercise.redFlags.length > 0).map((exercise) => `week${exercise.week}.${exercise.id}: ${exercise.redFlags.join(", ")}`);
  const tampering = report.exercises.flatMap((exercise) => exercise.tests).filter((test) => test.failure?.reason.kind === "tampering").length;
  return [...flags, ...(tampering > 0 ? [`tampering caught in ${tampering} test${tampering === 1 ? "" : "s"}`] : [])].join("; ");
}

function gradebookCsv(root: string, results: StudentResult[]): string {
  const exercises = [...new Set(results.flatMap((result) => result.report?.exercises.map((exercise) => `week${exercise.week}.${exercise.id}`) ?? []))];
  const header = ["student", "points", "max", "percent", ...exercises, "problem", "red flags"];
  const rows = results.map((result) => {
    const report = result.report;
    const byExercise = new Map(report?.exercises.map((exercise) => [`week${exercise.week}.${exercise.id}`, `${exercise.earned}/${exercise.points}`]) ?? []);
    const percent = report && report.points > 0 ? Math.round((100 * report.earned) / report.points) : 0;
    return [scrubText(root, result.student), report?.earned ?? 0, report?.points ?? 0, percent, ...exercises.map((id) => byExercise.get(id) ?? ""), scrubText(root, result.problem ?? ""), report ? flagsOf(report) : ""];
  });
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
