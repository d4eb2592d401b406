/**
 * `npm run grade <week> [-- options]`: grade exercises with the week's tests.
 * Exit code 0 whenever grading ran (whatever the score); 2 for a usage error; 1 when grading
 * itself could not run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseSeed } from "../src/sim/random";
import { gradeSubmissions } from "./batch";
import { listWeeks, loadWeek } from "./catalog";
import { formatClassroom, formatGradescope, formatJson, formatJunit } from "./report/formats";
import { formatHtml } from "./report/html";
import { formatListing } from "./report/listing";
import { htmlFileName, type ReplayContext } from "./report/replay";
import { formatTerminal } from "./report/terminal";
import { grade, selectTests, type GradeReport, type GradeRequest } from "./runner";

const ROOT = resolve(__dirname, "..");
const FORMATS = ["terminal", "json", "gradescope", "classroom", "junit"] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `usage: npm run grade <week> [-- options]
  <week>              week0, week1, ... (or 0, 1, ...), or all
  --solutions         grade the reference solutions/ instead of your exercises/
  --list              list the tests (id, visibility, points, seeds, rules, what they check) without grading
  --only TEXT         only tests whose id contains TEXT (e.g. week1.raft.initial-election);
                      its HTML report is written beside the week's full one, named for the replay
  --rule ID           only the tests that list rule ID (of the exercise's rule table); may repeat
  --seed N            run randomized tests with exactly seed N (replays a failure)
  --seeds K           run each randomized test over K seeds and report pass rates
  --visible-only      only the visible tests
  --file EX=PATH      grade PATH as exercise EX (e.g. --file week0.quorum=my/quorum.ts)
  --format F          terminal (default), json, gradescope, classroom, junit
  --out DIR           write the report file(s) into DIR instead of printing them
  --submissions DIR   instructors: grade every DIR/<student>/ (exercises/ or weekN/ inside)
  --jobs N            submissions graded at once (default 2)`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      solutions: { type: "boolean", default: false },
      list: { type: "boolean", default: false },
      only: { type: "string" },
      rule: { type: "string", multiple: true },
      seed: { type: "string" },
      seeds: { type: "string" },
      "visible-only": { type: "boolean", default: false },
      file: { type: "string", multiple: true },
      format: { type: "string", default: "terminal" },
      out: { type: "string" },
      submissions: { type: "string" },
      jobs: { type: "string", default: "2" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "which week? e.g. `npm run grade week0`" : `one week at a time, got ${positionals.join(" ")}`);
  const weekArg = positionals[0];
  const weeks = parseWeeks(weekArg);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got "${values.format}"`);
  const catalog = weeks.map((week) => loadWeek(ROOT, week));
  const request: GradeRequest = {
    root: ROOT,
    sourceRoot: join(ROOT, values.solutions ? "solutions" : "exercises"),
    weeks: catalog,
    only: values.only,
    visibleOnly: values["visible-only"],
    rules: values.rule,
    seed: values.seed === undefined ? undefined : parseSeedFlag(values.seed),
    seedsCount: values.seeds === undefined ? undefined : positiveInteger(values.seeds, "--seeds"),
    overrides: parseFileOverrides(values.file ?? []),
    onProgress: progressPrinter(),
  };
  if (request.only && catalog.every((week) => week.tests.every((test) => !test.id.includes(request.only as string)))) {
    throw new UsageError(`no test id contains "${request.only}"; ids look like ${catalog[0]?.tests[0]?.id ?? "week0.quorum.quorum-examples"}`);
  }
  for (const rule of request.rules ?? []) {
    if (catalog.every((week) => week.tests.every((test) => !test.test.rules?.includes(rule)))) throw new UsageError(`no test lists rule "${rule}" (rules are in grader/tests/weekN/<exercise>.rules.md)`);
  }
  if (values.list) {
    console.log(formatListing(catalog, selectTests(request)));
    return 0;
  }
  if (values.submissions) {
    const summary = await gradeSubmissions({ request, submissionsDir: resolve(values.submissions), jobs: positiveInteger(values.jobs, "--jobs"), outDir: resolve(values.out ?? join("reports", "batch")), onGraded: (student, done, total) => process.stderr.write(`graded ${done}/${total} (${student})\n`) });
    console.log(summary);
    return 0;
  }
  const context: ReplayContext = { sourceFlags: sourceFlags(values.solutions, values.file ?? []) };
  const report = await grade(request);
  clearProgress();
  const label = `${weeks.length === 1 ? `week${weeks[0]}` : "all"}${values.solutions ? "-solutions" : ""}`;
  emit(report, format, context, values.out, label, htmlFileName(request));
  return 0;
}

function emit(report: GradeReport, format: Format, context: ReplayContext, outDir: string | undefined, label: string, htmlName: string): void {
  if (format === "terminal") {
    const htmlDir = resolve(outDir ?? join(ROOT, "reports", label));
    mkdirSync(htmlDir, { recursive: true });
    const htmlPath = join(htmlDir, htmlName);
    writeFileSync(htmlPath, formatHtml(report, context, `Grade report: ${label}${htmlName === "report.html" ? "" : ` (${htmlName.replace(/\.html$/, "")})`}`));
    console.log(formatTerminal(report, { ...context, htmlPath: shortPath(htmlPath), color: Boolean(process.stdout.isTTY) }));
    return;
  }
  const [text, file] = {
    json: [formatJson(report, context), "report.json"],
    gradescope: [formatGradescope(report, context), "results.json"],
    classroom: [formatClassroom(report, context), "classroom.json"],
    junit: [formatJunit(report, context), "junit.xml"],
  }[format];
  if (!outDir) {
    process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    return;
  }
  mkdirSync(resolve(outDir), { recursive: true });
  writeFileSync(join(resolve(outDir), file), text);
  console.log(`wrote ${join(outDir, file)} (${report.earned}/${report.points} points)`);
}

/** A path relative to the working directory when it lies below it, else absolute. */
function shortPath(path: string): string {
  const short = relative(process.cwd(), path);
  return short.startsWith("..") ? path : short;
}

