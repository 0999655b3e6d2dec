// Small seeded PRNG for the synthetic dataset: sfc32 seeded through a 32-bit string hash (xmur3).
// Same seed → same sequence on every platform; Math.random is never used by the generator.

/** 32-bit hash of a string (xmur3 finaliser); used to derive independent sub-seeds. */
export function hash32(text: string): number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  h = Math.imul(h ^ (h >>> 16), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A sub-seed that depends only on the seed and the given labels, so streams do not shift when others change. */
export function deriveSeed(seed: number | string, ...labels: (string | number)[]): string {
  return `${seed}/${labels.join('/')}`;
}

export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** uniform in [min, max) */
  range(min: number, max: number): number;
  /** integer in [min, max] (both inclusive) */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** picks by non-negative weights */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** approximately normal (Irwin–Hall of 4), mean 0, sd 1 */
  normal(): number;
  /** Fisher–Yates shuffle of a copy */
  shuffled<T>(items: readonly T[]): T[];
}

export function createRng(seed: number | string): Rng {
  const s = String(seed);
  let a = hash32(`a:${s}`);
  let b = hash32(`b:${s}`);
  let c = hash32(`c:${s}`);
  let d = hash32(`d:${s}`) | 1;
  const next = (): number => {
    // sfc32
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // warm up
  const rng: Rng = {
    next,
    range: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('rng.pick: empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      let total = 0;
      for (const [, w] of items) total += w;
      if (items.length === 0 || total <= 0) throw new Error('rng.weighted: no positive weight');
      let r = next() * total;
      for (const [item, w] of items) {
        if (r < w) return item;
        r -= w;
      }
      return (items[items.length - 1] as readonly [T, number])[0];
    },
    normal: () => (next() + next() + next() + next() - 2) * Math.sqrt(3),
    shuffled: <T>(items: readonly T[]): T[] => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = out[i] as T;
        out[i] = out[j] as T;
        out[j] = tmp;
      }
      return out;
    },
  };
  return rng;
}
