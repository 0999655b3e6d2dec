// A bound on how many requests of one kind run at once, so that heavy requests (exports, deep OGC pages) keep a share
// of the database pool free for the cheap, common ones.
export class Gate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly max: number,
    /** How many may wait for a slot before newcomers are refused. */
    readonly queueMax = 0,
  ) {}

  get active(): number {
    return this.running;
  }

  /**
   * A slot: resolves with its release function, or with undefined when the gate is full (no slot and no room in the
   * queue) or no slot came free within `waitMs`. Release exactly once.
   */
  async acquire(waitMs = 0): Promise<(() => void) | undefined> {
    if (this.running < this.max) return this.slot();
    if (this.waiting.length >= this.queueMax || waitMs <= 0) return undefined;
    return new Promise((resolve) => {
      const granted = () => {
        clearTimeout(timer);
        resolve(this.slot());
      };
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(granted);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(undefined);
      }, waitMs);
      this.waiting.push(granted);
    });
  }

  private slot(): () => void {
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      const next = this.waiting.shift();
      if (next) next();
    };
  }
}
