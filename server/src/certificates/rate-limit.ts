// How many certificates one client may issue per minute; a batch counts one per item, and a batch larger than the
// limit is refused whole. Two implementations with one interface:
// - SharedRateLimiter (what the server uses): counted in PostgreSQL through the app's shared counter
//   (db/src/rate-limit.repository.ts), a fixed window of a minute per client, so that every app instance on the same
//   database enforces one limit (issue 14: instances share nothing but the database);
// - RateLimiter: a token bucket in this process's memory, for a server run with ATLAS_RATE_LIMITS=off (tests, benches).
import type { RateLimitCounter } from '../../../db/src/rate-limit.repository.ts';

export interface CertificateRateLimit {
  readonly perMinute: number;
  take(client: string, cost?: number): RateDecision | Promise<RateDecision>;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the request would be allowed (0 when allowed). */
  retryAfter: number;
  remaining: number;
}

export class RateLimiter implements CertificateRateLimit {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #perMs: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxClients = 10_000,
  ) {
    this.#perMs = perMinute / 60_000;
  }

  get enabled(): boolean {
    return this.perMinute > 0;
  }

  take(client: string, cost = 1): RateDecision {
    if (!this.enabled) return { allowed: true, retryAfter: 0, remaining: Infinity };
    const now = this.now();
    const bucket = this.#buckets.get(client) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.#perMs);
    bucket.at = now;
    this.#buckets.delete(client);
    this.#buckets.set(client, bucket); // most recently used last
    this.#evict();
    if (cost > this.perMinute) {
      return { allowed: false, retryAfter: 60, remaining: Math.floor(bucket.tokens) };
    }
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { allowed: true, retryAfter: 0, remaining: Math.floor(bucket.tokens) };
    }
    return {
      allowed: false,
      retryAfter: Math.max(1, Math.ceil((cost - bucket.tokens) / this.#perMs / 1000)),
      remaining: Math.floor(bucket.tokens),
    };
  }

  #evict(): void {
    while (this.#buckets.size > this.maxClients) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest === undefined) break;
      this.#buckets.delete(oldest);
    }
  }
}

/** The limit counted in PostgreSQL: one per client for every instance on the database. */
export class SharedRateLimiter implements CertificateRateLimit {
  static readonly WINDOW_MS = 60_000;

  constructor(
    readonly perMinute: number,
    private readonly counter: RateLimitCounter,
    private readonly onStoreError: (err: unknown) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  async take(client: string, cost = 1): Promise<RateDecision> {
    if (this.perMinute <= 0) return { allowed: true, retryAfter: 0, remaining: Infinity };
    if (cost > this.perMinute) return { allowed: false, retryAfter: 60, remaining: 0 };
    const key = `certificates:${client}`;
    let hit;
    try {
      hit = await this.counter.hit(key, SharedRateLimiter.WINDOW_MS, cost);
    } catch (err) {
      // The store did not answer: let the request go on (issuing needs the database anyway, and fails clearly if it
      // is down), as the route families' limits do.
      this.onStoreError(err);
      return { allowed: true, retryAfter: 0, remaining: 0 };
    }
    if (hit.hits <= this.perMinute) return { allowed: true, retryAfter: 0, remaining: this.perMinute - hit.hits };
    // Refused: these items are not issued, so they do not count against the client.
    await this.counter.refund(key, cost).catch(this.onStoreError);
    const retryAfter = Math.min(60, Math.max(1, Math.ceil((hit.resetAt - this.now()) / 1000)));
    return { allowed: false, retryAfter, remaining: Math.max(0, this.perMinute - (hit.hits - cost)) };
  }
}
