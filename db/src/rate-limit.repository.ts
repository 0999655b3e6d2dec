// Per-client rate limits counted in PostgreSQL (issue 14: app instances share nothing but the database), so that two
// instances behind one proxy enforce one limit. A fixed window per key, as express-rate-limit's own memory store
// counts: the first hit opens a window of `windowMs`, later hits add to it until it ends. The clock is the database's,
// the same for every instance.
//
// Every hit is one row upserted on the primary before the request goes on, so the count is exact across instances.
// Hits that arrive while a statement is out are sent together in the next one (one upsert of many keys, each key's
// hits summed), as the parcel lookups are batched: under a crowd the limiter costs one statement per round trip,
// not one per request. Keys are upserted in sorted order, so concurrent batches of two instances never deadlock.
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Queryable } from './connect.ts';

const UPSERT = `
INSERT INTO rate_limit_hits AS h (key, hits, reset_at)
SELECT u.key, u.n, now() + make_interval(secs => $3::float8 / 1000)
FROM unnest($1::text[], $2::int[]) AS u(key, n)
ORDER BY u.key
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN h.reset_at <= now() THEN excluded.hits ELSE h.hits + excluded.hits END,
  reset_at = CASE WHEN h.reset_at <= now() THEN excluded.reset_at ELSE h.reset_at END
RETURNING key, hits, (extract(epoch FROM reset_at) * 1000)::float8 AS reset_ms`;

export interface RateHit {
  /** Hits of this key in its window, this one included. */
  hits: number;
  /** When the window ends (ms since the epoch, the database's clock). */
  resetAt: number;
}

interface Pending {
  key: string;
  cost: number;
  resolve(hit: RateHit): void;
  reject(err: unknown): void;
}

export interface RateLimitCounterOptions {
  /** Statements at once (connections the counter may hold). */
  slots?: number;
  /** Keys in one statement at most. */
  maxBatch?: number;
  /** A hit not counted within this time is rejected (the caller decides: the limiter lets the request pass). */
  timeoutMs?: number;
  /** How often windows that ended are deleted. */
  sweepMs?: number;
}

/** The shared counter: one per database connection set, used by the store of every route family. */
export class RateLimitCounter {
  /** Waiting hits by window length. */
  private readonly waiting = new Map<number, Pending[]>();
  private inFlight = 0;
  private readonly slots: number;
  private readonly maxBatch: number;
  private readonly timeoutMs: number;
  private readonly sweeper: NodeJS.Timeout;
  /** Statements run and hits counted, for tests and diagnostics. */
  statements = 0;
  counted = 0;

  constructor(
    private readonly db: Queryable,
    opts: RateLimitCounterOptions = {},
  ) {
    this.slots = opts.slots ?? 1;
    this.maxBatch = opts.maxBatch ?? 500;
    this.timeoutMs = opts.timeoutMs ?? 2_000;
    this.sweeper = setInterval(() => void this.sweep().catch(() => undefined), opts.sweepMs ?? 60_000);
    this.sweeper.unref();
  }

