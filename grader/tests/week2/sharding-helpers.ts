/** Typed access to the sharding exercise's exports. */
import type { DirectoryRouterApi, HashRouterApi, KeyMove, RangeRouterApi } from "../../../src/contracts/sharding";
import type { TestContext } from "../../api";

export const rangeRouterOf = (ctx: TestContext) => ctx.exported<new (shards: string[], splitKeys: string[]) => RangeRouterApi>("RangeRouter");
export const hashRouterOf = (ctx: TestContext) => ctx.exported<new (shards: string[]) => HashRouterApi>("HashRouter");
export const directoryRouterOf = (ctx: TestContext) => ctx.exported<new (shards: string[]) => DirectoryRouterApi>("DirectoryRouter");
export const planMovesOf = (ctx: TestContext) =>
  ctx.exported<(keys: readonly string[], before: (key: string) => string, after: (key: string) => string) => KeyMove[]>("planMoves");

/** Random lowercase keys of 1 to 6 letters, so ranges split meaningfully. */
export function randomWords(ctx: TestContext, count: number): string[] {
  return Array.from({ length: count }, () => Array.from({ length: ctx.rng.int(1, 6) }, () => String.fromCharCode(97 + ctx.rng.int(0, 25))).join(""));
}
