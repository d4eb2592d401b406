/**
 * A linearizability verdict as a small self-contained HTML page: the verdict, the explanation in
 * words, and the timeline of the history (for ILLEGAL, of the failing key, offending operations
 * marked). Written by `npm run check:linearizable -- FILE --html out.html`; notebooks can show it
 * with tslab.display.html.
 */
import type { History, Operation } from "../check/history";
import { describeResult, type LinearizabilityResult } from "../check/linearizability";
import type { AnyModel } from "../check/model";
import { historyTimeline } from "./history-timeline";
import { escapeXml, palette } from "./svg";

const VERDICT_COLOURS: Record<LinearizabilityResult["verdict"], string> = { OK: palette.ok, ILLEGAL: palette.bad, UNKNOWN: palette.unknown };

/** The span of the offending operations, with a margin of a fifth on each side. */
function around(core: readonly Operation<unknown, unknown>[]): { fromMs: number; toMs: number } {
  const fromMs = Math.min(...core.map((op) => op.callMs));
  const toMs = Math.max(...core.map((op) => op.returnMs ?? op.callMs));
  const marginMs = (toMs - fromMs) / 5;
  return { fromMs: fromMs - marginMs, toMs: toMs + marginMs };
}

/** The history's timeline; for ILLEGAL, the failing key's operations around the offending ones, marked. */
export function verdictTimeline(history: History<unknown, unknown>, result: LinearizabilityResult, model: AnyModel | string): string {
  const illegal = result.verdict === "ILLEGAL" ? result : undefined;
  return historyTimeline(illegal ? illegal.partOperations : history.operations, {
    model,
    highlight: illegal?.core,
    focusMs: illegal && illegal.core.length > 0 ? around(illegal.core) : undefined,
    title: illegal?.part ? `key ${illegal.part}` : undefined,
  });
}

export function linearizabilityReportHtml(history: History<unknown, unknown>, result: LinearizabilityResult, model: AnyModel | string, title = "Linearizability check"): string {
  const picture = verdictTimeline(history, result, model);
  const badge = `<span style="background:${VERDICT_COLOURS[result.verdict]};color:white;padding:2px 10px;border-radius:4px;font-weight:bold">${result.verdict}</span>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:${palette.ink};margin:24px">
<h1 style="font-size:20px">${escapeXml(title)} ${badge}</h1>
<pre style="white-space:pre-wrap;background:#f5f7fa;padding:12px;border-radius:6px">${escapeXml(describeResult(result))}</pre>
${picture}
</body></html>
`;
}
