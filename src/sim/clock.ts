/**
 * A node's own clock. Real clocks are set wrong (skew) and run at the wrong speed (drift):
 * NTP keeps them within milliseconds on a good day and within seconds on a bad one. The
 * chapter's example has three servers 767 ms and 1.3 s apart.
 *
 * local(t) = localAtBase + (t - virtualAtBase) * (1 + driftRate), with t the virtual time.
 * Changing the skew or drift mid-run re-bases the clock, so it jumps by exactly the new skew
 * and never runs backwards on its own.
 */
export class NodeClock {
  private virtualAtBase = 0;
  private localAtBase: number;

  constructor(
    skewMs = 0,
    /** Fraction the clock runs fast (0.001 = 1 ms per second fast; negative runs slow). */
    private driftRate = 0,
  ) {
    this.localAtBase = skewMs;
  }

  /** Local time at virtual time `virtualMs`. */
  localAt(virtualMs: number): number {
    return this.localAtBase + (virtualMs - this.virtualAtBase) * (1 + this.driftRate);
  }

  /** Virtual milliseconds that pass while this clock advances `localMs`. */
  virtualDuration(localMs: number): number {
    return localMs / (1 + this.driftRate);
  }

  /** Jump the clock by `jumpMs` and set its drift, from virtual time `virtualMs` on. */
  adjust(virtualMs: number, jumpMs: number, driftRate: number): void {
    if (!(driftRate > -1)) throw new RangeError(`driftRate must be above -1, got ${driftRate}`);
    this.localAtBase = this.localAt(virtualMs) + jumpMs;
    this.virtualAtBase = virtualMs;
    this.driftRate = driftRate;
  }

  get drift(): number {
    return this.driftRate;
  }

  /** Current offset from virtual time at `virtualMs`. */
  skewAt(virtualMs: number): number {
    return this.localAt(virtualMs) - virtualMs;
  }
}
