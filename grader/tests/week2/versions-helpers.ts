/** Typed access to the versions exercise, shared by its visible and hidden tests (no answers here). */
import type { StoredVersion } from "../../../src/contracts/kv";
import type { Json } from "../../../src/contracts/node";
import type { TestContext } from "../../api";

type Versioning = "vector" | "lww";
export type Clock = { [node: string]: number };
export type Stamp = { t: number; node: string };

export const supersededByOf = (ctx: TestContext) => ctx.exported<(a: Json, b: Json, v: Versioning) => boolean>("supersededBy");
export const mergeVersionsOf = (ctx: TestContext) => ctx.exported<(a: readonly StoredVersion[], b: readonly StoredVersion[], v: Versioning) => StoredVersion[]>("mergeVersions");
export const contextOfOf = (ctx: TestContext) => ctx.exported<(versions: readonly StoredVersion[], v: Versioning) => Json>("contextOf");
export const nextVersionOf = (ctx: TestContext) => ctx.exported<(context: Json, node: string, counter: number, v: Versioning) => Json>("nextVersion");
export const sameVersionsOf = (ctx: TestContext) => ctx.exported<(a: readonly StoredVersion[], b: readonly StoredVersion[]) => boolean>("sameVersions");
