/**
 * Where labels may go: the place for each label is the first of its candidates that lies inside
 * the picture, keeps a small gap to every label placed before it, and covers none of the
 * obstacles (bars, arrows, lines) the picture registered. A label with no such place is left
 * out; pictures keep its text in a tooltip. Labels therefore never clip, never touch and are
 * never crossed by what the picture marked as an obstacle.
 */
import { boxesOverlap, boxInside, type Box } from "./text-size";

/** Labels keep at least this much air between them. */
const GAP_PX = 2;

export class LabelPlacer {
  private readonly labels: Box[] = [];
  private readonly boxes: Box[] = [];
  private readonly segments: [number, number, number, number][] = [];

  /** `bounds`: where labels may go, usually the whole view box. */
  constructor(private readonly bounds: Box) {}

  /** Something labels must not cover. */
  blockBox(box: Box): void {
    this.boxes.push(box);
  }

  /** A line labels must not be crossed by (an arrow, a lane). */
  blockSegment(x1: number, y1: number, x2: number, y2: number): void {
    this.segments.push([x1, y1, x2, y2]);
  }

  /** Reserve a box unconditionally (a title, a legend): later labels keep clear of it. */
  reserve(box: Box): void {
    this.labels.push(box);
  }

  /**
   * True when `box` would be a legal place for a label now. `crossable`: lines may pass under it
   * (for a label that matters more than a clear view, drawn with a halo).
   */
  fits(box: Box, crossable = false): boolean {
    return (
      boxInside(box, this.bounds) &&
      !this.labels.some((placed) => boxesOverlap(placed, box, GAP_PX)) &&
      !this.boxes.some((obstacle) => boxesOverlap(obstacle, box)) &&
      (crossable || !this.segments.some(([x1, y1, x2, y2]) => segmentCrossesBox(x1, y1, x2, y2, box)))
    );
  }

  /** Reserve and return the first candidate that fits; undefined when none does. */
  place(candidates: readonly Box[], crossable = false): Box | undefined {
    const chosen = candidates.find((box) => this.fits(box, crossable));
    if (chosen) this.labels.push(chosen);
    return chosen;
  }
}

/** True when the segment passes through the box (Liang-Barsky clipping). */
export function segmentCrossesBox(x1: number, y1: number, x2: number, y2: number, box: Box): boolean {
  const dx = x2 - x1;
  const dy = y2 - y1;
  let enter = 0;
  let leave = 1;
  const edges: [number, number][] = [
    [-dx, x1 - box.x],
    [dx, box.x + box.width - x1],
    [-dy, y1 - box.y],
    [dy, box.y + box.height - y1],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) enter = Math.max(enter, t);
    else leave = Math.min(leave, t);
    if (enter > leave) return false;
  }
  return true;
}
