import { expect } from "chai";
import { generateHistory } from "../../src/check/history-generator";
import { checkLinearizability } from "../../src/check/linearizability";
import { historyTimeline } from "../../src/viz/history-timeline";
import { linearizabilityReportHtml } from "../../src/viz/history-report";
import { palette } from "../../src/viz/svg";
import { parseHistoryText } from "./history-text";

const history = parseHistoryText(`
c1  write(3)      0..10
c2  write(5)      20..95
c3  read() -> 3   110..120
c4  write(9)      30..?
c1  write(7)      40..50  fail
`);

describe("check: pictures of histories", () => {
  it("one lane per client, bars labelled in words, offending operations outlined in red", () => {
    const result = checkLinearizability(history, "register");
    if (result.verdict !== "ILLEGAL") throw new Error(`expected ILLEGAL, got ${result.verdict}`);
    const svg = historyTimeline(history.operations, { model: "register", highlight: result.core });
    for (const client of ["c1", "c2", "c3", "c4"]) expect(svg).to.include(`>${client}</text>`);
    expect(svg).to.include(">read() -&gt; 3</text>");
    expect(svg.match(new RegExp(`stroke="${palette.bad}"`, "g"))).to.have.length(result.core.length + 1); // + the legend
    expect(svg).to.include("refused: no effect");
    expect(svg).to.include(">cannot be ordered</text>");
    expect(historyTimeline(history.operations, { highlight: result.core, highlightLabel: "blamed by the verdict" })).to.include(">blamed by the verdict</text>");
  });

  it("an unanswered operation is drawn open-ended, to the right edge, dashed and fading", () => {
    const svg = historyTimeline(history.operations, { model: "register", widthPx: 600 });
    const bar = /<g><title>c4: write\(9\), t=30\.\.\? \(no answer[^<]*<\/title><rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*fill="url\(#history-open-ended\)"[^>]*stroke-dasharray="4 3"/.exec(svg);
    expect(bar, svg).to.not.equal(null);
    const [, x, width] = bar as RegExpExecArray;
    expect(Number(x) + Number(width)).to.equal(600 - 16);
  });

  it("a long history is cut to a window around the offending operations, and says so", () => {
    const long = generateHistory({ seed: 2, operations: 2000, clients: 5 });
    const marked = [long.operations[1500]];
    const svg = historyTimeline(long.operations, { model: "register", highlight: marked, operationsMax: 100 });
    expect(svg).to.include("showing 100 of 2000 operations, around the offending ones");
    expect((svg.match(/<g><title>/g) ?? []).length, "one titled bar per operation shown").to.equal(100);
  });

  it("the HTML report shows the verdict, the explanation escaped, and the picture", () => {
    const result = checkLinearizability(history, "register");
    const html = linearizabilityReportHtml(history, result, "register", "A <stale> read");
    expect(html).to.include("<title>A &lt;stale&gt; read</title>");
    expect(html).to.include(">ILLEGAL</span>");
    expect(html).to.include("read() by c3 returned 3 at t=120 (a stale value)");
    expect(html).to.include("<svg");
  });

  it("labels stay inside the picture at its right edge, and a call at the millisecond the last one returned keeps its row", () => {
    const back = parseHistoryText(`
c1  write(1)      0..10
c1  read() -> 1   10..20
c2  write(2)      5..100
`);
    const width = 400;
    const svg = historyTimeline(back.operations, { model: "register", widthPx: width, highlight: back.operations });
    const labels = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" font-size="10" fill="[^"]+" font-weight="bold">([^<]+)<\/text>/g)];
    expect(labels.length).to.equal(3);
    for (const [, x, label] of labels) expect(Number(x) + label.length * 5.5, label).to.be.at.most(width - 16 + 2);
    const rowOf = (title: string) => Number(new RegExp(`<title>${title}[^<]*</title><rect x="[\\d.]+" y="([\\d.]+)"`).exec(svg)?.[1]);
    expect(rowOf("c1: write\\(1\\)")).to.equal(rowOf("c1: read\\(\\) -&gt; 1"));
  });
});
