/**
 * The shape every benchmark returns: one titled table, printed by bench/run.ts.
 * Targets live in the table (a `target` column or note), never in assertions: tests stay
 * free of timing, and `npm run bench` is where speed and memory are judged.
 */
export interface BenchTable {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  /** Lines printed under the table: what was measured, on what, and the target. */
  notes?: string[];
}

/** A named benchmark; `run` may take seconds, never minutes. */
export interface Benchmark {
  name: string;
  run(): Promise<BenchTable> | BenchTable;
}

/** Render a table with aligned columns (numbers right-aligned). */
export function formatTable(table: BenchTable): string {
  const cells = table.rows.map((row) => row.map((cell) => (typeof cell === "number" ? formatNumber(cell) : cell)));
  const widths = table.columns.map((header, i) => Math.max(header.length, ...cells.map((row) => (row[i] ?? "").length)));
  const line = (row: string[], numeric: boolean[]) =>
    row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ");
  const numericColumns = table.columns.map((_, i) => table.rows.every((row) => typeof row[i] === "number"));
  const out = [table.title, line(table.columns, numericColumns), widths.map((w) => "-".repeat(w)).join("  ")];
  for (const row of cells) out.push(line(row, numericColumns));
  for (const note of table.notes ?? []) out.push(`  ${note}`);
  return out.join("\n");
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
}
