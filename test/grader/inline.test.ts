/** "Check your work" in a notebook: the visible tests, run by the grader's command line, as an HTML table. */
import { expect } from "chai";
import { visibleTestsTable } from "../../grader/inline";

describe("grader inline check for notebooks", function () {
  this.timeout(120_000);

  it("runs only the visible tests of the exercise and shows each with its points and reason", () => {
    const html = visibleTestsTable(0, "quorum");
    const rows = html.match(/<tr><td>quorum<\/td>/g) ?? [];
    expect(rows.length, html).to.equal(3);
    expect(html).to.include("<th>0/6</th>");
    expect(html).to.include("✗</span> not implemented yet: quorumSize (write it in exercises/week0/quorum.ts)");
    expect(html).to.not.include("random-partitions");
  });

  it("says so, with the grader's words, when the grader cannot run", () => {
    const html = visibleTestsTable(9);
    expect(html).to.include("<strong>The grader could not run</strong> (exit code 2)");
    expect(html).to.include("unknown week &quot;week9&quot;");
  });
});
