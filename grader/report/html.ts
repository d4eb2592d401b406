/**
 * The HTML report: the same tables and explanations as the terminal, in the same order (stubs,
 * failures under their first broken rule, the rest), plus the pictures tests attached to their
 * failures (space-time diagrams, state timelines, history timelines). Its own words are in the
 * report's language, as the terminal's are.
 */
import { escapeXml } from "../../src/viz/svg";
import { inLanguage } from "../i18n/language";
import { words } from "../i18n/messages";
import type { ExerciseResult, GradeReport, TestResult } from "../runner";
import { groupFailures } from "./groups";
import { replayCommand, reportLanguage, seedMatters, type ReplayContext } from "./replay";
import { inconclusiveLines, reasonText, verdictText, weekHeadingBefore } from "./verdict";

export function formatHtml(report: GradeReport, context: ReplayContext, title: string): string {
  const language = reportLanguage(context);
  const say = words(language);
  const sections = report.exercises.map((exercise) => {
    const rows = exercise.tests
      .map((test) => `<tr class="${test.failure ? "lost" : "ok"}"><td>${escapeXml(test.name)}</td><td>${escapeXml(say.visibility(test.visibility))}</td><td>${test.earned}/${test.points}</td><td>${escapeXml(verdictText(test, language))}</td><td>${escapeXml(inLanguage(test.description, test.descriptionIn, language))}</td></tr>`)
      .join("\n");
    const failures = failureSections(exercise, context);
    const heading = weekHeadingBefore(report, exercise, language);
    return `${heading ? `<h2>${escapeXml(heading)}</h2>\n` : ""}<section><h2>${escapeXml(say.exerciseHeading(exercise.week, exercise.id))}: ${escapeXml(inLanguage(exercise.title, exercise.titleIn, language))} <small>${escapeXml(exercise.file)}</small></h2>
<table><tr><th>${say.columnTest}</th><th>${say.columnVisibility}</th><th>${say.columnPoints}</th><th>${say.columnResult}</th><th>${say.columnChecks}</th></tr>
${rows}
<tr><th colspan="2">${say.subtotal}</th><th>${exercise.earned}/${exercise.points}</th><th colspan="2"></th></tr></table>
${exercise.redFlags.length > 0 ? `<p class="flags">${escapeXml(say.htmlRedFlags(exercise.redFlags.join(", ")))}</p>\n` : ""}${failures}</section>`;
  });
  return `<!DOCTYPE html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em; color: #1f2933; }
table { border-collapse: collapse; margin: 1em 0; } td, th { border: 1px solid #e4e7eb; padding: 4px 8px; text-align: left; }
tr.lost td:nth-child(4) { color: #d64545; font-weight: bold; } tr.ok td:nth-child(4) { color: #2f9e44; }
pre { background: #f5f7fa; padding: 8px; overflow-x: auto; } pre.message { white-space: pre-wrap; font-weight: 600; } .failure { border-left: 4px solid #d64545; padding-left: 1em; margin: 1.5em 0; }
figure { margin: 1em 0; overflow-x: auto; } .rule { border-left: 4px solid #f0b429; padding-left: 1em; margin: 1.5em 0; } .stubs { color: #d64545; font-weight: bold; }
</style></head><body>
<h1>${escapeXml(title)}</h1>
<p><strong>${escapeXml(say.htmlTotal(report.earned, report.points))}</strong>${report.hiddenTestsIncluded ? "" : escapeXml(say.htmlVisibleOnly)}</p>
${sections.join("\n")}
</body></html>
`;
}

/** The lost points in the terminal's order (groups.ts): stubs in one line, failures under their first broken rule, the rest. */
function failureSections(exercise: ExerciseResult, context: ReplayContext): string {
  const language = reportLanguage(context);
  const say = words(language);
  const { stubs, byRule, others } = groupFailures(exercise);
  const parts: string[] = [];
  if (stubs.tests.length > 0) {
    parts.push(`<p class="stubs">${escapeXml(say.htmlStubs(stubs.unwritten.join(", "), stubs.unwritten.length, exercise.file, stubs.tests.length))}</p>`);
  }
  for (const { rule, tests } of byRule) {
    const many = tests.length > 1 ? `<p>${escapeXml(say.ruleBrokenByMany(tests.length))}.</p>` : "";
    const statement = rule.statement ? `: ${escapeXml(inLanguage(rule.statement, rule.statementIn, language))}` : "";
    parts.push(`<div class="rule"><h3>${escapeXml(say.ruleHeading(rule.id))}${statement}</h3>${many}\n${tests.map((test) => failureSection(test, context)).join("\n")}</div>`);
  }
  parts.push(...others.map((test) => failureSection(test, context)));
  return parts.join("\n");
}

function failureSection(test: TestResult, context: ReplayContext): string {
  const language = reportLanguage(context);
  const say = words(language);
  const failure = test.failure;
  if (!failure) return "";
  const parts = [`<div class="failure" id="${escapeXml(test.id)}"><h3>${escapeXml(test.id)}</h3>`, `<pre class="message">${escapeXml(reasonText(test, language))}</pre>`];
  if (failure.reason.details) parts.push(`<pre>${escapeXml(failure.reason.details)}</pre>`);
  for (const note of test.notes) parts.push(`<pre>${escapeXml(note)}</pre>`);
  if (failure.output) parts.push(`<p>${escapeXml(say.htmlOutputTail)}</p><pre>${escapeXml(failure.output)}</pre>`);
  for (const line of inconclusiveLines(test, language)) parts.push(`<pre>${escapeXml(line)}</pre>`);
  parts.push(`<p>${seedMatters(test, failure.seed) ? escapeXml(say.htmlSeed(failure.seed)) : ""}${escapeXml(say.htmlReplay)} <code>${escapeXml(replayCommand(test, context))}</code></p>`);
  for (const attachment of test.attachments) parts.push(`<figure><figcaption>${escapeXml(attachment.title)}</figcaption>${attachment.html}</figure>`);
  parts.push("</div>");
  return parts.join("\n");
}
