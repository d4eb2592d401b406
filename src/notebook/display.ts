/**
 * Helpers for notebook cells: show pictures and rich text through tslab's display API, and
 * call your exercise code so that a stub you have not written yet prints what to do instead
 * of failing the cell. Outside a kernel (tests, scripts) the display calls print a short
 * text stand-in, so the same code runs everywhere.
 */
import * as tslab from "tslab";
import { isNotImplemented, type NotImplementedError } from "../contracts/not-implemented";

export function showHtml(html: string): void {
  display((d) => d.html(html), `[html: ${html.length} characters]`);
}

/** SVG strings from src/viz are shown as HTML (tooltips and fonts work better that way). */
export function showSvg(svg: string): void {
  showHtml(svg);
}

export function showMarkdown(markdown: string): void {
  display((d) => d.markdown(markdown), markdown);
}

/** Text (an explanation, a listing, a log) as a Markdown code block, long lines broken at spaces. */
export function showCode(text: string): void {
  showMarkdown(codeBlock(text));
}

/**
 * A Markdown code block of `text` whose lines longer than `columns` are broken at spaces, the
 * rest indented under the line they continue: JupyterLab wraps long lines of an output's code
 * block anywhere, even mid-word.
 */
export function codeBlock(text: string, columns = 96): string {
  const lines = text.split("\n").flatMap((line) => breakLine(line, columns));
  return "```\n" + lines.join("\n") + "\n```";
}

function breakLine(line: string, columns: number): string[] {
  // Deeper than any listing's own indentation, so a continued sentence does not read as a new line of it.
  const indent = " ".repeat((/^ */.exec(line)?.[0].length ?? 0) + 4);
  const out: string[] = [];
  let rest = line;
  while (rest.length > columns) {
    const cut = rest.lastIndexOf(" ", columns);
    if (cut <= indent.length) break; // one long word: leave it whole
    out.push(rest.slice(0, cut));
    rest = indent + rest.slice(cut + 1).trimStart();
  }
  out.push(rest);
  return out;
}

/**
 * Run `fn` (which calls your exercise). If it hits a stub that is not written yet, print
 * which one and where, and return undefined; any other error is a real bug and is thrown,
 * so you see its stack trace.
 */
export function tryExercise<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    const missing = notImplementedIn(error);
    if (!missing) throw error;
    showMarkdown(`**Not implemented yet:** \`${missing.what}\` (write it in \`${missing.file}\`, then re-run this cell).`);
    return undefined;
  }
}

/** The NotImplementedError behind `error`, also when the simulator wrapped it (HandlerError.thrown). */
export function notImplementedIn(error: unknown): NotImplementedError | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (isNotImplemented(current)) return current;
    current = (current as { thrown?: unknown; cause?: unknown }).thrown ?? (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function display(show: (d: tslab.Display) => void, fallback: string): void {
  try {
    show(tslab.display);
  } catch (error) {
    if (!(error instanceof Error && error.message === "Not ready")) throw error;
    console.log(fallback); // not inside a kernel
  }
}
