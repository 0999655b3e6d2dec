import { describe, expect, it } from 'vitest';
import { dbFaultOf, DbState } from './db-faults.ts';

describe('dbFaultOf', () => {
  it('calls a refused, terminated or shut-down server unavailable', () => {
    expect(dbFaultOf(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(
      'unavailable',
    );
    expect(dbFaultOf(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
    expect(
      dbFaultOf(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })),
    ).toBe('unavailable');
    expect(dbFaultOf(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(
      'unavailable',
    );
    expect(dbFaultOf(new Error('timeout exceeded when trying to connect'))).toBe('unavailable');
    expect(dbFaultOf(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], ''))).toBe(
      'unavailable',
    );
  });

  it('calls a statement timeout and a client read timeout a timeout', () => {
    expect(dbFaultOf(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }))).toBe(
      'timeout',
    );
    expect(dbFaultOf(new Error('Query read timeout'))).toBe('timeout');
  });

  it('leaves other errors alone', () => {
    expect(dbFaultOf(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBeUndefined();
    expect(dbFaultOf(new TypeError('x is undefined'))).toBeUndefined();
    expect(dbFaultOf(undefined)).toBeUndefined();
    expect(dbFaultOf('Connection terminated')).toBeUndefined();
  });
});

describe('DbState', () => {
  it('reports each change once: down on the first fault, up on the first success', () => {
    const changes: boolean[] = [];
    let now = 0;
    const state = new DbState(
      (up) => changes.push(up),
      1_000,
      () => now,
    );
    const refused = Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    for (let i = 0; i < 100; i++) state.saw(refused);
    expect(state.up).toBe(false);
    state.saw(new Error('a bug, not a fault'));
    // Statements that finished as the server went away: still down.
    now = 500;
    state.ok();
    expect(state.up).toBe(false);
    now = 1_500;
    for (let i = 0; i < 100; i++) state.ok();
    expect(changes).toEqual([false, true]);
    expect(state.up).toBe(true);
  });
});
