import { expect } from "chai";
import { barChart, lineChart, type LineSeries } from "../../src/viz/chart";
import { boxesOverlap } from "../../src/viz/text-size";
import { expectCleanLabels, expectNiceTicks, labelsOf, tickValues } from "./layout";

const series: LineSeries[] = [
  { name: "1 replica", points: [{ x: 1, y: 10 }, { x: 2, y: 20 }] },
  { name: "all 5", points: [{ x: 1, y: 30 }, { x: 2, y: 60 }] },
];

/** Notebook 02's counter chart: whole numbers from 0 to 8 over 20 instants. */
const counters: LineSeries[] = ["A", "B", "C"].map((name, s) => ({ name: `logical of ${name}`, points: Array.from({ length: 20 }, (_, i) => ({ x: 250 * (i + 1), y: (i * (s + 3)) % 9 })) }));

const rects = (svg: string) =>
  [...svg.matchAll(/<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"/g)].map(([, x, y, width, height]) => ({ x: Number(x), y: Number(y), width: Number(width), height: Number(height) }));

describe("viz: chart layout rules", () => {
  it("counts get whole-number ticks in steps of 1, 2 or 5 (no 2.5 on a counter)", () => {
    const svg = lineChart({ title: "", series: counters, xLabel: "true time (ms)", yLabel: "logical counter", widthPx: 820 });
    expectNiceTicks(tickValues(svg, "tick-y"), { integer: true, what: "y" });
    expectNiceTicks(tickValues(svg, "tick-x"), { integer: true, what: "x" });
    expect(tickValues(svg, "tick-x").length, "20 instants do not make 20 crowded ticks").to.be.at.most(9);
    const bars = barChart({ title: "keys per shard", bars: [{ label: "a", value: 3 }, { label: "b", value: 1 }] });
    expectNiceTicks(tickValues(bars, "tick-y"), { integer: true, what: "bars" });
  });

  it("a gap (null) breaks the line; shaded spans and reference lines are drawn and named in the legend", () => {
    const points = [1, 2, null, null, 5, 6].map((y, i) => ({ x: i, y }));
    const svg = lineChart({ title: "", series: [{ name: "p99", points }], xLabel: "time (s)", yLabel: "ms", shaded: { spans: [{ fromX: 2, toX: 4, label: "kill" }], legend: "fault active" }, references: [{ value: 8, label: "tolerance" }] });
    expect(svg.match(/<polyline/g)).to.have.length(2);
    expect(svg).to.include("fault active").and.include("tolerance");
    expect(tickValues(svg, "tick-y")).to.include(8);
    expectCleanLabels(svg, "gaps and shades");
  });

  it("ratios get nice ticks too, from the axis's start (no 1.38 or 2.13)", () => {
    const points = [[1, 2.05], [3, 1.9], [8, 1.45], [32, 1.16], [256, 1.09]].map(([x, y]) => ({ x, y }));
    const svg = lineChart({ title: "imbalance", xLabel: "virtual nodes per server", yLabel: "max / mean", logX: true, yMin: 1, series: [{ name: "10 servers", points }] });
    const ticks = tickValues(svg, "tick-y");
    expectNiceTicks(ticks, { what: "y" });
    expect(ticks[0]).to.equal(1);
    expect(ticks[ticks.length - 1]).to.be.at.least(2.05);
    expect(tickValues(svg, "tick-x"), "log axis: a tick at each measured x").to.deep.equal([1, 3, 8, 32, 256]);
    expectCleanLabels(svg, "imbalance");
  });

  it("no label leaves the picture or covers another, however long the axis label or dense the ticks", () => {
    const hlc = lineChart({ title: "", series: counters, xLabel: "true time (ms)", yLabel: "HLC ahead of true time (ms)", yMin: -1000, widthPx: 820 });
    expectCleanLabels(hlc, "HLC chart");
    const squat = lineChart({ title: "a title", series, xLabel: "delay", yLabel: "a y axis label far longer than this short plot is high", heightPx: 160 });
    expectCleanLabels(squat, "a squat chart");
    const yLabelLines = labelsOf(squat).filter((label) => /rotate/.test(squat.slice(squat.indexOf(label.text) - 200, squat.indexOf(label.text))));
    expect(yLabelLines.length, "the long y label wraps onto several lines").to.be.greaterThan(1);
    const manyBars = barChart({ title: "load per shard", bars: Array.from({ length: 12 }, (_, i) => ({ label: `consistent shard ${i}`, value: i * 37 })), reference: { value: 200, label: "fair share" }, widthPx: 560 });
    expectCleanLabels(manyBars, "twelve bars with long names");
  });

  it("every bar shows its value, so a zero bar is visible, and the reference is named where no bar hides it", () => {
    const svg = barChart({ title: "1,000 new sequential order ids, range shards", bars: [{ label: "r0", value: 0 }, { label: "r1", value: 0 }, { label: "r2", value: 0 }, { label: "r3", value: 1000 }], reference: { value: 250, label: "fair share" } });
    expectCleanLabels(svg, "range shards");
    const values = labelsOf(svg).filter((label) => label.className === "value").map((label) => label.text);
    expect(values).to.deep.equal(["0", "0", "0", "1,000"]);
    const shapes = rects(svg);
    expect(shapes.filter((r) => r.height > 0 && r.width > 10), "four bars drawn, zeros as stubs").to.have.length(4);
    const reference = labelsOf(svg).find((label) => label.text === "fair share (250)");
    expect(reference, "the reference line is named with its value").to.not.equal(undefined);
    for (const bar of shapes) expect(boxesOverlap(bar, reference?.box ?? bar), "no bar covers the reference's name").to.equal(false);
  });

  it("the legend sits below the title and above the plot, clear of both", () => {
    const svg = lineChart({ title: "mean write latency", series, xLabel: "delay", yLabel: "ms" });
    const title = labelsOf(svg).find((label) => label.text === "mean write latency");
    const legend = labelsOf(svg).filter((label) => label.text === "1 replica" || label.text === "all 5");
    expect(legend).to.have.length(2);
    for (const entry of legend) expect(entry.box.y, entry.text).to.be.greaterThan((title?.box.y ?? 0) + (title?.box.height ?? 0));
    const dots = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)" r="3"/g)].map(([, cy]) => Number(cy));
    for (const entry of legend) expect(Math.min(...dots)).to.be.greaterThan(entry.box.y + entry.box.height);
    expectCleanLabels(svg);
  });
});
