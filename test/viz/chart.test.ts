import { expect } from "chai";
import { lineChart } from "../../src/viz/chart";

const series = [
  { name: "1 replica", points: [{ x: 1, y: 10 }, { x: 2, y: 20 }] },
  { name: "all 5", points: [{ x: 1, y: 30 }, { x: 2, y: 60 }] },
];

/** The baseline (y) of the first text element whose content is `content`. */
function baselineOf(svg: string, content: string): number {
  const match = new RegExp(`<text x="[\\d.]+" y="([\\d.]+)"[^>]*>${content}</text>`).exec(svg);
  expect(match, content).to.not.equal(null);
  return Number((match as RegExpExecArray)[1]);
}

describe("viz: line chart", () => {
  it("puts the legend row below the title, clear of it (12 px text)", () => {
    const svg = lineChart({ title: "mean write latency", series, xLabel: "delay", yLabel: "ms" });
    const title = baselineOf(svg, "mean write latency");
    for (const { name } of series) expect(baselineOf(svg, `● ${name}`) - title, name).to.be.at.least(14);
  });

  it("without a title, keeps the legend where it was and the plot as tall", () => {
    const svg = lineChart({ title: "", series, xLabel: "delay", yLabel: "ms" });
    expect(baselineOf(svg, "● 1 replica")).to.equal(24);
    const dots = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map(([, cy]) => Number(cy));
    expect(Math.min(...dots)).to.be.closeTo(32 + (300 - 32 - 44) * (1 - 60 / 100), 0.01);
  });
});
