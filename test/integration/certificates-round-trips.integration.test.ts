// Issue 16: a certificate goes down the layers once. Per parcel, two statements reach the database: the parcel
// lookup (which also yields the map's frame) and one statement for everything its map and data notes need. Counted on
// the real database through a wrapper that only counts, never answers. Runs on the embedded engine and on PostGIS.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/src/connect.ts';
import { issueCertificates } from '../../server/src/certificates/certificate.service.ts';
import { DEFAULT_SLIVER } from '../../server/src/parcels/parcel.service.ts';
import { testDb } from '../support/db.ts';
import { FLORESTI } from '../support/fixtures.ts';

const NOW = new Date('2026-11-24T08:00:00Z');

/** `db` with every statement sent outside a transaction counted (reads, through `db` and `db.reader`). */
function counting(db: Db): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, p) {
        const v = Reflect.get(t, p) as unknown;
        if (p === 'query')
          return (text: string, params?: unknown[]) => {
            statements.push(text.trim().split('\n')[0]!.slice(0, 60));
            return (v as (s: string, p?: unknown[]) => unknown).call(t, text, params);
          };
        if (p === 'prepared')
          return (name: string, text: string, params: unknown[]) => {
            statements.push(name);
            return (v as (n: string, s: string, p: unknown[]) => unknown).call(t, name, text, params);
          };
        if (p === 'reader') return wrap(v as object);
        return typeof v === 'function' ? (v as () => unknown).bind(t) : v;
      },
    });
  return { db: wrap(db), statements };
}

describe('issueCertificates: database round trips', () => {
  it('makes two statements per parcel (lookup, then the map), outside the storing transaction', async () => {
    const { db, statements } = counting(await testDb());
    const opts = { publicUrl: 'https://atlas.example.ro', sliver: DEFAULT_SLIVER, now: () => NOW, concurrency: 1 };
    const batch = (numbers: string[]) =>
      issueCertificates(
        db,
        numbers.map((number) => ({ uat: FLORESTI, number, language: 'ro' as const })),
        opts,
      );
    // Warm the in-memory catalog of overlay attributes (filled once per process, not per certificate).
    for (const r of await batch(['100001', '100002', '100003'])) expect(r.ok).toBe(true);

    statements.length = 0;
    for (const r of await batch(['100001'])) expect(r.ok).toBe(true);
    const one = [...statements];
    statements.length = 0;
    for (const r of await batch(['100001', '100002', '100003'])) expect(r.ok).toBe(true);
    const three = [...statements];

    // The batch reads the current dataset versions once; each parcel then costs two statements.
    expect(one.length, one.join('\n')).toBe(1 + 2);
    expect((three.length - one.length) / 2, three.join('\n')).toBe(2);
  });
});
