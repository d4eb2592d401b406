/**
 * "Check your work" from a notebook: run a week's visible tests against your exercises/ in the
 * grader's isolated child processes (exactly as `npm run grade` would) and show the results
 * as a table in the notebook.
 *
 *   import { checkYourWork } from "./grader/inline";
 *   checkYourWork(0);            // every visible test of week 0
 *   checkYourWork(1, "raft");    // only the Raft exercise's
 *
 * (The notebook kernel runs in the course root, so the grader is found from there.)
 *
 * This file is compiled by the notebook kernel (tslab, TypeScript 5.0): it stays small and
 * only spawns the grader's command line.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { showHtml } from "../src/notebook/display";
import { VERDICT_MARK } from "../src/check/consistency-result";
import { escapeXml, palette } from "../src/viz/svg";

/** The part of the grader's JSON report this table needs. */
interface InlineReport {
  earned: number;
  points: number;
  exercises: {
    id: string;
    file: string;
    tests: { name: string; description: string; points: number; earned: number; failure?: { reason: { kind: string; message: string } }; replay?: string }[];
  }[];
}

const GRADE_TIMEOUT_MS = 5 * 60_000;
/** The heading shown instead of a table when the grader itself failed (the browser test looks for it). */
export const GRADER_FAILED = "The grader could not run";

/** Show the table of the visible tests' results in the notebook. */
export function checkYourWork(week: number, exercise?: string): void {
  showHtml(visibleTestsTable(week, exercise));
}

/** Run the visible tests (of one exercise, if given) and return their results as an HTML table. */
export function visibleTestsTable(week: number, exercise?: string): string {
  const args = [join("scripts", "run.js"), join("grader", "cli.ts"), `week${week}`, "--visible-only", "--format", "json"];
  if (exercise) args.push("--only", `week${week}.${exercise}.`);
  const run = spawnSync(process.execPath, args, { cwd: process.cwd(), encoding: "utf8", timeout: GRADE_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) {
    const why = (run.stderr || String(run.error ?? "")).slice(-2_000);
    return `<p><strong>${GRADER_FAILED}</strong> (exit code ${run.status}):</p><pre>${escapeXml(why)}</pre>`;
  }
  return renderTable(JSON.parse(run.stdout) as InlineReport);
}

function renderTable(report: InlineReport): string {
  const rows = report.exercises.flatMap((exercise) =>
    exercise.tests.map((test) => {
      const ok = !test.failure;
      const result = ok ? `${mark("OK")} passed` : `${mark("ILLEGAL")} ${escapeXml(test.failure?.reason.message ?? "")}${test.replay ? `<br><code>${escapeXml(test.replay)}</code>` : ""}`;
      return `<tr><td>${escapeXml(exercise.id)}</td><td title="${escapeXml(test.description)}">${escapeXml(test.name)}</td><td>${test.earned}/${test.points}</td><td style="text-align:left;white-space:pre-wrap">${result}</td></tr>`;
    }),
  );
  return `<table><thead><tr><th>exercise</th><th>visible test</th><th>points</th><th>result</th></tr></thead><tbody>${rows.join("")}</tbody>
<tfoot><tr><th colspan="2">total</th><th>${report.earned}/${report.points}</th><th style="text-align:left">The hidden tests run with <code>npm run grade</code>.</th></tr></tfoot></table>`;
}

/** A verdict's mark in its colour (a text symbol: emoji show as boxes where no emoji font is installed). */
function mark(verdict: "OK" | "ILLEGAL"): string {
  return `<span style="color:${verdict === "OK" ? palette.ok : palette.bad};font-weight:bold">${VERDICT_MARK[verdict]}</span>`;
}
