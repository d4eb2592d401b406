/**
 * Text that learner code wrote or shaped (what it printed, the messages and frames of what it
 * threw, a test's notes) reaches every report format: the terminal, report.txt, HTML, JSON,
 * batch reports and Gradescope's results.json. The child must be able to read the hidden tests
 * (it runs them), so learner code can read them too; what it cannot do is carry them out through
 * a report. Every line of such text that contains a line of a hidden test file is replaced, and
 * terminal control characters (colours, cursor moves, carriage returns that overwrite a line)
 * are removed.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import type { JobResult } from "./protocol";

/** Hidden lines shorter than this (braces, `return;`, blank lines) say nothing about a test and are left alone. */
const HIDDEN_LINE_CHARS_MIN = 12;
const REMOVED = "[a line of a hidden test was removed]";
/** C0 and C1 control characters other than tab and newline: left after the escape sequences are gone. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

const hiddenLinesByRoot = new Map<string, string[]>();

/** Scrub the learner-shaped text of a job's result: its reason, notes and printed output. */
export function scrubResult(root: string, result: JobResult): JobResult {
  const scrub = (text: string) => scrubText(root, text);
  const scrubbed: JobResult = { ...result, notes: result.notes.map(scrub) };
  if (result.reason) {
    scrubbed.reason = { ...result.reason, message: scrub(result.reason.message) };
    if (result.reason.messageIn !== undefined) scrubbed.reason.messageIn = Object.fromEntries(Object.entries(result.reason.messageIn).map(([language, text]) => [language, scrub(text)]));
    if (result.reason.details !== undefined) scrubbed.reason.details = scrub(result.reason.details);
  }
  if (result.output !== undefined) scrubbed.output = scrub(result.output);
  return scrubbed;
}

export function scrubText(root: string, text: string): string {
  const hidden = hiddenLines(root);
  return stripVTControlCharacters(String(text))
    .split("\n")
    .map((line) => line.replace(CONTROL_CHARACTERS, ""))
    .map((line) => (line.length >= HIDDEN_LINE_CHARS_MIN && hidden.some((source) => line.includes(source)) ? REMOVED : line))
    .join("\n");
}

/** The distinct trimmed lines of every hidden test file (`*.hidden.ts`, and files under a `hidden/` folder). */
function hiddenLines(root: string): string[] {
  let lines = hiddenLinesByRoot.get(root);
  if (!lines) {
    const found = new Set<string>();
    for (const file of hiddenFiles(join(root, "grader", "tests"), false)) {
      for (const line of readFileSync(file, "utf8").split("\n")) {
        const trimmed = line.trim();
        if (trimmed.length >= HIDDEN_LINE_CHARS_MIN) found.add(trimmed);
      }
    }
    lines = [...found];
    hiddenLinesByRoot.set(root, lines);
  }
  return lines;
}

function hiddenFiles(dir: string, insideHidden: boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return hiddenFiles(path, insideHidden || entry.name === "hidden");
    return insideHidden || entry.name.endsWith(".hidden.ts") ? [path] : [];
  });
}
