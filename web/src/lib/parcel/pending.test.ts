import { describe, expect, it } from 'vitest';
import { parcelRequestsSettled, trackParcelRequest } from './pending.ts';

const later = <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('parcel requests in flight', () => {
  it('settles at once for a parcel with nothing in flight', async () => {
    let done = false;
    void parcelRequestsSettled(54975, '1').then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(true);
  });

  it('waits for every request of the parcel, failed ones included, and not for other parcels', async () => {
    const answer = later<string>();
    const activity = later<string>();
    const other = later<string>();
    expect(trackParcelRequest(54975, '2', answer.promise)).toBe(answer.promise);
    trackParcelRequest('54975', '2', activity.promise);
    trackParcelRequest(54975, '3', other.promise);
    let done = false;
    const settled = parcelRequestsSettled(54975, '2').then(() => (done = true));
    answer.resolve('a');
    await new Promise((r) => setTimeout(r, 0));
    expect(done).toBe(false);
    activity.reject(new Error('offline'));
    await activity.promise.catch(() => undefined);
    await settled;
    expect(done).toBe(true);
    // Settled requests are forgotten.
    let again = false;
    void parcelRequestsSettled(54975, '2').then(() => (again = true));
    await Promise.resolve();
    expect(again).toBe(true);
    other.resolve('o');
  });
});
