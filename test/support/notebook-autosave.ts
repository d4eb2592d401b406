/**
 * A built notebook as JupyterLab saves it after Run All: outputs and execution counts in code
 * cells, timing metadata in every cell, the kernel's own language_info, keys sorted, indented by
 * one space (the shape of a notebook nbclient executed here, .cache/setup/kernel-probe.out.ipynb).
 */
export function autosaved(built: string): string {
  const notebook = JSON.parse(built) as { cells: Record<string, unknown>[]; metadata: Record<string, unknown> };
  notebook.cells.forEach((cell, i) => {
    cell.metadata = { execution: { "iopub.status.busy": "2026-12-02T09:10:42.416000Z", "iopub.status.idle": "2026-12-02T09:10:42.653000Z" }, trusted: true };
    if (cell.cell_type !== "code") return;
    cell.execution_count = i + 1;
    cell.outputs = [{ name: "stdout", output_type: "stream", text: [`cell ${i + 1} ran\n`] }];
  });
  notebook.metadata.language_info = { name: "typescript", version: "3.7.2", file_extension: ".ts", mimetype: "text/typescript" };
  return `${JSON.stringify(notebook, sortedKeys, 1)}\n`;
}

function sortedKeys(_key: string, value: unknown): unknown {
  return value && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value;
}
