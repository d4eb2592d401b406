/**
 * Notebook sources are Markdown: prose as usual, and every fenced block whose language is
 * `ts` (or `typescript`) becomes a code cell. Everything between code cells, including
 * ```mermaid diagrams (JupyterLab renders them), becomes one Markdown cell. Prose therefore
 * lives only in these files, one per notebook, so another language's edition is another
 * folder of Markdown files and no code changes.
 */
import MarkdownIt from "markdown-it";

export type CellKind = "markdown" | "code";

export interface SourceCell {
  kind: CellKind;
  /** The cell's text, without a trailing newline. */
  text: string;
}

const CODE_LANGUAGES = new Set(["ts", "typescript"]);
const markdown = new MarkdownIt();

/** Split a Markdown notebook source into cells, keeping the prose byte for byte. */
export function parseNotebookSource(source: string): SourceCell[] {
  const lines = source.replace(/\r\n/g, "\n").split("\n");
  const cells: SourceCell[] = [];
  let proseStart = 0;
  const flushProse = (end: number) => {
    const text = lines.slice(proseStart, end).join("\n").trim();
    if (text !== "") cells.push({ kind: "markdown", text });
  };
  for (const token of markdown.parse(source, {})) {
    if (token.type !== "fence" || token.level !== 0 || !token.map) continue;
    const language = token.info.trim().split(/\s+/)[0];
    if (!CODE_LANGUAGES.has(language)) continue;
    const [start, end] = token.map;
    flushProse(start);
    cells.push({ kind: "code", text: token.content.replace(/\n$/, "") });
    proseStart = end;
  }
  flushProse(lines.length);
  return cells;
}