  /** Counts `cost` hits of `key` in a window of `windowMs`; resolves with the key's count, this hit included. */
  hit(key: string, windowMs: number, cost = 1): Promise<RateHit> {
    return new Promise<RateHit>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`rate limit store: no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      timer.unref();
      const list = this.waiting.get(windowMs) ?? [];
      this.waiting.set(windowMs, list);
      list.push({
        key,
        cost,
        resolve: (h) => (clearTimeout(timer), resolve(h)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.slots) {
      const next = this.waiting.entries().next();
      if (next.done) return;
      const [windowMs, list] = next.value;
      const batch = this.take(list);
      if (list.length === 0) this.waiting.delete(windowMs);
      this.inFlight++;
      this.run(windowMs, batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /** Up to maxBatch distinct keys from the head of `list` (all their waiting hits). */
  private take(list: Pending[]): Pending[] {
    const keys = new Set<string>();
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const p of list) {
      if (keys.has(p.key) || keys.size < this.maxBatch) {
        keys.add(p.key);
        batch.push(p);
      } else rest.push(p);
    }
    list.splice(0, list.length, ...rest);
    return batch;
  }

  private async run(windowMs: number, batch: Pending[]): Promise<void> {
    const sums = new Map<string, number>();
    for (const p of batch) sums.set(p.key, (sums.get(p.key) ?? 0) + p.cost);
    try {
      const { rows } = await this.db.query<{ key: string; hits: number; reset_ms: number }>(UPSERT, [
        [...sums.keys()],
        [...sums.values()],
        windowMs,
      ]);
      this.statements++;
      this.counted += batch.length;
      // Each key's hits of this batch take the last numbers of its count, in arrival order.
      const seen = new Map<string, number>();
      const byKey = new Map(rows.map((r) => [r.key, r]));
      for (const p of batch) {
        const row = byKey.get(p.key);
        if (!row) {
          p.reject(new Error(`rate limit store: no count for ${p.key}`));
          continue;
        }
        const before = seen.get(p.key) ?? 0;
        seen.set(p.key, before + p.cost);
        p.resolve({ hits: row.hits - sums.get(p.key)! + before + p.cost, resetAt: row.reset_ms });
      }
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  /** The key's count in its current window, if it has one. */
  async get(key: string): Promise<RateHit | undefined> {
    const { rows } = await this.db.query<{ hits: number; reset_ms: number }>(
      `SELECT hits, (extract(epoch FROM reset_at) * 1000)::float8 AS reset_ms FROM rate_limit_hits
       WHERE key = $1 AND reset_at > now()`,
      [key],
    );
    return rows[0] ? { hits: rows[0].hits, resetAt: rows[0].reset_ms } : undefined;
  }

  /** Takes one hit back (express-rate-limit's skipFailedRequests and the like). */
  async decrement(key: string): Promise<void> {
    await this.db.query(`UPDATE rate_limit_hits SET hits = hits - 1 WHERE key = $1 AND hits > 0`, [key]);
  }

  /** Gives `cost` hits of `key` back (a request refused after its hits were counted), never below zero. */
  async refund(key: string, cost: number): Promise<void> {
    await this.db.query(`UPDATE rate_limit_hits SET hits = greatest(hits - $2, 0) WHERE key = $1`, [key, cost]);
  }

  /** Forgets one key, or every key starting with `prefix`. */
  async reset(key: string, prefix = false): Promise<void> {
    if (prefix) await this.db.query(`DELETE FROM rate_limit_hits WHERE starts_with(key, $1)`, [key]);
    else await this.db.query(`DELETE FROM rate_limit_hits WHERE key = $1`, [key]);
  }

  /** Deletes the windows that ended. */
  async sweep(): Promise<number> {
    const { rowCount } = await this.db.query(`DELETE FROM rate_limit_hits WHERE reset_at <= now()`);
    return rowCount;
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}

/**
 * express-rate-limit's Store over the shared counter, for one route family (`prefix` keeps families apart).
 * `localKeys: false`: the count is shared by every instance using the same database.
 */
export class PgRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly counter: RateLimitCounter,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const hit = await this.counter.get(this.prefix + key);
    return hit && { totalHits: hit.hits, resetTime: new Date(hit.resetAt) };
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const hit = await this.counter.hit(this.prefix + key, this.windowMs);
    return { totalHits: hit.hits, resetTime: new Date(hit.resetAt) };
  }

  async decrement(key: string): Promise<void> {
    await this.counter.decrement(this.prefix + key);
  }

  async resetKey(key: string): Promise<void> {
    await this.counter.reset(this.prefix + key);
  }

  async resetAll(): Promise<void> {
    await this.counter.reset(this.prefix, true);
  }

  shutdown(): void {
    // The counter is shared by every family's store; its owner closes it.
  }
}
