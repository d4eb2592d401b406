/**
 * `npm run notebooks:build` writes every notebook from its Markdown source;
 * `npm run notebooks:check` fails, naming the file, when a committed notebook differs from
 * what its source builds (stale, hand-edited, or saved with outputs) or has no source, and when
 * an edition in another language lacks a notebook or runs other code (editions.ts).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { listNotebooks, orphanNotebooks, type NotebookEntry } from "./catalog";
import { editionProblems } from "./editions";
import { buildNotebook, serializeNotebook } from "./ipynb";
import { parseNotebookSource } from "./source";

export function renderNotebook(root: string, entry: NotebookEntry): string {
  const cells = parseNotebookSource(readFileSync(entry.sourcePath, "utf8"));
  return serializeNotebook(buildNotebook(cells, relative(root, entry.sourcePath), entry.language));
}

export const BACKUP_DIR = join(".cache", "notebook-backups");

export interface BuildOptions {
  /** A notebook that held work of its own (outputs, edits) was copied here before being rebuilt. */
  onBackup?: (notebook: string, backup: string) => void;
}

/**
 * Write every notebook whose bytes would change. Returns the paths written. A notebook about to
 * be replaced is first copied to .cache/notebook-backups/ unless git holds it exactly as it is
 * (committed and unmodified): a learner who ran cells, saved outputs or added notes in
 * JupyterLab never loses them to a rebuild.
 */
export function buildAll(root: string, options: BuildOptions = {}): string[] {
  const written: string[] = [];
  for (const entry of listNotebooks(root)) {
    const text = renderNotebook(root, entry);
    const exists = existsSync(entry.notebookPath);
    if (exists && readFileSync(entry.notebookPath, "utf8") === text) continue;
    if (exists && !committedAsIs(root, entry.notebookPath)) {
      const backup = backupPath(root, entry.notebookPath);
      mkdirSync(dirname(backup), { recursive: true });
      copyFileSync(entry.notebookPath, backup);
      options.onBackup?.(relative(root, entry.notebookPath), relative(root, backup));
    }
    mkdirSync(dirname(entry.notebookPath), { recursive: true });
    writeFileSync(entry.notebookPath, text);
    written.push(relative(root, entry.notebookPath));
  }
  return written;
}

/** Is `path` tracked by git and unchanged since the last commit? Without git: no. */
function committedAsIs(root: string, path: string): boolean {
  const tracked = spawnSync("git", ["ls-files", "--error-unmatch", path], { cwd: root, stdio: "ignore" });
  if (tracked.status !== 0) return false;
  return spawnSync("git", ["diff", "--quiet", "HEAD", "--", path], { cwd: root, stdio: "ignore" }).status === 0;
}

function backupPath(root: string, notebook: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const language = relative(join(root, "notebooks"), dirname(notebook));
  return join(root, BACKUP_DIR, language, `${basename(notebook, ".ipynb")}.${stamp}.ipynb`);
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
      problems.push(`${notebook} does not match ${source} (stale, edited by hand, or saved with outputs): run \`npm run notebooks:build\`, which keeps a copy of yours in ${BACKUP_DIR}/`);
    }
  }
  for (const orphan of orphanNotebooks(root, entries)) problems.push(`${orphan} has no Markdown source under notebooks/source/`);
  return [...problems, ...editionProblems(root, entries)];
}
