/**
 * How much work a linearizability check may do. The step budget is the deterministic limit (same
 * history, same budget: same answer on every machine); the time budget is a safety net for slow
 * machines. Running out of either gives the verdict UNKNOWN, never a pass.
 */
export interface BudgetOptions {
  /** Search steps (one step: one operation tried or one backtrack), summed over all parts. */
  stepBudget?: number;
  /** Wall-clock milliseconds for the whole check, read from performance.now(). */
  timeBudgetMs?: number;
  /** Called every few thousand steps with the steps used so far (progress, memory sampling). */
  progress?: (stepsUsed: number) => void;
}

export const DEFAULT_STEP_BUDGET = 50_000_000;
export const DEFAULT_TIME_BUDGET_MS = 30_000;

/** Reading the clock costs more than a step: the search asks again after at most this many steps. */
const STEPS_PER_GRANT = 4096;

export class SearchBudget {
  readonly stepBudget: number;
  readonly timeBudgetMs: number;
  private readonly deadline: number;
  /** Steps taken so far, by every search that shared this budget. */
  stepsUsed = 0;
  private readonly progress: ((stepsUsed: number) => void) | undefined;
  /** Why the budget ran out, once it has. */
  exhausted: string | undefined;

  constructor(options: BudgetOptions = {}) {
    this.stepBudget = options.stepBudget ?? DEFAULT_STEP_BUDGET;
    this.timeBudgetMs = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
    if (!(this.stepBudget >= 0) || !(this.timeBudgetMs >= 0)) throw new Error("stepBudget and timeBudgetMs must be non-negative numbers");
    this.deadline = performance.now() + this.timeBudgetMs;
    this.progress = options.progress;
  }

  /** A budget for one piece of work: at most `stepsMax` steps and whatever time this one has left. */
  slice(stepsMax: number): SearchBudget {
    return new SearchBudget({ stepBudget: Math.max(0, Math.min(stepsMax, this.stepBudget - this.stepsUsed)), timeBudgetMs: Math.max(0, this.deadline - performance.now()), progress: this.progress });
  }

  /**
   * How many more steps the caller may take before asking again; 0 when the budget is spent
   * (then `exhausted` says why). Callers add the steps they took to `stepsUsed`.
   */
  grant(): number {
    this.progress?.(this.stepsUsed);
    if (this.stepsUsed >= this.stepBudget) {
      this.exhausted = `the step budget (stepBudget = ${this.stepBudget}) ran out`;
      return 0;
    }
    if (performance.now() > this.deadline) {
      this.exhausted = `the time budget (timeBudgetMs = ${this.timeBudgetMs}) ran out after ${this.stepsUsed} steps`;
      return 0;
    }
    return Math.min(STEPS_PER_GRANT, this.stepBudget - this.stepsUsed);
  }
}
