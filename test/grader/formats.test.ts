/**
 * Course-platform outputs carry the fields their documentation lists, with the right types and
 * values, and failures keep their explanation and replay command.
 */
import { expect } from "chai";
import { join } from "node:path";
import { formatClassroom, formatGradescope, formatJson, formatJunit } from "../../grader/report/formats";
import { formatHtml } from "../../grader/report/html";
import { formatTerminal } from "../../grader/report/terminal";
import type { GradeReport } from "../../grader/runner";
import { ROOT, gradeWith } from "./helpers";

const CONTEXT = { weekArg: "week0", sourceFlags: [] };

describe("grader report formats", function () {
  this.timeout(120_000);
  let report: GradeReport;
  before(async () => {
    report = await gradeWith(0, { overrides: { "week0.quorum": join(ROOT, "grader", "mutants", "week0", "quorum", "largest-group-wins.ts") } });
  });

  it("the mutant report has passes and failures to format", () => {
    expect(report.earned).to.be.greaterThan(0).and.lessThan(report.points);
  });

  it("Gradescope results.json: score, and tests with name, score, max_score, status, output, output_format, visibility", () => {
    const results = JSON.parse(formatGradescope(report, CONTEXT)) as Record<string, any>;
    expect(results.score).to.equal(report.earned);
    expect(results.execution_time).to.be.a("number");
    expect(["text", "html", "simple_format", "md", "ansi"]).to.include(results.output_format);
    expect(results.tests).to.have.length(8);
    for (const test of results.tests) {
      expect(test).to.include.keys("name", "score", "max_score", "status", "output", "output_format", "visibility");
      expect(test.name).to.be.a("string");
      expect(test.score).to.be.a("number").and.at.most(test.max_score);
      expect(["passed", "failed"]).to.include(test.status);
      expect(["hidden", "after_due_date", "after_published", "visible"]).to.include(test.visibility);
      expect(test.output).to.be.a("string");
    }
    const failed = results.tests.find((test: { status: string }) => test.status === "failed");
    expect(failed.output).to.match(/returned 0, expected -1[\s\S]*replay: npm run grade week0 -- --only week0\.quorum\./);
  });

  it("GitHub Classroom result: version, status, max_score, and tests with name, status, message, score", () => {
    const result = JSON.parse(formatClassroom(report, CONTEXT)) as Record<string, any>;
    expect(result.version).to.equal(1);
    expect(result.status).to.equal("fail");
    expect(result.max_score).to.equal(report.points);
    const total = result.tests.reduce((sum: number, test: { score: number }) => sum + test.score, 0);
    expect(total).to.equal(report.earned);
    for (const test of result.tests) {
      expect(["pass", "fail", "error"]).to.include(test.status);
      expect(test).to.include.keys("name", "status", "message", "score", "line_no", "execution_time");
      if (test.status === "pass") expect(test.message).to.equal(null);
      else expect(test.message).to.be.a("string");
    }
  });

  it("JUnit XML: one testcase per test, failures marked with their kind", () => {
    const xml = formatJunit(report, CONTEXT);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).to.equal(true);
    expect((xml.match(/<testcase /g) ?? []).length).to.equal(8);
    const failures = report.exercises[0].tests.filter((test) => test.failure).length;
    expect((xml.match(/<failure /g) ?? []).length).to.equal(failures);
    expect(xml).to.include('type="failed"');
    expect(xml).to.not.match(/<(?!\/?(testsuites|testsuite|testcase|failure)\b|\?xml)/);
  });

  it("JSON keeps every test with its replay command, and no picture payloads", () => {
    const json = JSON.parse(formatJson(report, CONTEXT)) as Record<string, any>;
    const tests = json.exercises[0].tests as Record<string, any>[];
    expect(tests).to.have.length(8);
    for (const test of tests) expect(Boolean(test.replay)).to.equal(Boolean(test.failure));
  });

  it("terminal and HTML name every failed test, its seed when randomized, and the replay command", () => {
    const text = formatTerminal(report, { ...CONTEXT, color: false });
    const html = formatHtml(report, CONTEXT, "t");
    for (const test of report.exercises[0].tests.filter((t) => t.failure)) {
      expect(text).to.include(test.id);
      expect(html).to.include(test.id);
      if (test.randomized) expect(text).to.include(`seed ${test.failure?.seed} · replay: npm run grade week0 -- --only ${test.id} --seed ${test.failure?.seed}`);
    }
  });
});
