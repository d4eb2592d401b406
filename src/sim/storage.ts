/**
 * Stable storage for one simulated node: survives crashes, copies values in and out (a write
 * is durable at the moment of `put`, like a write followed by fsync). The live host's
 * FileStorage is this with every write also flushed to a file (`persist`).
 */
import type { Json, StableStorage } from "../contracts/node";
import { copyJson } from "./json-copy";

export class MemoryStorage implements StableStorage {
  private readonly values: Map<string, Json>;
  /** Number of `put`/`delete` calls, for message and I/O budgets in tests. */
  writes = 0;

  constructor(
    private readonly owner: string,
    initial: Record<string, Json> = {},
    /** Called after every change with everything stored, to make it durable elsewhere. */
    private readonly persist?: (values: ReadonlyMap<string, Json>) => void,
  ) {
    this.values = new Map(Object.entries(initial));
  }

  get<T = Json>(key: string): T | undefined {
    const value = this.values.get(key);
    return value === undefined ? undefined : (copyJson(value, "a stored value") as T);
  }

  put(key: string, value: Json): void {
    if (value === undefined) throw new TypeError(`${this.owner}: storage.put("${key}", undefined); use storage.delete("${key}") instead`);
    this.values.set(key, copyJson(value, `the value ${this.owner} stored under "${key}"`));
    this.writes++;
    this.persist?.(this.values);
  }

  delete(key: string): void {
    this.values.delete(key);
    this.writes++;
    this.persist?.(this.values);
  }

  keys(): string[] {
    return [...this.values.keys()];
  }
}
