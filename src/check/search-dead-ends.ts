/**
 * Early dead ends for models whose state is a single value (registers, one key of a map).
 *
 * A configuration is dead when some read not yet linearized returned a value v, the cell does not
 * hold v now, and every operation that could still put v in the cell is already linearized: that
 * read can never become legal. Without this the search only notices when it reaches the read's
 * return, after exploring every order of everything in between, which is what makes wrong write
 * orders (many concurrent clients) and stale reads deep in a history so expensive.
 *
 * A successful cas counts as a read of `from` (it needs the cell to hold it) and a producer of
 * `to`; a cas of unknown outcome only as a producer; a failed cas as neither. The initial value
 * counts as produced before the start and never again. An append may produce any string, so a
 * string value is doomed only once no append is left; before that, AppendPrefixes knows which
 * strings the cell can still grow into. Operations of unknown meaning switch the pruning off for
 * the part.
 */
import type { Layout } from "./linearizability-search";
import type { Json } from "../contracts/node";
import type { AnyModel } from "./model";
import { AppendPrefixes } from "./search-append-prefixes";
import type { InternedStates } from "./search-states";

export class DeadEnds {
  private readonly readersLeft: Int32Array;
  private readonly producersLeft: Int32Array;
  /** Values with readers left and no producers left: a flag per value and how many are set (no Set in the hot path). */
  private readonly doomed: Uint8Array;
  private doomedCount = 0;
  /** The reading slots of each value, built when first needed. */
  private readers: number[][] | undefined;
  private appendsLeft: number;
  /** The rule for strings that appends grow (see AppendPrefixes), when it applies. */
  private readonly prefixes: AppendPrefixes | undefined;

  private constructor(
    private readonly readsValue: Int32Array,
    private readonly producesValue: Int32Array,
    private readonly appendSlot: Uint8Array,
    private readonly isString: Uint8Array,
    private readonly states: InternedStates,
  ) {
    const valueCount = isString.length;
    this.readersLeft = new Int32Array(valueCount);
    this.producersLeft = new Int32Array(valueCount);
    this.doomed = new Uint8Array(valueCount);
    for (const value of readsValue) if (value >= 0) this.readersLeft[value]++;
    for (const value of producesValue) if (value >= 0) this.producersLeft[value]++;
    this.appendsLeft = appendSlot.reduce((sum, flag) => sum + flag, 0);
    this.prefixes = AppendPrefixes.of(readsValue, producesValue, this.appendsLeft, states);
    for (let value = 0; value < valueCount; value++) if (this.canBeDoomed(value)) this.doom(value);
  }

  /**
   * The tracker for `slots`, with values numbered by `states` (the search's state numbering, so a
   * state's id is its value's id); undefined when the model or an operation does not allow it.
   */
  static of(model: AnyModel, layout: Layout, states: InternedStates): DeadEnds | undefined {
    if (!model.stateIsValue) return undefined;
    const strings = new Set<number>();
    const number = (value: Json) => {
      const id = states.idOf(value);
      if (typeof value === "string") strings.add(id);
      return id;
    };
    let valueCount = number(model.init as Json) + 1;
    const slotCount = layout.slotCount;
    const readsValue = new Int32Array(slotCount).fill(-1);
    const producesValue = new Int32Array(slotCount).fill(-1);
    const appendSlot = new Uint8Array(slotCount);
    for (let slot = 0; slot < slotCount; slot++) {
      const meaning = layout.meanings[slot];
      if (!meaning) continue;
      switch (meaning.kind) {
        case "other":
          return undefined;
        case "append":
          appendSlot[slot] = 1;
          break;
        case "read":
          readsValue[slot] = number(meaning.value);
          break;
        case "write":
          producesValue[slot] = number(meaning.value);
          break;
        case "cas":
          if (meaning.swapped === true) readsValue[slot] = number(meaning.from);
          if (meaning.swapped !== false) producesValue[slot] = number(meaning.to);
          break;
      }
      valueCount = Math.max(valueCount, readsValue[slot] + 1, producesValue[slot] + 1);
    }
    const isString = new Uint8Array(valueCount);
    for (const id of strings) isString[id] = 1;
    return new DeadEnds(readsValue, producesValue, appendSlot, isString, states);
  }

  /** Is the configuration dead, with the cell holding the value numbered `stateId`? */
  isDead(stateId: number): boolean {
    if (this.doomedCount > (stateId < this.doomed.length ? this.doomed[stateId] : 0)) return true;
    return this.appendsLeft > 0 && this.prefixes !== undefined && this.prefixes.hopeless(this.states.stateOf(stateId), this.readersLeft) >= 0;
  }

  /** In a dead configuration: a read that can never become legal (its slot), for explanations. */
  doomedRead(stateId: number, isLinearized: (slot: number) => boolean): number {
    if (!this.readers) {
      this.readers = Array.from({ length: this.readersLeft.length }, () => []);
      this.readsValue.forEach((value, slot) => value >= 0 && (this.readers as number[][])[value].push(slot));
    }
    for (let value = 0; value < this.doomed.length; value++) {
      if (this.doomed[value] === 0 || value === stateId) continue;
      const slot = this.readers[value].find((reader) => !isLinearized(reader));
      if (slot !== undefined) return slot;
    }
    const hopeless = this.appendsLeft > 0 && this.prefixes ? this.prefixes.hopeless(this.states.stateOf(stateId), this.readersLeft) : -1;
    return hopeless < 0 ? -1 : (this.readers[hopeless].find((reader) => !isLinearized(reader)) ?? -1);
  }

  linearize(slot: number): void {
    const read = this.readsValue[slot];
    const produced = this.producesValue[slot];
    if (read >= 0 && --this.readersLeft[read] === 0) this.spare(read);
    if (produced >= 0 && --this.producersLeft[produced] === 0 && this.canBeDoomed(produced)) this.doom(produced);
    if (this.appendSlot[slot] === 1 && --this.appendsLeft === 0) this.doomStrings();
    this.prefixes?.linearize(slot);
  }

  unlinearize(slot: number): void {
    const read = this.readsValue[slot];
    const produced = this.producesValue[slot];
    this.prefixes?.unlinearize(slot);
    if (this.appendSlot[slot] === 1 && this.appendsLeft++ === 0) this.spareStrings();
    if (produced >= 0 && this.producersLeft[produced]++ === 0) this.spare(produced);
    if (read >= 0 && this.readersLeft[read]++ === 0 && this.canBeDoomed(read)) this.doom(read);
  }

  private doom(value: number): void {
    this.doomedCount += 1 - this.doomed[value];
    this.doomed[value] = 1;
  }

  private spare(value: number): void {
    this.doomedCount -= this.doomed[value];
    this.doomed[value] = 0;
  }

  private canBeDoomed(value: number): boolean {
    return this.readersLeft[value] > 0 && this.producersLeft[value] === 0 && (this.isString[value] === 0 || this.appendsLeft === 0);
  }

  /** The last append was linearized: string values can be doomed now (rare: once per descent). */
  private doomStrings(): void {
    for (let value = 0; value < this.isString.length; value++) if (this.isString[value] === 1 && this.canBeDoomed(value)) this.doom(value);
  }

  private spareStrings(): void {
    for (let value = 0; value < this.isString.length; value++) if (this.isString[value] === 1) this.spare(value);
  }
}
