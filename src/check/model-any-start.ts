/**
 * A register-like model that starts holding "anything": what the part of a history before a cut
 * may have left in the cell, whatever it was. More permissive than the model itself, so a set of
 * operations that cannot be ordered even from "anything" cannot be ordered after any past. The
 * shrinker uses it to cut old operations off an explanation ("whatever the register held at t=90,
 * these operations cannot be put in one order").
 */
import { type AnyModel } from "./model";

/** The state before the first operation after a cut: any value at all. */
const ANYTHING = Symbol("anything");

export function startingFromAnything(model: AnyModel): AnyModel | undefined {
  if (!model.stateIsValue) return undefined;
  return {
    ...model,
    init: ANYTHING,
    // Pruning by values assumes a known start: off.
    stateIsValue: false,
    // From "anything", a read of 3 leaves the cell known to hold 3: not observe-only. From a known value it is.
    observingChangesState: (state) => state === ANYTHING,
    step(state, input, output) {
      if (state !== ANYTHING) return model.step(state, input, output);
      const meaning = model.meaning(input, output);
      if (meaning.kind === "read" || meaning.kind === "write") return meaning.value;
      if (meaning.kind === "cas" && meaning.swapped === true) return meaning.to;
      // A cas that failed or may have, an append: the cell still holds something we cannot name.
      return ANYTHING;
    },
    stateKey: (state) => (state === ANYTHING ? "*" : model.stateKey(state)),
    describeState: (state) => (state === ANYTHING ? "whatever it held before" : model.describeState(state)),
  };
}
