/**
 * `npm run notebooks:build` writes every notebook from its Markdown source;
 * `npm run notebooks:check` fails, naming the file and the cell, when a notebook differs from
 * what its source builds in what the source owns (stale, or a cell edited by hand) or has no
 * source, and when an edition in another language lacks a notebook or runs other code
 * (editions.ts). Outputs, execution counts and the metadata JupyterLab or the kernel write on
 * save belong to whoever ran the notebook: a learner's autosaved notebook still passes.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { listNotebooks, orphanNotebooks, type NotebookEntry } from "./catalog";
import { editionProblems } from "./editions";
import { buildNotebook, serializeNotebook, type Notebook } from "./ipynb";
import { parseNotebookSource } from "./source";

export function renderNotebook(root: string, entry: NotebookEntry): string {
  return serializeNotebook(builtNotebook(root, entry));
}

function builtNotebook(root: string, entry: NotebookEntry): Notebook {
  const cells = parseNotebookSource(readFileSync(entry.sourcePath, "utf8"));
  return buildNotebook(cells, relative(root, entry.sourcePath), entry.language);
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
    } else {
      const difference = sourceOwnedDifference(readFileSync(entry.notebookPath, "utf8"), builtNotebook(root, entry));
      if (difference) problems.push(`${notebook} does not match ${source} (${difference}; stale, or edited by hand): run \`npm run notebooks:build\`, which keeps a copy of yours in ${BACKUP_DIR}/`);
    }
  }
  for (const orphan of orphanNotebooks(root, entries)) problems.push(`${orphan} has no Markdown source under notebooks/source/`);
  return [...problems, ...editionProblems(root, entries)];
}

/**
 * Where a notebook on disk differs from `built` in what its source owns, in words; undefined when
 * it does not. The source owns the format version, the cells (their kind, id and text, in order)
 * and the `course` and `kernelspec` metadata. Outputs, execution counts, cell metadata and
 * `language_info` (the kernel rewrites it) are whoever ran the notebook's, so they never count.
 */
export function sourceOwnedDifference(text: string, built: Notebook): string | undefined {
  let saved: SavedNotebook;
  try {
    saved = JSON.parse(text) as SavedNotebook;
  } catch {
    return "it is not valid JSON";
  }
  if (saved.nbformat !== built.nbformat) return `it is nbformat ${String(saved.nbformat)}, its source builds ${built.nbformat}`;
  const cells = Array.isArray(saved.cells) ? saved.cells : [];
  for (let i = 0; i < Math.max(cells.length, built.cells.length); i++) {
    const [cell, expected] = [cells[i], built.cells[i]];
    if (!expected) return `cell ${i + 1} is not in its source (which builds ${built.cells.length} cells)`;
    if (!cell) return `cell ${i + 1} of ${built.cells.length} (${expected.cell_type}) is missing`;
    const where = `cell ${i + 1} (${expected.cell_type}, id ${expected.id})`;
    if (cell.cell_type !== expected.cell_type) return `${where} is a ${String(cell.cell_type)} cell`;
    if (joinSource(cell.source) !== joinSource(expected.source)) return `${where} has other text than its source`;
    if (cell.id !== expected.id) return `${where} has the id ${String(cell.id)}`;
  }
  for (const key of ["course", "kernelspec"]) {
    if (canonical(saved.metadata?.[key]) !== canonical(built.metadata[key])) return `its metadata.${key} differs from what the build writes`;
  }
  return undefined;
}

interface SavedNotebook {
  nbformat?: unknown;
  cells?: { cell_type?: unknown; id?: unknown; source?: unknown }[];
  metadata?: Record<string, unknown>;
}

/** Jupyter stores a cell's text as one string or as a list of lines; both mean the same text. */
function joinSource(source: unknown): string {
  return Array.isArray(source) ? source.join("") : String(source ?? "");
}

/** JSON with object keys sorted: Jupyter writes metadata with its keys sorted, the build in its own order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
  );
}
