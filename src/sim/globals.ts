/**
 * While simulated handlers run, the simulator swaps a few globals for deterministic ones:
 * Math.random draws from a seeded stream, Date.now reads the running node's virtual clock, and
 * real timers refuse with a message that points to ctx.setTimer. Learners who reach for the
 * usual APIs still get reproducible runs, and the harness gets the originals back afterwards.
 * Installs nest (a run inside a test action inside a run), so only the outermost restores.
 */
import type { Rng } from "./random";

export interface GlobalsPatch {
  install(): void;
  uninstall(): void;
}

/** Virtual time 0 shows as this date to code that calls Date.now (2020-01-01, the chapter's story year). */
const EPOCH_MS = Date.UTC(2020, 0, 1);

export function globalsPatch(rng: Rng, localTimeMs: () => number): GlobalsPatch {
  let depth = 0;
  let saved: { random: () => number; now: () => number; timers: Record<string, unknown> } | undefined;
  const g = globalThis as unknown as Record<string, unknown>;
  const timerNames = ["setTimeout", "setInterval", "setImmediate"];
  const refuse = (name: string) => () => {
    throw new Error(`${name} does not exist inside protocol code: use ctx.setTimer(delayMs, timer), so the simulator controls time`);
  };
  return {
    install() {
      if (depth++ > 0) return;
      saved = { random: Math.random, now: Date.now, timers: Object.fromEntries(timerNames.map((name) => [name, g[name]])) };
      Math.random = () => rng.next();
      Date.now = () => Math.floor(EPOCH_MS + localTimeMs());
      for (const name of timerNames) g[name] = refuse(name);
    },
    uninstall() {
      if (--depth > 0 || !saved) return;
      Math.random = saved.random;
      Date.now = saved.now;
      for (const name of timerNames) g[name] = saved.timers[name];
      saved = undefined;
    },
  };
}
