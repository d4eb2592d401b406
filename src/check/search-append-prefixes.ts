/**
 * Early dead ends for cells that appends grow (MIT 6.824's key-value histories: get, put, append
 * of strings), a rule beside DeadEnds' own.
 *
 * An append only makes the cell's string longer, so from a cell holding the string s the only
 * strings a read can still see are s followed by more, or what a write (or cas) still to come
 * starts afresh: its string followed by more. A read still to come that observed r is hopeless
 * when s is not a prefix of r and no write or cas left writes a prefix of r. Without this rule
 * the search learns that an order of appends was wrong only at the return of the read that shows
 * another order, after trying every order of what lies between (porcupine's c50-ok: 1.7 million
 * steps instead of 47 thousand).
 *
 * A cell holding a value that is not a string grows from its JSON text, as the cell's append does
 * (nil from ""). A write of nil or of "" starts any string: while one is left, the rule says nothing.
 */
import type { Json } from "../contracts/node";
import { valueKey } from "./model";
import type { InternedStates } from "./search-states";

export class AppendPrefixes {
  /** Per slot, the reads' strings (entry numbers) that its written string is a prefix of. */
  private readonly starts: Int32Array[];
  /** Per entry, how many writes left start it. */
  private readonly startersLeft: Int32Array;
  /** Per slot, 1 for a write that may start any string (see the file comment); how many are left. */
  private readonly startsAny: Uint8Array;
  private startsAnyLeft: number;

  private constructor(
    /** Per entry: the value id of a string some read observed, and that string. */
    private readonly readValue: Int32Array,
    private readonly readText: string[],
    producesValue: Int32Array,
    states: InternedStates,
  ) {
    const slotCount = producesValue.length;
    this.startsAny = new Uint8Array(slotCount);
    this.startersLeft = new Int32Array(readValue.length);
    // Writes by their string, then each read's prefixes of those lengths looked up: set-up grows
    // with reads times distinct lengths written, not reads times writes.
    const writers = new Map<string, number[]>();
    for (let slot = 0; slot < slotCount; slot++) {
      if (producesValue[slot] < 0) continue;
      const written = appendBase(states.stateOf(producesValue[slot]));
      if (written === "") this.startsAny[slot] = 1;
      else writers.set(written, [...(writers.get(written) ?? []), slot]);
    }
    this.startsAnyLeft = this.startsAny.reduce((sum, flag) => sum + flag, 0);
    const started: number[][] = Array.from({ length: slotCount }, () => []);
    const lengths = new Set([...writers.keys()].map((text) => text.length));
    readText.forEach((text, entry) => {
      for (const length of lengths) {
        for (const slot of (length <= text.length && writers.get(text.slice(0, length))) || []) {
          started[slot].push(entry);
          this.startersLeft[entry]++;
        }
      }
    });
    this.starts = started.map((entries) => Int32Array.from(entries));
  }

  /** The rule for one part, or undefined when it has nothing to say (no appends, no string read). */
  static of(readsValue: Int32Array, producesValue: Int32Array, appends: number, states: InternedStates): AppendPrefixes | undefined {
    const strings = [...new Set(readsValue)].filter((value) => value >= 0 && typeof states.stateOf(value) === "string");
    if (appends === 0 || strings.length === 0) return undefined;
    return new AppendPrefixes(Int32Array.from(strings), strings.map((value) => states.stateOf(value) as string), producesValue, states);
  }

  /**
   * A string still to be read (`readersLeft` per value id) that can no longer be read from a
   * cell holding `state`: its value id, or -1 for none.
   */
  hopeless(state: unknown, readersLeft: Int32Array): number {
    if (this.startsAnyLeft > 0) return -1;
    const base = appendBase(state);
    const { readValue, readText, startersLeft } = this;
    for (let entry = 0; entry < readValue.length; entry++) {
      if (startersLeft[entry] === 0 && readersLeft[readValue[entry]] > 0 && !readText[entry].startsWith(base)) return readValue[entry];
    }
    return -1;
  }

  linearize(slot: number): void {
    this.startsAnyLeft -= this.startsAny[slot];
    for (const entry of this.starts[slot]) this.startersLeft[entry]--;
  }

  unlinearize(slot: number): void {
    this.startsAnyLeft += this.startsAny[slot];
    for (const entry of this.starts[slot]) this.startersLeft[entry]++;
  }
}

/** The text an append to a cell holding `value` starts from, as the cell's step has it. */
function appendBase(value: unknown): string {
  return value === null ? "" : typeof value === "string" ? value : valueKey(value as Json);
}
