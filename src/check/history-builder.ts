/**
 * Histories written by hand, for notebooks and examples: one row per operation, with the client,
 * what it did, and when it was called and answered (null: it never was).
 *
 *   const history = historyOf([
 *     ["c1", put("x", 1), 0, 10],
 *     ["c2", get("x", nil), 20, 30],   // c2 read nothing, after the write had returned
 *   ]);
 */
import type { Json } from "../contracts/node";
import type { History, Operation } from "./history";

export const nil = null;

/** What one operation did: its input, and its output when it was answered. */
export interface Did {
  input: Json;
  output: Json;
}

export const put = (key: string, value: Json): Did => ({ input: { f: "put", key, value }, output: null });
export const get = (key: string, returned: Json): Did => ({ input: { f: "get", key }, output: returned });
export const write = (value: Json): Did => ({ input: { f: "write", value }, output: null });
export const read = (returned: Json): Did => ({ input: { f: "read" }, output: returned });

export type Row = readonly [client: string, did: Did, callMs: number, returnMs: number | null];

export function historyOf(rows: readonly Row[]): History {
  return {
    operations: rows.map(([client, did, callMs, returnMs], id): Operation => {
      if (returnMs === null) return { id, client, input: did.input, status: "info", callMs, returnMs: null };
      return { id, client, input: did.input, status: "ok", callMs, returnMs, output: did.output };
    }),
  };
}
