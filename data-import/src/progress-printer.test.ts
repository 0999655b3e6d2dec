import { describe, expect, it } from 'vitest';
import { progressPrinter } from './progress-printer.ts';

function capture(isTTY: boolean) {
  const writes: string[] = [];
  return { out: { isTTY, write: (s: string) => writes.push(s) }, writes };
}

describe('progressPrinter', () => {
  it('draws a bar with features, features/s and ETA on a terminal', () => {
    const { out, writes } = capture(true);
    const print = progressPrinter('parcels', out);
    print({ phase: 'reading', done: 50_000, total: 200_000, estimated: true, rate: 40_000, eta: 3.75 });
    print({ phase: 'done', done: 200_000, total: 200_000, rate: 41_000 });
    expect(writes[0]).toBe(
      '\rparcels reading    [#####...............]  25% 50,000/~200,000 features, 40,000 features/s, ETA 4 s\u001b[K',
    );
    expect(
      writes[1]!.endsWith('[####################] 100% 200,000/200,000 features, 41,000 features/s\u001b[K\n'),
    ).toBe(true);
  });

  it('writes plain lines, at most every 2 s while reading, when not on a terminal', () => {
    const { out, writes } = capture(false);
    const print = progressPrinter('parcels', out);
    print({ phase: 'reading', done: 1000, total: 3000, rate: 900, eta: 2.2 });
    print({ phase: 'reading', done: 2000, total: 3000, rate: 950, eta: 1.1 });
    print({ phase: 'validating', done: 3000, total: 3000, rate: 1000 });
    expect(writes).toEqual([
      'parcels reading: 1,000/3,000 features, 900 features/s, ETA 2 s\n',
      'parcels validating: 3,000/3,000 features, 1,000 features/s\n',
    ]);
  });
});
