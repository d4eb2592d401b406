/**
 * Course-platform outputs carry the fields their documentation lists, with the right types and
 * values, and failures keep their explanation and replay command.
 */
import { expect } from "chai";
import { mutantFile } from "../../grader/mutants";
import { formatClassroom, formatGradescope, formatJson, formatJunit } from "../../grader/report/formats";
import { formatHtml } from "../../grader/report/html";
import { formatTerminal } from "../../grader/report/terminal";
import type { GradeReport } from "../../grader/runner";
import { ROOT, gradeWith } from "./helpers";

const CONTEXT = { sourceFlags: [] };

type FieldTypes = Record<string, "number" | "string" | "array" | "object" | "string|null" | "number|null">;

/** Gradescope's documented results.json fields and their types (gradescope-autograders.readthedocs.io, specs). */
const GRADESCOPE_RESULT: FieldTypes = {
  score: "number", execution_time: "number", output: "string", output_format: "string", test_output_format: "string",
  test_name_format: "string", visibility: "string", stdout_visibility: "string", extra_data: "object", tests: "array", leaderboard: "array",
};
const GRADESCOPE_TEST: FieldTypes = {
  score: "number", max_score: "number", status: "string", name: "string", name_format: "string", number: "string",
  output: "string", output_format: "string", tags: "array", visibility: "string", extra_data: "object",
};
const GRADESCOPE_FORMATS = ["text", "html", "simple_format", "md", "ansi"];
const GRADESCOPE_VISIBILITY = ["hidden", "after_due_date", "after_published", "visible"];

/** What GitHub Classroom's autograding-grading-reporter reads from a runner's result. */
const CLASSROOM_RESULT: FieldTypes = { version: "number", status: "string", max_score: "number", tests: "array" };
const CLASSROOM_TEST: FieldTypes = {
  name: "string", status: "string", message: "string|null", test_code: "string", filename: "string",
  line_no: "number|null", execution_time: "string", score: "number",
};

/** Fields outside the documented list, or of the wrong type, in words ("" when there are none). */
function fieldProblems(value: Record<string, unknown>, fields: FieldTypes, where: string): string {
  const problems = Object.entries(value).map(([key, field]) => {
    const expected = fields[key];
    if (!expected) return `${where}.${key} is not a documented field`;
    const actual = field === null ? "null" : Array.isArray(field) ? "array" : typeof field;
    return expected.split("|").includes(actual) ? "" : `${where}.${key} is ${actual}, documented as ${expected}`;
  });
  return problems.filter(Boolean).join("; ");
}

describe("grader report formats", function () {
  this.timeout(120_000);
  let report: GradeReport;
  before(async () => {
    report = await gradeWith(0, { overrides: { "week0.quorum": mutantFile(ROOT, 0, "quorum", "largest-group-wins") } });
  });

  it("the mutant report has passes and failures to format", () => {
    expect(report.earned).to.be.greaterThan(0).and.lessThan(report.points);
  });

  it("Gradescope results.json: only documented fields, with score, and tests with name, score, max_score, status, output, output_format, visibility", () => {
    const results = JSON.parse(formatGradescope(report, CONTEXT)) as Record<string, any>;
    expect(fieldProblems(results, GRADESCOPE_RESULT, "results")).to.equal("");
    expect(results.score).to.equal(report.earned);
    expect(GRADESCOPE_FORMATS).to.include(results.output_format);
    expect(GRADESCOPE_VISIBILITY).to.include(results.visibility);
    expect(results.tests).to.have.length(report.exercises[0].tests.length);
    results.tests.forEach((test: Record<string, any>, i: number) => {
      expect(fieldProblems(test, GRADESCOPE_TEST, `tests[${i}]`)).to.equal("");
      expect(test).to.include.keys("name", "score", "max_score", "status", "output", "output_format", "visibility");
      expect(test.score).to.be.at.least(0).and.at.most(test.max_score);
      expect(["passed", "failed"]).to.include(test.status);
      expect(GRADESCOPE_FORMATS).to.include(test.output_format);
      expect(GRADESCOPE_VISIBILITY).to.include(test.visibility);
    });
    const failed = results.tests.find((test: { status: string; name: string }) => test.status === "failed" && test.name.includes("even-split"));
    expect(failed.output).to.match(/returned 0, expected -1[\s\S]*replay: npm run grade week0 -- --only week0\.quorum\./);
  });

  it("GitHub Classroom result: only the fields the reporter reads, scores that sum to the total", () => {
    const result = JSON.parse(formatClassroom(report, CONTEXT)) as Record<string, any>;
    expect(fieldProblems(result, CLASSROOM_RESULT, "result")).to.equal("");
    expect(result.version).to.equal(1);
    expect(result.status).to.equal("fail");
    expect(result.max_score).to.equal(report.points);
    const total = result.tests.reduce((sum: number, test: { score: number }) => sum + test.score, 0);
    expect(total).to.equal(report.earned);
    result.tests.forEach((test: Record<string, any>, i: number) => {
      expect(fieldProblems(test, CLASSROOM_TEST, `tests[${i}]`)).to.equal("");
      expect(["pass", "fail", "error"]).to.include(test.status);
      if (test.status === "pass") expect(test.message).to.equal(null);
      else expect(test.message).to.be.a("string");
    });
  });

  it("JUnit XML: one testcase per test, failures marked with their kind", () => {
    const xml = formatJunit(report, CONTEXT);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).to.equal(true);
    expect((xml.match(/<testcase /g) ?? []).length).to.equal(report.exercises[0].tests.length);
    const failures = report.exercises[0].tests.filter((test) => test.failure).length;
    expect((xml.match(/<failure /g) ?? []).length).to.equal(failures);
    expect(xml).to.include('type="failed"');
    expect(xml).to.not.match(/<(?!\/?(testsuites|testsuite|testcase|failure)\b|\?xml)/);
  });

  it("JSON keeps every test with its replay command, and no picture payloads", () => {
    const json = JSON.parse(formatJson(report, CONTEXT)) as Record<string, any>;
    const tests = json.exercises[0].tests as Record<string, any>[];
    expect(tests).to.have.length(report.exercises[0].tests.length);
    for (const test of tests) expect(Boolean(test.replay)).to.equal(Boolean(test.failure));
  });

  it("the HTML report carries the pictures a failing test attached", () => {
    const html = formatHtml(report, CONTEXT, "t");
    const attached = report.exercises[0].tests.flatMap((test) => test.attachments);
    expect(attached.length, "the mutant's failing majority tests attach partition pictures").to.be.greaterThan(0);
    for (const attachment of attached) expect(html).to.include(attachment.html);
    expect(html).to.include("<figcaption>The partition ");
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
