/**
 * Silent writes: in a part made only of reads and blind writes (a register, one key of a map
 * with get/put/delete), a write whose value no read ever returned. Where it goes barely matters,
 * yet a plain search tries it at every point of its window, and the orders of many concurrent
 * unread writes are what make histories with many clients explode. So the search never branches
 * on one; when its return is the next deadline (and every read that can go has gone) it settles
 * it in one of two ways, which together lose no linearization:
 *
 *   absorbed   put just before the latest blind write linearized at its own place (not itself
 *              absorbed) that it may precede: neither that write nor any operation linearized
 *              after it at its own place returned before the silent write was called. That
 *              write overwrites it at once, so no state changes, now or later. (Writes absorbed
 *              above it sit just before it too, so they do not constrain the order.)
 *   now        otherwise every valid continuation has it after the operations linearized so far,
 *              and moving it to now is harmless: the next operation of any continuation is a
 *              write (a read of the current value would have gone already, a read of its own
 *              value does not exist), which overwrites it.
 *
 * Absorbing is preferred when possible: a continuation that places the write later works as well
 * without it. Not used when a cas or an append is in the part (a cas sees the state it passes).
 */
import { valueKey, type AnyModel } from "./model";
import type { Layout } from "./linearizability-search";

export class SilentWrites {
  private constructor(
    private readonly silent: Uint8Array,
    private readonly blindWrite: Uint8Array,
    /** Rank of each event in real-time order (calls 2k, returns 2k+1; -1 for none). */
    private readonly eventRank: Int32Array,
  ) {}

  static of(model: AnyModel, layout: Layout, eventRank: Int32Array): SilentWrites | undefined {
    if (!model.stateIsValue) return undefined;
    const meanings = layout.meanings;
    if (meanings.some((meaning) => meaning !== undefined && meaning.kind !== "read" && meaning.kind !== "write")) return undefined;
    const read = new Set<string>();
    for (const meaning of meanings) if (meaning?.kind === "read") read.add(valueKey(meaning.value));
    const silent = new Uint8Array(layout.slotCount);
    const blindWrite = new Uint8Array(layout.slotCount);
    let any = false;
    meanings.forEach((meaning, slot) => {
      if (meaning?.kind !== "write") return;
      blindWrite[slot] = 1;
      if (slot < layout.determinate && !read.has(valueKey(meaning.value))) silent[slot] = 1;
      any ||= silent[slot] === 1;
    });
    return any ? new SilentWrites(silent, blindWrite, eventRank) : undefined;
  }

  isSilent(slot: number): boolean {
    return this.silent[slot] === 1;
  }

  /**
   * Is there a blind write on the stack that `slot` may be put just before? The topmost one not
   * absorbed itself is the only candidate worth checking: it and every operation above it at its
   * own place must not have returned before `slot` was called, and lower writes have more
   * operations above them.
   */
  absorberOnStack(slot: number, stack: Int32Array, absorbed: Uint8Array, depth: number): boolean {
    const called = this.eventRank[2 * slot];
    for (let i = depth - 1; i >= 0; i--) {
      if (absorbed[i] === 1) continue;
      const above = stack[i];
      const returned = this.eventRank[2 * above + 1];
      if (returned !== -1 && returned < called) return false;
      if (this.blindWrite[above] === 1) return true;
    }
    return false;
  }
}
