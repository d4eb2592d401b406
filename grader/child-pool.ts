/**
 * A few grader children shared by the exercises of a run, or by many runs at once (the
 * self-tests grade dozens of mutants, batch mode a class of submissions): each child is started
 * once and reused, so a run pays the start-up (about half a second) per child, not per file.
 * Children start as soon as the pool exists, while the parent type-checks.
 */
import { ChildRunner, type ChildLimits } from "./child-runner";

export class ChildPool {
  private readonly runners: ChildRunner[];
  private readonly idle: ChildRunner[];
  private readonly waiting: ((runner: ChildRunner) => void)[] = [];

  constructor(root: string, limits: ChildLimits, size: number) {
    this.runners = Array.from({ length: Math.max(1, size) }, () => new ChildRunner(root, limits));
    this.idle = [...this.runners];
    for (const runner of this.runners) runner.warmUp();
  }

  /** Run `work` with a child of its own, waiting for one to be free. */
  async use<T>(work: (runner: ChildRunner) => Promise<T>): Promise<T> {
    const runner = this.idle.pop() ?? (await new Promise<ChildRunner>((resolve) => this.waiting.push(resolve)));
    try {
      return await work(runner);
    } finally {
      const next = this.waiting.shift();
      if (next) next(runner);
      else this.idle.push(runner);
    }
  }

  close(): void {
    for (const runner of this.runners) runner.close();
  }
}
