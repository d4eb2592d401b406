/**
 * Stable storage for the live services: the simulator's MemoryStorage (same contract) kept in an
 * append-only journal, one JSON line per put or delete. FileStorage rewrites the whole file on
 * every write, which costs a service with a thousand orders about 10 ms a write; appending costs
 * the size of the value written.
 *
 * What it survives: kill -9 of the process, the fault the services are tested against. A line is
 * one write() to the kernel, which keeps it whatever happens to the process; a kill in the middle
 * of that write leaves a last line without its newline, which the next boot drops (its put never
 * returned). There is no fsync, so a power cut of the machine may lose the last writes: Kafka's
 * brokers make the same bet by default (no fsync per message). At boot, and whenever the journal
 * has grown to several times the live data, it is rewritten as one line per key (a temporary
 * file and a rename, so a kill during it leaves the old journal or the new one).
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { Json } from "../contracts/node";
import { MemoryStorage } from "../sim/storage";

/** Rewrite the journal once it holds this many times the bytes of the live data (and at least the floor). */
const COMPACT_FACTOR = 4;
const COMPACT_FLOOR_BYTES = 1 << 20;

type Entry = { key: string; value: Json } | { key: string; deleted: true };

export class JournalStorage extends MemoryStorage {
  private fd: number;
  private journalBytes = 0;
  private liveBytes = 0;

  constructor(
    private readonly path: string,
    owner: string,
  ) {
    super(owner, existsSync(path) ? replay(path) : {});
    mkdirSync(dirname(path), { recursive: true });
    this.fd = this.compact();
  }

  override put(key: string, value: Json): void {
    super.put(key, value);
    this.append({ key, value });
  }

  override delete(key: string): void {
    super.delete(key);
    this.append({ key, deleted: true });
  }

  private append(entry: Entry): void {
    const line = JSON.stringify(entry) + "\n";
    writeSync(this.fd, line);
    this.journalBytes += Buffer.byteLength(line);
    if (this.journalBytes > Math.max(COMPACT_FLOOR_BYTES, COMPACT_FACTOR * this.liveBytes)) {
      closeSync(this.fd);
      this.fd = this.compact();
    }
  }

  /** Write one line per stored key to a new journal, put it in place, and open it for appending. */
  private compact(): number {
    const text = this.keys().map((key) => JSON.stringify({ key, value: this.get(key) as Json }) + "\n").join("");
    const temporary = `${this.path}.tmp`;
    const fd = openSync(temporary, "w");
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
    this.liveBytes = this.journalBytes = Buffer.byteLength(text);
    return openSync(this.path, "a");
  }
}

/** The stored values a journal describes; a last line cut short by a kill is dropped. */
function replay(path: string): Record<string, Json> {
  const values: Record<string, Json> = {};
  const lines = readFileSync(path, "utf8").split("\n");
  lines.pop(); // after the last newline: empty, or a line whose write was cut short
  lines.forEach((line, i) => {
    let entry: Entry;
    try {
      entry = JSON.parse(line) as Entry;
    } catch {
      throw new Error(`cannot read the journal ${path}: line ${i + 1} is not JSON. Delete it to start this service afresh.`);
    }
    if ("deleted" in entry) delete values[entry.key];
    else values[entry.key] = entry.value;
  });
  return values;
}
