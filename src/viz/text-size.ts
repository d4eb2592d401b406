/**
 * How much room a label takes, so pictures can place labels where they neither clip nor cover
 * one another. SVG strings are built without a browser, so widths are estimated from a table:
 * the advance widths of DejaVu Sans (what `system-ui` resolves to on a Linux without other
 * fonts), which is wider than the usual UI fonts (Segoe UI, San Francisco, Liberation Sans).
 * The estimate is therefore an upper bound where it matters; test/viz/text-size.test.ts checks
 * it against Chromium's own measurement when Chromium is installed.
 */

/** A rectangle in picture coordinates (y grows downwards). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Anchor = "start" | "middle" | "end";

/** Characters grouped by width, in thousandths of the font size: [regular, bold, characters]; each group's
 * numbers are its widest member's (measured in Chromium with DejaVu Sans). */
const WIDTH_GROUPS: [number, number, string][] = [
  [278, 343, "ijl'"],
  [295, 372, "IJ"],
  [318, 380, " ,.·"],
  [337, 400, ":;/\\|"],
  [361, 415, "-f"],
  [401, 493, "()[]tr!"],
  [500, 523, "\"_`–°*"],
  [531, 595, "sz?"],
  [592, 683, "ckxvyLF"],
  [615, 733, "TPYoae"],
  [637, 736, "hnubdgpqES0123456789$µ√{}"],
  [698, 775, "KVZXBRC"],
  [752, 837, "AU∩NH"],
  [787, 872, "DG&OQ"],
  [873, 924, "w∞#+<=>^~→×≤≥✓✗−←↑↓±●"],
  [974, 1042, "mM%"],
  [1000, 1103, "W@…—"],
];

const WIDTHS = new Map<string, [number, number]>();
for (const [regular, bold, characters] of WIDTH_GROUPS) for (const ch of characters) WIDTHS.set(ch, [regular / 1000, bold / 1000]);

/** Anything not in the table (Hangul, emoji, rare symbols) counts as a full em: never too narrow. */
const UNKNOWN_EM = 1;
/** Glyphs reach about this far above the baseline and below it, in ems. */
export const ASCENT_EM = 0.8;
export const DESCENT_EM = 0.24;

/** The width of `text` in pixels at `fontSizePx`, an upper bound for common sans-serif fonts. */
export function textWidthPx(text: string, fontSizePx: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += WIDTHS.get(ch)?.[bold ? 1 : 0] ?? UNKNOWN_EM;
  return em * fontSizePx;
}

/** The box a horizontal label covers when drawn at (x, baseline y) with `anchor`. */
export function textBox(x: number, y: number, text: string, fontSizePx: number, anchor: Anchor = "start", bold = false): Box {
  const width = textWidthPx(text, fontSizePx, bold);
  const left = anchor === "start" ? x : anchor === "middle" ? x - width / 2 : x - width;
  return { x: left, y: y - ASCENT_EM * fontSizePx, width, height: (ASCENT_EM + DESCENT_EM) * fontSizePx };
}

/** True when the boxes share any area, or come closer than `gapPx`. */
export function boxesOverlap(a: Box, b: Box, gapPx = 0): boolean {
  return a.x < b.x + b.width + gapPx && b.x < a.x + a.width + gapPx && a.y < b.y + b.height + gapPx && b.y < a.y + a.height + gapPx;
}

/** True when `inner` lies within `outer`, at least `marginPx` from its edges. */
export function boxInside(inner: Box, outer: Box, marginPx = 0): boolean {
  return inner.x >= outer.x + marginPx && inner.y >= outer.y + marginPx && inner.x + inner.width <= outer.x + outer.width - marginPx && inner.y + inner.height <= outer.y + outer.height - marginPx;
}

/**
 * Break `text` at spaces into lines of at most `widthPx` (a word longer than that gets a line of
 * its own, whole: labels are never cut mid-word).
 */
export function wrapWords(text: string, widthPx: number, fontSizePx: number, bold = false): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const candidate = line === "" ? word : `${line} ${word}`;
    if (line !== "" && textWidthPx(candidate, fontSizePx, bold) > widthPx) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}
