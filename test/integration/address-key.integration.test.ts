// Issue 13 (import speed): the parcels' address search key is worked out by the importer (db/src/parcels/address-key.ts)
// and stored, no longer folded by an expression index in the server. The two definitions of the rules, the
// TypeScript one and the SQL function `atlas_address_key` (which fills rows written without a key), must agree on
// every input: pinned on generated addresses (fast-check), on the engine of this run.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressKey, DIACRITICS_FROM, STREET_TYPES } from '../../db/src/parcels/address-key.ts';
import { testDb } from '../support/db.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const RUNS = 60;

/** A character an address may hold: Romanian letters (both ș/ț forms), other scripts, punctuation, spaces. */
const char = fc.oneof(
  fc.constantFrom(...DIACRITICS_FROM, 'ș', 'ş', 'ț', 'ţ', 'Ș', 'Ş', 'Ț', 'Ţ'),
  fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
  fc.constantFrom(...' .,-/;:()"\'\t\n_~%', '  '),
  // Letters no rule names: folded to a space on both sides, whatever the database's locale (İ and the Kelvin sign
  // lower-case to ASCII letters in some locales), and a combining comma below (ș in decomposed form).
  fc.constantFrom('ß', 'ñ', 'Ñ', 'ø', 'ł', 'İ', 'ı', '\u212A', 's\u0326', 'Ж', 'я', '€', '😀', '\u00A0'),
);
/** A word: a street type or "nr" in some spelling, or characters. */
const word = fc.oneof(
  fc.constantFrom(...STREET_TYPES, 'Str.', 'STRADA', 'B-dul', 'Bd.', 'P-ța', 'Șos.', 'Nr.', 'nr', 'NR', 'numărul'),
  fc.constantFrom('numar', 'Numarul', 'Moților', 'Ion Creangă', 'Şerban Vodă', 'Ţebei', '12', '5A', 'bl. C3'),
  fc.string({ unit: char, minLength: 1, maxLength: 8 }),
);
const address = fc.oneof(
  fc
    .array(word, { maxLength: 7 })
    .chain((words) =>
      fc
        .array(fc.constantFrom(' ', ', ', '. ', '-', '', '  '), { minLength: words.length, maxLength: words.length })
        .map((seps) => words.map((w, i) => seps[i] + w).join('')),
    ),
  fc.string({ unit: char, maxLength: 30 }),
);

/** The SQL function's keys of `addresses`, in order. */
async function sqlKeys(addresses: readonly string[]): Promise<(string | null)[]> {
  const db = await testDb();
  const { rows } = await db.query<{ key: string | null }>(
    'SELECT atlas_address_key(a) AS key FROM unnest($1::text[]) WITH ORDINALITY AS u(a, n) ORDER BY n',
    [addresses],
  );
  return rows.map((r) => r.key);
}

describe('addressKey and atlas_address_key', () => {
  it('agree on fixed addresses', async () => {
    const fixed = [
      'Strada Moților nr. 12',
      'STR. MOŢILOR NR.12',
      'Calea Șerban Vodă numărul 7',
      'B-dul 21 Decembrie 1989 nr. 3',
      'Piața Unirii',
      'Strada',
      '',
      ' .,- ',
      'Straße İnönü \u212A 5',
    ];
    const keys = await sqlKeys(fixed);
    expect(keys[0]).toBe('motilor 12');
    expect(keys).toEqual(fixed.map((a) => addressKey(a)));
    expect(await sqlKeys([null as unknown as string])).toEqual([null]);
  });

  it('agree on generated addresses: Romanian diacritics in both forms, punctuation, street types, "nr"', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(address, { minLength: 1, maxLength: 40 }), async (addresses) => {
        expect(await sqlKeys(addresses)).toEqual(addresses.map((a) => addressKey(a)));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('parcels.address_key', () => {
  it('is what atlas_address_key makes of the address, for every parcel the importer loaded', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ keyed: number; wrong: number }>(
      `SELECT count(*) FILTER (WHERE address_key IS NOT NULL)::int AS keyed,
              count(*) FILTER (WHERE address_key IS DISTINCT FROM atlas_address_key(address))::int AS wrong
       FROM parcels`,
    );
    expect(rows[0]!.keyed).toBeGreaterThan(0);
    expect(rows[0]!.wrong).toBe(0);
  });

  it('is filled for a row written without it, and follows a changed address', async () => {
    const db = await testDb();
    const rolledBack = new Error('rolled back');
    await expect(
      db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: string; address_key: string | null }>(
          `INSERT INTO parcels (uat_siruta, cadastral_number, address, dataset_version_id, valid_from, segment, geom)
           SELECT uat_siruta, 'addr-key-test', 'Strada Moților nr. 12', dataset_version_id, valid_from, 0, geom
           FROM parcels WHERE valid_to IS NULL LIMIT 1
           RETURNING id, address_key`,
        );
        expect(rows[0]!.address_key).toBe('motilor 12');
        const { rows: updated } = await tx.query<{ address_key: string | null }>(
          `UPDATE parcels SET address = 'Bd. Eroilor nr 3' WHERE id = $1 RETURNING address_key`,
          [rows[0]!.id],
        );
        expect(updated[0]!.address_key).toBe('eroilor 3');
        const { rows: cleared } = await tx.query<{ address_key: string | null }>(
          `UPDATE parcels SET address = NULL WHERE id = $1 RETURNING address_key`,
          [rows[0]!.id],
        );
        expect(cleared[0]!.address_key).toBeNull();
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
  });
});

describe('parcels.address_key is internal', () => {
  const get = async (path: string) => {
    const res = await fetch(`${server.baseUrl}${path}`);
    expect(res.status, path).toBe(200);
    return res;
  };

  it('is in no OGC API answer: items, one item, queryables', async () => {
    const items = (await (await get('/ogc/collections/parcels/items?limit=50')).json()) as {
      features: { id: number; properties: Record<string, unknown> }[];
    };
    expect(items.features.length).toBeGreaterThan(0);
    expect(items.features.some((f) => typeof f.properties.address === 'string')).toBe(true);
    for (const f of items.features) expect(f.properties).not.toHaveProperty('address_key');
    const one = (await (await get(`/ogc/collections/parcels/items/${items.features[0]!.id}`)).json()) as {
      properties: Record<string, unknown>;
    };
    expect(one.properties).toHaveProperty('address');
    expect(one.properties).not.toHaveProperty('address_key');
    const q = (await (await get('/ogc/collections/parcels/queryables')).json()) as { properties: object };
    expect(q.properties).toHaveProperty('address');
    expect(q.properties).not.toHaveProperty('address_key');
  });

  it('is in no export and no tile field', async () => {
    const csv = await (await get('/api/export/parcels.csv')).text();
    const header = csv
      .replace(/^\uFEFF/, '')
      .split('\r\n', 1)[0]!
      .split(',');
    expect(header).toContain('address');
    expect(header).not.toContain('address_key');
    const geojson = (await (await get('/api/export/parcels.geojson')).json()) as {
      features: { properties: Record<string, unknown> }[];
    };
    expect(geojson.features.length).toBeGreaterThan(0);
    for (const f of geojson.features) expect(f.properties).not.toHaveProperty('address_key');
    const tj = (await (await get('/tiles/parcels.json')).json()) as { vector_layers: { fields: object }[] };
    expect(tj.vector_layers[0]!.fields).not.toHaveProperty('address_key');
  });
});
