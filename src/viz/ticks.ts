/**
 * "Nice" axis ticks, shared by every picture with an axis: steps of 1, 2 or 5 times a power of
 * ten (0, 250, 500 is not nice; 0, 200, 400 is), never a fraction on an axis of counts, and
 * labels written with as many decimals as the step needs and no more.
 */

export interface Ticks {
  /** The tick values, from `min` to `max` inclusive. */
  values: number[];
  step: number;
  /** The axis range: the data's range widened to whole steps. */
  min: number;
  max: number;
}

export interface TickOptions {
  /** About how many intervals the axis should have (default 5). */
  count?: number;
  /** Integer ticks only (the data are counts): the step is at least 1. */
  integer?: boolean;
}

/** The smallest step of 1, 2 or 5 times a power of ten that is at least `rough`. */
export function niceStep(rough: number, integer = false): number {
  const wanted = Math.max(rough, integer ? 1 : Number.MIN_VALUE);
  const power = 10 ** Math.floor(Math.log10(wanted));
  for (const multiple of [1, 2, 5, 10]) {
    const step = multiple * power;
    if (step >= wanted * (1 - 1e-9)) return integer ? Math.max(1, Math.round(step)) : step;
  }
  return 10 * power;
}

/** Ticks covering [min, max] with a nice step and about `count` intervals. */
export function niceTicks(min: number, max: number, options: TickOptions = {}): Ticks {
  const count = Math.max(1, options.count ?? 5);
  const [low, high] = max > min ? [min, max] : [min, min + (options.integer ? 1 : Math.max(Math.abs(min), 1))];
  const step = niceStep((high - low) / count, options.integer);
  const first = Math.floor(low / step + 1e-9) * step;
  const last = Math.ceil(high / step - 1e-9) * step;
  const values: number[] = [];
  for (let i = 0; first + i * step <= last + step * 1e-9; i++) values.push(roundToStep(first + i * step, step));
  return { values, step, min: values[0], max: values[values.length - 1] };
}

/** Ticks strictly within [min, max] (an axis whose range is fixed, such as a time window). */
export function ticksWithin(min: number, max: number, options: TickOptions = {}): number[] {
  const step = niceStep((max - min) / Math.max(1, options.count ?? 5), options.integer);
  const values: number[] = [];
  for (let i = Math.ceil(min / step - 1e-9); i * step <= max + step * 1e-9; i++) values.push(roundToStep(i * step, step));
  return values;
}

/** A tick label: thousands separated, with the decimals the step needs (0.5 -> "0.5", 2 -> "2"). */
export function formatTick(value: number, step: number): string {
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Removes floating-point dust: 0.1 * 3 is 0.3 on an axis. */
function roundToStep(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  const rounded = Number(value.toFixed(Math.min(12, decimals)));
  return Object.is(rounded, -0) ? 0 : rounded;
}
