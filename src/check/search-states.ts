/**
 * The model states the linearizability search meets, interned to small integers: primitive states
 * (a register's value, a kv key's string) by the value itself, with no key text per step; objects
 * by their stateKey. (A primitive and an object are never equal states.) For models whose state
 * is the value, DeadEnds numbers values the same way, and reads a value back by its id.
 */
import type { AnyModel } from "./model";

export class InternedStates {
  private readonly primitiveIds = new Map<unknown, number>();
  private readonly objectIds = new Map<string, number>();
  private readonly states: unknown[] = [];

  constructor(private readonly model: AnyModel) {}

  /** The id of `state`, numbering it if new. */
  idOf(state: unknown): number {
    const isObject = state !== null && typeof state === "object";
    const key = isObject ? this.model.stateKey(state) : state;
    const ids: Map<unknown, number> = isObject ? this.objectIds : this.primitiveIds;
    let id = ids.get(key);
    if (id === undefined) {
      id = this.states.length;
      this.states.push(state);
      ids.set(key, id);
    }
    return id;
  }

  /** The state numbered `id`. */
  stateOf(id: number): unknown {
    return this.states[id];
  }
}
