/**
 * Stable storage for a live node: the same contract as the simulator's MemoryStorage (values
 * copied in and out, durable at the moment `put` returns), kept in one JSON file. Every write
 * rewrites the file through a temporary file, fsync and rename, so a process killed at any
 * instant leaves either the old contents or the new ones, never half a file. That is a whole
 * file per write: fine for a teaching cluster's few thousand log entries, not for a database.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { Json, StableStorage } from "../contracts/node";
import { copyJson } from "../sim/json-copy";

export class FileStorage implements StableStorage {
  private readonly values: Map<string, Json>;

  constructor(
    private readonly path: string,
    private readonly owner: string,
  ) {
    this.values = new Map(existsSync(path) ? Object.entries(readStorageFile(path)) : []);
  }

  get<T = Json>(key: string): T | undefined {
    const value = this.values.get(key);
    return value === undefined ? undefined : (copyJson(value, "a stored value") as T);
  }

  put(key: string, value: Json): void {
    if (value === undefined) throw new TypeError(`${this.owner}: storage.put("${key}", undefined); use storage.delete("${key}") instead`);
    this.values.set(key, copyJson(value, `the value ${this.owner} stored under "${key}"`));
    this.flush();
  }

  delete(key: string): void {
    if (this.values.delete(key)) this.flush();
  }

  keys(): string[] {
    return [...this.values.keys()];
  }

  private flush(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    const fd = openSync(temporary, "w");
    try {
      writeSync(fd, JSON.stringify(Object.fromEntries(this.values)));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
  }
}

function readStorageFile(path: string): Record<string, Json> {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as unknown;
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not a JSON object");
    return parsed as Record<string, Json>;
  } catch (error) {
    throw new Error(`cannot read the stable storage file ${path}: ${(error as Error).message}. Delete it to start this node afresh.`);
  }
}
