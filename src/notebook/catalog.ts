/**
 * Where notebook sources are and where their built notebooks go.
 *
 *   notebooks/source/en/00-welcome.md  ->  notebooks/00-welcome.ipynb       (English, the default)
 *   notebooks/source/ko/00-welcome.md  ->  notebooks/ko/00-welcome.ipynb    (any other edition)
 */
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

export const DEFAULT_LANGUAGE = "en";

export interface NotebookEntry {
  /** e.g. "00-welcome" */
  name: string;
  language: string;
  /** Absolute paths. */
  sourcePath: string;
  notebookPath: string;
}

export function notebooksDir(root: string): string {
  return join(root, "notebooks");
}

/** Every notebook source of every language, sorted by language then name. */
export function listNotebooks(root: string): NotebookEntry[] {
  const sourceRoot = join(notebooksDir(root), "source");
  if (!existsSync(sourceRoot)) return [];
  const entries: NotebookEntry[] = [];
  for (const language of readdirSync(sourceRoot).sort()) {
    const dir = join(sourceRoot, language);
    const outDir = language === DEFAULT_LANGUAGE ? notebooksDir(root) : join(notebooksDir(root), language);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".md")).sort()) {
      const name = file.slice(0, -".md".length);
      entries.push({ name, language, sourcePath: join(dir, file), notebookPath: join(outDir, `${name}.ipynb`) });
    }
  }
  return entries;
}

/** Built notebooks that have no source any more (to be deleted or given a source). */
export function orphanNotebooks(root: string, entries: readonly NotebookEntry[]): string[] {
  const expected = new Set(entries.map((entry) => entry.notebookPath));
  const dirs = [notebooksDir(root), ...new Set(entries.map((entry) => join(entry.notebookPath, "..")))];
  const found = new Set<string>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) if (file.endsWith(".ipynb")) found.add(join(dir, file));
  }
  return [...found].filter((path) => !expected.has(path)).map((path) => relative(root, path));
}
