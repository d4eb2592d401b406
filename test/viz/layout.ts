/**
 * Layout rules for every picture, checked on the SVG string itself: each label lies inside the
 * view box, no two labels overlap, and axis ticks are nice. Text boxes come from the same width
 * table the pictures use (src/viz/text-size.ts), which text-size.test.ts checks against Chromium.
 */
import { expect } from "chai";
import { boxesOverlap, boxInside, textBox, type Anchor, type Box } from "../../src/viz/text-size";

export interface Label {
  text: string;
  box: Box;
  className: string | undefined;
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

/** The view box: `0 0 width height`. */
export function viewBoxOf(svg: string): Box {
  const [x, y, width, height] = (/viewBox="([^"]+)"/.exec(svg)?.[1] ?? "").split(" ").map(Number);
  return { x, y, width, height };
}

/** Every `<text>` with the box it covers (rotated labels turned by 90 degrees). */
export function labelsOf(svg: string): Label[] {
  const rootSize = Number(attribute(/<svg[^>]*>/.exec(svg)?.[0] ?? "", "font-size") ?? 12);
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map(([, tag, raw]) => {
    const content = raw.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);
    const size = Number(attribute(tag, "font-size") ?? rootSize);
    const bold = attribute(tag, "font-weight") === "bold";
    const anchor = (attribute(tag, "text-anchor") ?? "start") as Anchor;
    const [x, y] = [Number(attribute(tag, "x")), Number(attribute(tag, "y"))];
    const along = textBox(x, y, content, size, anchor, bold);
    // rotate(-90 x y) maps (px, py) to (x + py - y, y - px + x): the text runs upwards from (x, y).
    const box = /rotate\(-90/.test(attribute(tag, "transform") ?? "") ? { x: x + along.y - y, y: y - (along.x + along.width - x), width: along.height, height: along.width } : along;
    return { text: content, box, className: attribute(tag, "class") };
  });
}

/** Every label lies inside the view box. */
export function expectLabelsInside(svg: string, what = "picture"): void {
  const view = viewBoxOf(svg);
  for (const label of labelsOf(svg)) expect(boxInside(label.box, view), `${what}: "${label.text}" ${JSON.stringify(label.box)} leaves the view box ${JSON.stringify(view)}`).to.equal(true);
}

/** No two labels share any area. */
export function expectNoOverlappingLabels(svg: string, what = "picture"): void {
  const labels = labelsOf(svg);
  for (const [i, a] of labels.entries()) {
    for (const b of labels.slice(i + 1)) expect(boxesOverlap(a.box, b.box), `${what}: "${a.text}" and "${b.text}" overlap`).to.equal(false);
  }
}

/** Both rules at once. */
export function expectCleanLabels(svg: string, what = "picture"): void {
  expectLabelsInside(svg, what);
  expectNoOverlappingLabels(svg, what);
}

/** The values of the tick labels of class `className`, in drawing order. */
export function tickValues(svg: string, className: string): number[] {
  return labelsOf(svg)
    .filter((label) => label.className === className)
    .map((label) => Number(label.text.replace(/,/g, "").replace(/ (ms|s)$/, "")));
}

/** Evenly spaced by 1, 2 or 5 times a power of ten; whole numbers when `integer`. */
export function expectNiceTicks(values: readonly number[], options: { integer?: boolean; what?: string } = {}): void {
  const what = options.what ?? "ticks";
  expect(values.length, `${what}: at least two ticks`).to.be.at.least(2);
  // Tick values are printed numbers: compare with a tolerance far below any printed digit.
  const step = (values[values.length - 1] - values[0]) / (values.length - 1);
  for (let i = 1; i < values.length; i++) expect(values[i] - values[i - 1], `${what}: evenly spaced ${values.join(", ")}`).to.be.closeTo(step, Math.abs(step) * 1e-6);
  const power = 10 ** Math.floor(Math.log10(step) + 1e-9);
  const multiple = [1, 2, 5, 10].find((m) => Math.abs(step / power - m) < 1e-6);
  expect(multiple, `${what}: step ${step} is 1, 2 or 5 times a power of ten`).to.not.equal(undefined);
  const nice = (multiple as number) * power;
  for (const value of values) expect(Math.abs(value / nice - Math.round(value / nice)) < 1e-6, `${what}: ${value} is a multiple of the step ${nice}`).to.equal(true);
  if (options.integer) for (const value of values) expect(Number.isInteger(value), `${what}: ${value} is a whole number`).to.equal(true);
}
