/**
 * `npm run notebooks:build` writes every notebook from its Markdown source;
 * `npm run notebooks:check` fails, naming the file, when a committed notebook differs from
 * what its source builds (stale, hand-edited, or saved with outputs) or has no source.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { listNotebooks, orphanNotebooks, type NotebookEntry } from "./catalog";
import { buildNotebook, serializeNotebook } from "./ipynb";
import { parseNotebookSource } from "./source";

export function renderNotebook(root: string, entry: NotebookEntry): string {
  const cells = parseNotebookSource(readFileSync(entry.sourcePath, "utf8"));
  return serializeNotebook(buildNotebook(cells, relative(root, entry.sourcePath), entry.language));
}

/** Write every notebook whose bytes would change. Returns the paths written. */
export function buildAll(root: string): string[] {
  const written: string[] = [];
  for (const entry of listNotebooks(root)) {
    const text = renderNotebook(root, entry);
    if (existsSync(entry.notebookPath) && readFileSync(entry.notebookPath, "utf8") === text) continue;
    mkdirSync(dirname(entry.notebookPath), { recursive: true });
    writeFileSync(entry.notebookPath, text);
    written.push(relative(root, entry.notebookPath));
  }
  return written;
}

/** Problems in words, one per notebook; empty when every notebook matches its source. */
export function checkAll(root: string): string[] {
  const entries = listNotebooks(root);
  const problems: string[] = [];
  for (const entry of entries) {
    const notebook = relative(root, entry.notebookPath);
    const source = relative(root, entry.sourcePath);
    if (!existsSync(entry.notebookPath)) {
      problems.push(`${notebook} is missing: run \`npm run notebooks:build\` (source: ${source})`);
    } else if (readFileSync(entry.notebookPath, "utf8") !== renderNotebook(root, entry)) {
      problems.push(`${notebook} does not match ${source} (stale, edited by hand, or saved with outputs): run \`npm run notebooks:build\``);
    }
  }
  for (const orphan of orphanNotebooks(root, entries)) problems.push(`${orphan} has no Markdown source under notebooks/source/`);
  return problems;
}
