/** "Check your work" in a notebook: the visible tests, run by the grader's command line, as an HTML table. */
import { expect } from "chai";
import { visibleTestsTable } from "../../grader/inline";

describe("grader inline check for notebooks", function () {
  this.timeout(120_000);

  // It grades exercises/ as it is, which may hold a learner's work: what it says about stubs and
  // about finished work is checked in a copy of the course (test/foundation/learner-work.test.ts).
  it("runs only the visible tests of the exercise and shows each with its points and result", () => {
    const html = visibleTestsTable(0, "quorum");
    const rows = html.match(/<tr><td>quorum<\/td>.*?<\/tr>/g) ?? [];
    expect(rows.length, html).to.equal(3);
    for (const row of rows) expect(row).to.match(/<td>[02]\/2<\/td><td [^>]*>(<span[^>]*>✓<\/span> passed|<span[^>]*>✗<\/span> \S)/);
    expect(html).to.match(/<th>\d\/6<\/th>/);
    expect(html).to.not.include("random-partitions");
  });

  it("says so, with the grader's words, when the grader cannot run", () => {
    const html = visibleTestsTable(9);
    expect(html).to.include("<strong>The grader could not run</strong> (exit code 2)");
    expect(html).to.include("unknown week &quot;week9&quot;");
  });
});
