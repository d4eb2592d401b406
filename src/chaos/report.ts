/**
 * The page `npm run chaos` writes: the verdict and summary, the experiment as run (hypothesis,
 * method, rollbacks), and the pictures with the fault periods shaded. The shop's runs add the
 * settle times and the breaker; the Raft target's acknowledge a command when it commits.
 */
import { escapeXml } from "../viz/svg";
import { isShopRun, type AnyChaosRun } from "./runner";
import { headline, requestNoun, seconds, summaryLines } from "./summary";
import { breakerChart, errorRateChart, latencyChart, settleChart, throughputChart } from "./views";

export function chaosPage(run: AnyChaosRun, targetLabel: string): string {
  const { experiment, seed } = run.options;
  const probes = experiment.steadyStateHypothesis.probes
    .map((p) => `<tr><td>${escapeXml(p.name)}</td><td>${p.metric}</td><td>${p.tolerance.min === undefined ? "" : `&ge; ${p.tolerance.min}`}${p.tolerance.max === undefined ? "" : ` &le; ${p.tolerance.max}`}</td></tr>`)
    .join("");
  const method = run.windows.map((w) => `<tr><td>${seconds(w.fromMs)}</td><td>${seconds(w.toMs)}</td><td>${escapeXml(w.what)}</td></tr>`).join("");
  const rollbacks = experiment.rollbacks.map((r) => `<li>${escapeXml(r.name)} (at ${seconds(run.options.rollbackAtMs)})</li>`).join("");
  const shop = isShopRun(run) ? [settleChart(run), breakerChart(run) ?? "<p>No circuit breaker in this run.</p>"] : [];
  const pictures = [throughputChart(run), latencyChart(run), errorRateChart(run), ...shop];
  const { many } = requestNoun(run);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chaos, seed ${seed}: ${escapeXml(headline(run))}</title>
<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;color:#1f2933}td,th{padding:0 1em 0 0;text-align:left}</style></head>
<body>
<h1>${escapeXml(experiment.title)}</h1>
<p><strong>${escapeXml(headline(run))}</strong></p>
<ul>${summaryLines(run).map((line) => `<li>${escapeXml(line)}</li>`).join("")}</ul>
<p>${escapeXml(experiment.description)}. ${isShopRun(run) ? "Services" : "Cluster"}: ${escapeXml(targetLabel)}. Seed ${seed}; ${seconds(run.options.durationMs)} of traffic at ${run.options.ratePerS} ${many}/s, ${run.clock === "virtual" ? "simulated" : "against real processes, in real time"}.</p>
<h2>steady-state hypothesis: ${escapeXml(experiment.steadyStateHypothesis.title)}</h2>
<p>Judged in every ${seconds(run.options.bucketMs)} bucket. Recovery time: from the end of a fault to the moment from which the hypothesis held in every bucket until the next fault.</p>
<table><tr><th>probe</th><th>metric</th><th>tolerance</th></tr>${probes}</table>
<h2>method</h2>
<table><tr><th>from</th><th>to</th><th>fault</th></tr>${method || "<tr><td colspan=3>no fault</td></tr>"}</table>
<h2>rollbacks</h2>
<ul>${rollbacks}</ul>
<h2>what the ${isShopRun(run) ? "shoppers" : "clients"} saw</h2>
${pictures.join("\n")}
</body></html>
`;
}
