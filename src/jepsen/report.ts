/**
 * The page `npm run jepsen` writes (timeline.html): the verdict in words, each anomaly, the
 * nemesis rounds, and the latency of every operation with the rounds shaded; the same for a run
 * on the simulator and one against live processes, which it says.
 */
import { escapeXml } from "../viz/svg";
import { latencyOverTime } from "../viz/latency-over-time";
import type { BankTestResult } from "./bank-test";

export function jepsenPage(run: BankTestResult, bankFile: string): string {
  const { verdict, options } = run;
  const headline = verdict.valid === true ? "valid" : verdict.valid === false ? "INVALID" : "unknown";
  const anomalies = verdict.valid === false ? verdict.anomalies.map((a) => `<h3>${escapeXml(a.kind)}</h3><pre>${escapeXml(a.message)}</pre>`).join("\n") : "";
  const reason = verdict.valid === "unknown" ? `<p>${escapeXml(verdict.reason)}</p>` : "";
  const rounds = run.windows.map((w) => `<tr><td>${w.fromMs / 1_000} s</td><td>${w.toMs / 1_000} s</td><td>${escapeXml(w.what)}</td></tr>`).join("");
  const picture = latencyOverTime(run.history.operations, {
    title: `bank, seed ${options.seed}: latency of every operation, nemesis rounds shaded`,
    endMs: run.endMs,
    windows: run.windows,
    kindOf: (input) => (input as { f: string }).f,
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>jepsen bank, seed ${options.seed}: ${headline}</title>
<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;color:#1f2933}pre{white-space:pre-wrap;background:#f5f7fa;padding:.6em}td{padding:0 1em 0 0}</style></head>
<body>
<h1>jepsen bank: ${headline}</h1>
<p>${escapeXml(verdict.summary)}</p>
${reason}
${anomalies}
<p>bank ${escapeXml(bankFile)}, ${options.servers} servers, ${options.concurrency} clients, ${options.timeLimitS} s of ${run.clock === "virtual" ? `virtual time, seed ${options.seed} (it replays the run)` : `real time against live processes, seed ${options.seed} (it decides the nemesis rounds and the operations, not their timing: no replay)`}.</p>
${picture}
<h2>nemesis rounds</h2>
<table><tr><th>from</th><th>to</th><th>what</th></tr>${rounds}</table>
</body></html>
`;
}
