import { describe, expect, it } from 'vitest';
import { Gate } from './gate.ts';

describe('Gate', () => {
  it('refuses beyond max when nothing may wait', async () => {
    const g = new Gate(2);
    const a = await g.acquire();
    const b = await g.acquire();
    expect(a && b).toBeTruthy();
    expect(await g.acquire()).toBeUndefined();
    a!();
    a!(); // a second release is ignored
    expect(g.active).toBe(1);
    expect(await g.acquire()).toBeTruthy();
  });

  it('queues up to queueMax and hands the slot on release; gives up after waitMs', async () => {
    const g = new Gate(1, 1);
    const a = await g.acquire();
    const waiting = g.acquire(1000);
    expect(await g.acquire(1000)).toBeUndefined(); // the queue is full
    a!();
    const b = await waiting;
    expect(b).toBeTruthy();
    expect(g.active).toBe(1);
    const late = await g.acquire(20);
    expect(late).toBeUndefined();
  });
});
