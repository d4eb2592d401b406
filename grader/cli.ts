/**
 * `npm run grade <week> [-- options]`: grade exercises with the week's tests.
 * Exit code 0 whenever grading ran (whatever the score); 2 for a usage error; 1 when grading
 * itself could not run. `--lang ko` (or COURSE_LANG=ko) writes the grader's own words in Korean.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseSeed } from "../src/sim/random";
import { gradeSubmissions } from "./batch";
import { listWeeks, loadWeek } from "./catalog";
import type { Catalog } from "./i18n/en";
import { chooseLanguage, DEFAULT_LANGUAGE, type Language } from "./i18n/language";
import { words } from "./i18n/messages";
import { formatClassroom, formatGradescope, formatJson, formatJunit } from "./report/formats";
import { formatHtml } from "./report/html";
import { formatListing } from "./report/listing";
import { htmlFileName, type ReplayContext } from "./report/replay";
import { formatTerminal } from "./report/terminal";
import { grade, selectTests, type GradeReport, type GradeRequest } from "./runner";

const ROOT = resolve(__dirname, "..");
const FORMATS = ["terminal", "json", "gradescope", "classroom", "junit"] as const;
type Format = (typeof FORMATS)[number];

class UsageError extends Error {}

/** The words of the run's language; English until `--lang` or COURSE_LANG said otherwise. */
let say: Catalog = words(DEFAULT_LANGUAGE);

/** `--lang`, read before the other flags, so that even a mistake in them is explained in that language. */
function languageOf(argv: string[]): Language {
  const { values } = parseArgs({ args: argv, strict: false, allowPositionals: true, options: { lang: { type: "string" } } });
  try {
    return chooseLanguage(typeof values.lang === "string" ? values.lang : undefined, process.env);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function main(argv: string[]): Promise<number> {
  const language = languageOf(argv);
  say = words(language);
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
      lang: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(say.usage);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? say.whichWeek : say.oneWeekAtATime(positionals.join(" ")));
  const weekArg = positionals[0];
  const weeks = parseWeeks(weekArg);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(say.badFormat(FORMATS.join(", "), String(values.format)));
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
    throw new UsageError(say.noSuchTest(request.only, catalog[0]?.tests[0]?.id ?? "week0.quorum.quorum-examples"));
  }
  for (const rule of request.rules ?? []) {
    if (catalog.every((week) => week.tests.every((test) => !test.test.rules?.includes(rule)))) throw new UsageError(say.noSuchRule(rule));
  }
  if (values.list) {
    console.log(formatListing(catalog, selectTests(request), language));
    return 0;
  }
  if (values.submissions) {
    const summary = await gradeSubmissions({ request, submissionsDir: resolve(values.submissions), jobs: positiveInteger(values.jobs, "--jobs"), language, outDir: resolve(values.out ?? join("reports", "batch")), onGraded: (student, done, total) => process.stderr.write(`graded ${done}/${total} (${student})\n`) });
    console.log(summary);
    return 0;
  }
  const context: ReplayContext = { sourceFlags: sourceFlags(values.solutions, values.file ?? []), language };
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
    writeFileSync(htmlPath, formatHtml(report, context, say.htmlTitle(`${label}${htmlName === "report.html" ? "" : ` (${htmlName.replace(/\.html$/, "")})`}`)));
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
  console.log(say.wrote(join(outDir, file), report.earned, report.points));
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
    throw new UsageError(say.unknownWeek(text, available.map((week) => `week${week}`).join(", ")));
  }
  return [Number(match[1])];
}

function parseSeedFlag(text: string): number {
  try {
    return parseSeed(text);
  } catch (error) {
    throw new UsageError(say.badSeed((error as Error).message));
  }
}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(say.notPositive(flag, text));
  return value;
}

function parseFileOverrides(entries: string[]): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const entry of entries) {
    const match = /^(week\d+\.[\w-]+)=(.+)$/.exec(entry);
    if (!match) throw new UsageError(say.badFileOverride(entry));
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
    if (event.kind === "type-check") return show(say.typeChecking(event.files));
    const exercise = event.testId.split(".").slice(0, 2).join(".");
    if (tty || exercise !== lastExercise || event.done === event.total) show(say.grading(event.done, event.total, tty ? event.testId : `(${exercise})`));
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
      console.error(`grade: ${error.message}\n\n${say.usage}`);
      process.exit(2);
    }
    console.error(`grade: ${say.couldNotRun(error instanceof Error ? (error.stack ?? error.message) : String(error))}`);
    process.exit(1);
  },
);
