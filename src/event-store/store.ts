/**
 * The course's event store: streams of events with optimistic concurrency, a global log in
 * append order, and snapshots, kept in a StableStorage (a simulated node's ctx.storage, or a
 * MemoryStorage in tests and notebooks). It is what EventStoreDB or a Postgres events table
 * offers, reduced to its contract (src/contracts/event-sourcing.ts).
 *
 * Layout: "es:head" (the last position), "es:e:<position>" (each event), "es:s:<stream>" (the
 * positions of the stream's events), "es:snap:<stream>". An append writes several keys; in the
 * simulator a handler's writes are atomic with respect to crashes, as a database transaction's
 * would be.
 */
import type { Json, StableStorage } from "../contracts/node";
import { ConcurrencyError, CURRENT_SCHEMA, type EventStoreApi, type NewEvent, type RecordedEvent, type Snapshot } from "../contracts/event-sourcing";

const HEAD = "es:head";
const EVENT = "es:e:";
const STREAM = "es:s:";
const SNAPSHOT = "es:snap:";

export class EventStore implements EventStoreApi {
  /** Events handed out by readStream, for tests that check how much loading reads. */
  eventsRead = 0;

  constructor(private readonly storage: StableStorage) {}

  append(stream: string, events: NewEvent[], expectedVersion: number): { version: number; position: number } {
    const positions = this.positions(stream);
    if (expectedVersion !== positions.length) throw new ConcurrencyError(stream, expectedVersion, positions.length);
    let head = this.head();
    for (const event of events) {
      head++;
      const recorded: RecordedEvent = { stream, version: positions.length + 1, position: head, type: event.type, schema: event.schema ?? CURRENT_SCHEMA, data: event.data };
      this.storage.put(EVENT + head, recorded as unknown as Json);
      positions.push(head);
    }
    this.storage.put(STREAM + stream, positions);
    this.storage.put(HEAD, head);
    return { version: positions.length, position: head };
  }

  readStream(stream: string, fromVersion = 1): RecordedEvent[] {
    const events = this.positions(stream)
      .slice(Math.max(0, fromVersion - 1))
      .map((position) => this.event(position));
    this.eventsRead += events.length;
    return events;
  }

  readAll(fromPosition: number, maxCount = Infinity): RecordedEvent[] {
    const out: RecordedEvent[] = [];
    for (let position = Math.max(1, fromPosition); position <= this.head() && out.length < maxCount; position++) out.push(this.event(position));
    return out;
  }

  version(stream: string): number {
    return this.positions(stream).length;
  }

  head(): number {
    return this.storage.get<number>(HEAD) ?? 0;
  }

  /** Every stream's name, in the order they were created. */
  streams(): string[] {
    return this.storage
      .keys()
      .filter((key) => key.startsWith(STREAM))
      .map((key) => key.slice(STREAM.length))
      .sort((a, b) => this.positions(a)[0] - this.positions(b)[0]);
  }

  saveSnapshot(stream: string, snapshot: Snapshot): void {
    this.storage.put(SNAPSHOT + stream, snapshot as unknown as Json);
  }

  loadSnapshot(stream: string): Snapshot | undefined {
    return this.storage.get<Snapshot>(SNAPSHOT + stream);
  }

  private positions(stream: string): number[] {
    return this.storage.get<number[]>(STREAM + stream) ?? [];
  }

  private event(position: number): RecordedEvent {
    return this.storage.get<RecordedEvent>(EVENT + position) as RecordedEvent;
  }
}
