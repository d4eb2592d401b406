/**
 * A storage that loses power: it passes writes on to the storage it wraps until the write
 * numbered `cutAtWrite`, which it refuses by throwing PowerCut, and so every write after it.
 * What was written before the cut stays; the cut write and everything after are lost. A
 * projection built again over the inner storage is the process after the restart.
 *
 * The simulator crashes a node only between two handlers, which never separates two writes of
 * one handler; this storage does, at a chosen write, which is how a test shows that a read
 * model and its checkpoint must be written together.
 */
import type { Json, StableStorage } from "../contracts/node";

export class PowerCut extends Error {
  constructor(readonly write: number) {
    super(`the power went out at write #${write}`);
    this.name = "PowerCut";
  }
}

export class PowerCutStorage implements StableStorage {
  private writes = 0;

  constructor(
    private readonly inner: StableStorage,
    private readonly cutAtWrite: number,
  ) {}

  /** True once the power is out. */
  get cut(): boolean {
    return this.writes >= this.cutAtWrite;
  }

  get<T = Json>(key: string): T | undefined {
    return this.inner.get<T>(key);
  }

  put(key: string, value: Json): void {
    this.write(() => this.inner.put(key, value));
  }

  delete(key: string): void {
    this.write(() => this.inner.delete(key));
  }

  keys(): string[] {
    return this.inner.keys();
  }

  private write(action: () => void): void {
    if (++this.writes >= this.cutAtWrite) throw new PowerCut(this.cutAtWrite);
    action();
  }
}
