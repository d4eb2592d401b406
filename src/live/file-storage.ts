/**
 * Stable storage for a live node: the simulator's MemoryStorage (same contract: values copied
 * in and out, durable at the moment `put` returns) kept in one JSON file. Every write rewrites
 * the file through a temporary file, fsync and rename, so a process killed at any instant leaves
 * either the old contents or the new ones, never half a file. That is a whole file per write:
 * fine for a teaching cluster's few thousand log entries, not for a database.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { Json } from "../contracts/node";
import { MemoryStorage } from "../sim/storage";

export class FileStorage extends MemoryStorage {
  constructor(path: string, owner: string) {
    super(owner, existsSync(path) ? readStorageFile(path) : {}, (values) => writeAtomically(path, JSON.stringify(Object.fromEntries(values))));
  }
}

function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, "w");
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
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
