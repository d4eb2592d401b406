/**
 * A history's operations as labels on a space-time diagram: each one on its client's lane, at
 * the moment its answer arrived, in the model's words ("write(\"B\")", "read() -> \"C\""), so a
 * picture of the messages also says what each client saw. A refused operation is marked
 * "refused", one that got no answer "no answer" at the moment it was called.
 *
 *   spaceTimeDiagram(run.events, { eventLabels: operationLabels(run.history.operations, "register") });
 */
import { knownOutput, type Operation } from "../check/history";
import type { AnyModel } from "../check/model";
import { modelNamed } from "../check/models";
import type { EventLabel } from "./space-time";

export function operationLabels(operations: readonly Operation<unknown, unknown>[], model: AnyModel | string): EventLabel[] {
  const words = typeof model === "string" ? modelNamed(model) : model;
  return operations.map((op) => {
    const described = words.describe(op.input, knownOutput(op));
    if (op.status === "ok") return { node: op.client, t: op.returnMs as number, text: described };
    // Without an answer there is no "-> value" to show.
    const asked = described.replace(/ -> \?$/, "");
    if (op.status === "fail") return { node: op.client, t: op.returnMs ?? op.callMs, text: `${asked} refused` };
    return { node: op.client, t: op.callMs, text: `${asked}: no answer` };
  });
}
