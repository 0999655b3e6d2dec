import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
  it('allows the limit per minute, then asks to wait, then refills', () => {
    let now = 0;
    const limiter = new RateLimiter(6, () => now);
    for (let i = 0; i < 6; i++) expect(limiter.take('a').allowed).toBe(true);
    const denied = limiter.take('a');
    expect(denied).toMatchObject({ allowed: false, retryAfter: 10 });
    expect(limiter.take('b').allowed).toBe(true);
    now += 10_000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('counts a batch by its items and refuses one larger than the limit', () => {
    const limiter = new RateLimiter(10, () => 0);
    expect(limiter.take('a', 8).allowed).toBe(true);
    expect(limiter.take('a', 3)).toMatchObject({ allowed: false });
    expect(limiter.take('c', 11)).toMatchObject({ allowed: false, retryAfter: 60 });
  });

  it('is off at 0 and forgets the oldest clients past its capacity', () => {
    expect(new RateLimiter(0).take('a', 1000).allowed).toBe(true);
    const limiter = new RateLimiter(1, () => 0, 2);
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    expect(limiter.take('a').allowed).toBe(true);
  });
});
