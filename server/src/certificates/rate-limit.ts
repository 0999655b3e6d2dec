// A token bucket per client: `perMinute` tokens, refilled continuously. Issuing a certificate takes one token, a
// batch one per item. In memory, per process: enough for one Atlas server; behind several, put a limit in the proxy.
export interface RateDecision {
  allowed: boolean;
  /** Seconds until the request would be allowed (0 when allowed). */
  retryAfter: number;
  remaining: number;
}

export class RateLimiter {
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
