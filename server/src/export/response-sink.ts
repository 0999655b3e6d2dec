// Writes a long response with back-pressure: after a write the socket did not take, wait for 'drain' before producing
// more; a reader that takes nothing for `stallMs` is cut off; a reader that went away stops the producer.
import type { ServerResponse } from 'node:http';

export class ResponseSink {
  private gone = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly res: ServerResponse,
    private readonly stallMs: number,
  ) {
    res.once('close', () => {
      this.gone = true;
      this.wake?.();
    });
  }

  /** True while the client is still there: the producer checks it before each database page. */
  get open(): boolean {
    return !this.gone && !this.res.destroyed;
  }

  /** Writes `chunk`; resolves true when more may be written, false when the client is gone or stalled (then stop). */
  async write(chunk: string | Uint8Array): Promise<boolean> {
    if (!this.open) return false;
    if (this.res.write(chunk)) return true;
    return new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.res.off('drain', drained);
        this.wake = undefined;
        resolve(ok);
      };
      const drained = () => done(this.open);
      const timer = setTimeout(() => {
        // Stalled: the reader took nothing for stallMs; drop the connection and free what the response holds.
        this.res.destroy();
        done(false);
      }, this.stallMs);
      this.res.on('drain', drained);
      this.wake = () => done(false);
    });
  }

  end(chunk?: string | Uint8Array): void {
    if (this.open) this.res.end(chunk);
  }

  /** Ends a response whose headers are gone: the client sees a cut connection, never a complete-looking file. */
  abort(): void {
    this.res.destroy();
  }
}