function parseWeeks(text: string): number[] {
  const available = listWeeks(ROOT);
  if (text === "all") return available;
  const match = /^(?:week)?(\d+)$/.exec(text);
  if (!match || !available.includes(Number(match[1]))) {
    throw new UsageError(`unknown week "${text}"; this course has ${available.map((week) => `week${week}`).join(", ")} (or all)`);
  }
  return [Number(match[1])];
}

function parseSeedFlag(text: string): number {
  try {
    return parseSeed(text);
  } catch (error) {
    throw new UsageError(`--seed: ${(error as Error).message}`);
  }
}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${flag} needs a positive integer, got "${text}"`);
  return value;
}

function parseFileOverrides(entries: string[]): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const entry of entries) {
    const match = /^(week\d+\.[\w-]+)=(.+)$/.exec(entry);
    if (!match) throw new UsageError(`--file needs EXERCISE=PATH, e.g. week0.quorum=path/to/quorum.ts; got "${entry}"`);
    overrides[match[1]] = resolve(match[2]);
  }
  return overrides;
}

function sourceFlags(solutions: boolean, files: string[]): string[] {
  return [...(solutions ? ["--solutions"] : []), ...files.map((file) => `--file ${file}`)];
}

let progressShown = false;

/** One line on stderr, rewritten in place on a terminal, a line per exercise otherwise. */
function progressPrinter(): GradeRequest["onProgress"] {
  const tty = Boolean(process.stderr.isTTY);
  let lastExercise = "";
  const show = (line: string) => {
    process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
    progressShown = tty;
  };
  return (event) => {
    if (event.kind === "type-check") return show(`type-checking ${event.files} file${event.files === 1 ? "" : "s"} ...`);
    const exercise = event.testId.split(".").slice(0, 2).join(".");
    if (tty || exercise !== lastExercise || event.done === event.total) show(`grading ${event.done}/${event.total} ${tty ? event.testId : `(${exercise})`}`);
    lastExercise = exercise;
  };
}

function clearProgress(): void {
  if (progressShown) process.stderr.write("\r\x1b[2K");
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    clearProgress();
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))) {
      console.error(`grade: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(`grade: grading could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
