// OGC API - Features Part 1 (Core, GeoJSON) and Part 2 (CRS). Test names cite the abstract tests (ATS) they check.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engineName, testDb, uatsWgs84Extent } from '../support/db.ts';
import { items } from '../../db/src/features.repository.ts';

let server: TestServer;
let base: string;
beforeAll(async () => {
  server = await startTestServer();
  base = `${server.baseUrl}/ogc`;
});
afterAll(() => server.close());

interface Link {
  href: string;
  rel: string;
  type?: string;
}
interface Fc {
  type: string;
  numberMatched: number;
  numberReturned: number;
  features: { id: number; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[];
  links: Link[];
}
const getJson = async <T>(url: string) => {
  const res = await fetch(url);
  return { res, body: (await res.json()) as T };
};
const parcelCount = async () => {
  const db = await testDb();
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM parcels WHERE valid_to IS NULL');
  return rows[0]!.n;
};

/** Parcel rows in force at some time of [start, end] (null: open), by their dataset version's validity. */
const inForce = async (start: string | null, end: string | null) => {
  const db = await testDb();
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM parcels
     WHERE valid_from <= COALESCE($2::timestamptz, 'infinity')
       AND (valid_to IS NULL OR valid_to > COALESCE($1::timestamptz, '-infinity'))`,
    [start, end],
  );
  return rows[0]!.n;
};

describe('OGC API - Features Part 1 Core', () => {
  it('/conf/core/root-op, /conf/core/root-success: the landing page links the API definition, conformance and data', async () => {
    const { res, body } = await getJson<{ links: Link[] }>(base);
    expect(res.status).toBe(200);
    const rels = body.links.map((l) => l.rel);
    expect(rels).toEqual(expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']));
    const api = await fetch(body.links.find((l) => l.rel === 'service-desc')!.href);
    expect(((await api.json()) as { openapi: string }).openapi).toMatch(/^3\.0/);
  });

  it('/conf/core/conformance-success: declares core, geojson and crs', async () => {
    const { body } = await getJson<{ conformsTo: string[] }>(`${base}/conformance`);
    expect(body.conformsTo).toEqual(
      expect.arrayContaining([
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
        'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
      ]),
    );
  });

  it('/conf/core/fc-md-success, /conf/core/fc-md-items: every layer is a collection with extent and items link', async () => {
    const { body } = await getJson<{
      collections: { id: string; extent: { spatial: { bbox: number[][] } }; links: Link[]; crs: string[] }[];
    }>(`${base}/collections`);
    // The map layers, then the atlas's indicators (`indicator-{code}`, tested in atlas-api.integration.test.ts).
    const layers = body.collections.filter((c) => !c.id.startsWith('indicator-'));
    expect(layers.map((c) => c.id)).toEqual([
      'uat',
      'parcels',
      'zoning',
      'plans',
      'restrictions',
      'permits',
      'streets',
      'blocks',
    ]);
    for (const c of layers) {
      expect(c.links.some((l) => l.rel === 'items')).toBe(true);
      expect(c.extent.spatial.bbox[0]).toHaveLength(4);
      expect(c.crs).toContain('http://www.opengis.net/def/crs/EPSG/0/3844');
    }
  });

  it('/conf/core/sfc-md-extent: the extent holds every feature, the northern UATs too', async () => {
    // The EPSG:3844 box's top edge bulges north between its corners: its corners alone cut off Romania's north.
    const truth = await uatsWgs84Extent();
    const { body } = await getJson<{ extent: { spatial: { bbox: number[][] } } }>(`${base}/collections/uat`);
    const bbox = body.extent.spatial.bbox[0]!;
    expect(bbox[0]).toBeLessThanOrEqual(truth[0]!);
    expect(bbox[1]).toBeLessThanOrEqual(truth[1]!);
    expect(bbox[2]).toBeGreaterThanOrEqual(truth[2]!);
    expect(bbox[3]).toBeGreaterThanOrEqual(truth[3]!);
    // and not much more than that (the densified box's slack)
    for (let i = 0; i < 4; i++) expect(Math.abs(bbox[i]! - truth[i]!)).toBeLessThan(0.35);
  });

  it('/conf/core/sfc-md-op: a single collection; 404 for an unknown one', async () => {
    expect((await fetch(`${base}/collections/parcels`)).status).toBe(200);
    const res = await fetch(`${base}/collections/buildings`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('/conf/core/fc-limit-default-minimum-maximum: default 10, maximum 10,000, over it a 400', async () => {
    const { body } = await getJson<Fc>(`${base}/collections/parcels/items`);
    expect(body.numberReturned).toBe(10);
    const over = await fetch(`${base}/collections/parcels/items?limit=10001`);
    expect(over.status).toBe(400);
    expect(await over.json()).toMatchObject({ parameter: 'limit' });
  });

  it('/conf/core/fc-response, /conf/geojson/content: a GeoJSON FeatureCollection with numberMatched/numberReturned', async () => {
    const { res, body } = await getJson<Fc>(`${base}/collections/parcels/items?limit=5`);
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(body.type).toBe('FeatureCollection');
    expect(body.numberMatched).toBe(await parcelCount());
    expect(body.numberReturned).toBe(5);
    expect(body.features[0]!.geometry.type).toBe('MultiPolygon');
  });

  it('/conf/core/fc-bbox-response: bbox filters; an inverted or malformed bbox is a 400', async () => {
    const { body } = await getJson<Fc>(`${base}/collections/parcels/items?bbox=23.58,46.76,23.60,46.78&limit=10000`);
    expect(body.numberMatched).toBeGreaterThan(0);
    expect(body.numberMatched).toBeLessThan(await parcelCount());
    for (const q of ['bbox=23.6,46.78,23.58,46.76', 'bbox=1,2,3', 'bbox=a,b,c,d']) {
      const res = await fetch(`${base}/collections/parcels/items?${q}`);
      expect(res.status, q).toBe(400);
      expect(await res.json()).toMatchObject({ parameter: 'bbox' });
    }
  });

  it('/conf/core/fc-links: next links reach every feature, with no cap', async () => {
    let url: string | undefined = `${base}/collections/parcels/items?limit=2000`;
    const ids = new Set<number>();
    while (url) {
      const { body }: { body: Fc } = await getJson<Fc>(url);
      for (const f of body.features) ids.add(f.id);
      url = body.links.find((l) => l.rel === 'next')?.href;
    }
    expect(ids.size).toBe(await parcelCount());
  });

  it('/conf/core/f-success: a single feature; 404 for an unknown id', async () => {
    const { body } = await getJson<Fc>(`${base}/collections/zoning/items?limit=1`);
    const id = body.features[0]!.id;
    const one = await getJson<{ id: number; links: Link[] }>(`${base}/collections/zoning/items/${id}`);
    expect(one.body.id).toBe(id);
    expect(one.body.links.map((l) => l.rel)).toEqual(expect.arrayContaining(['self', 'collection']));
    expect((await fetch(`${base}/collections/zoning/items/99999999`)).status).toBe(404);
    expect((await fetch(`${base}/collections/zoning/items/abc`)).status).toBe(404);
  });

  it('/conf/core/query-param-unknown: an unknown parameter is a 400; SQL in a parameter is just a bad value', async () => {
    expect((await fetch(`${base}/collections/parcels/items?foo=1`)).status).toBe(400);
    expect((await fetch(`${base}/collections/parcels/items?limit=1;DROP%20TABLE%20parcels`)).status).toBe(400);
    expect(await parcelCount()).toBeGreaterThan(0);
  });
});

describe('OGC API - Features Part 1: datetime, 6-number bbox, plain geometries (issue 17)', () => {
  const matched = async (layer: string, q: string) =>
    (await getJson<Fc>(`${base}/collections/${layer}/items?limit=1&${q}`)).body.numberMatched;

  it('/conf/core/fc-time-response: an instant selects the features in force then (dataset versions)', async () => {
    // Counted in the database with the same rule, as other test files may have opened and closed versions today.
    const today = new Date().toISOString().slice(0, 10);
    expect(await matched('parcels', `datetime=${today}`)).toBe(await inForce(today, today));
    expect(await matched('parcels', `datetime=${new Date().toISOString()}`)).toBe(await parcelCount());
    expect(await matched('parcels', 'datetime=2000-01-01')).toBe(0);
    expect(await matched('parcels', 'datetime=2000-01-01T12:00:00Z')).toBe(0);
  });

  it('/conf/core/fc-time-response: closed and open intervals (.., empty end)', async () => {
    const since2000 = await inForce('2000-01-01', null);
    expect(since2000).toBeGreaterThanOrEqual(await parcelCount());
    expect(await matched('parcels', 'datetime=../2000-01-01')).toBe(0);
    expect(await matched('parcels', 'datetime=2000-01-01/..')).toBe(since2000);
    expect(await matched('parcels', 'datetime=2000-01-01/')).toBe(since2000);
    const until = new Date().toISOString();
    expect(await matched('parcels', `datetime=1990-01-01/${until}`)).toBe(await inForce('1990-01-01', until));
    expect(await matched('parcels', 'datetime=../..')).toBe(await inForce(null, null));
  });

  it('datetime maps onto plan validity: an expired PUD is listed at a date in its validity, not after it', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ code: string; from: string; to: string }>(
      `SELECT code, to_char(in_force_from, 'YYYY-MM-DD') AS from, to_char(in_force_to, 'YYYY-MM-DD') AS to
       FROM plans WHERE valid_to IS NULL AND in_force_to IS NOT NULL AND in_force_to < now() ORDER BY id LIMIT 1`,
    );
    const pud = rows[0]!;
    const codesAt = async (t: string) => {
      const { body } = await getJson<Fc>(`${base}/collections/plans/items?limit=1000&datetime=${t}`);
      return body.features.map((f) => f.properties.code);
    };
    expect(await codesAt(pud.from)).toContain(pud.code);
    expect(await codesAt(pud.to)).toContain(pud.code);
    const after = new Date(Date.parse(pud.to) + 86_400_000).toISOString().slice(0, 10);
    expect(await codesAt(after)).not.toContain(pud.code);
    // An interval that overlaps its validity lists it.
    expect(await codesAt(`../${pud.from}`)).toContain(pud.code);
  });

  it('a malformed datetime is a 400 naming datetime', async () => {
    for (const q of ['datetime=yesterday', 'datetime=2020-02-30', 'datetime=2021-01-01/2020-01-01', 'datetime=a/b/c']) {
      const res = await fetch(`${base}/collections/parcels/items?${q}`);
      expect(res.status, q).toBe(400);
      expect(await res.json()).toMatchObject({ parameter: 'datetime' });
    }
  });

  it('/conf/core/fc-bbox-definition: a 6-number bbox (with heights) selects what the 4-number one does', async () => {
    const four = await matched('parcels', 'bbox=23.58,46.76,23.60,46.78');
    expect(four).toBeGreaterThan(0);
    expect(await matched('parcels', 'bbox=23.58,46.76,-100,23.60,46.78,5000')).toBe(four);
    const bad = await fetch(`${base}/collections/parcels/items?bbox=23.58,46.76,10,23.60,46.78,0`);
    expect(bad.status).toBe(400);
    expect(await fetch(`${base}/collections/parcels/items?bbox=1,2,3,4,5`).then((r) => r.status)).toBe(400);
  });

  it('/conf/geojson/content: geometries carry no crs member, in any output CRS', async () => {
    for (const crs of ['http://www.opengis.net/def/crs/OGC/1.3/CRS84', 'http://www.opengis.net/def/crs/EPSG/0/3844']) {
      const { body } = await getJson<Fc>(`${base}/collections/parcels/items?limit=3&crs=${encodeURIComponent(crs)}`);
      for (const f of body.features) expect(Object.keys(f.geometry).sort(), crs).toEqual(['coordinates', 'type']);
      const one = await getJson<{ geometry: object }>(
        `${base}/collections/parcels/items/${body.features[0]!.id}?crs=${encodeURIComponent(crs)}`,
      );
      expect(Object.keys(one.body.geometry).sort()).toEqual(['coordinates', 'type']);
    }
  });
});

describe('deep OGC pages (issue 12 item 3)', () => {
  it('an offset over the cap is a 400 naming offset and pointing to next links', async () => {
    const res = await fetch(`${base}/collections/parcels/items?offset=99900`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    const p = (await res.json()) as { parameter: string; detail: string };
    expect(p.parameter).toBe('offset');
    expect(p.detail).toMatch(/next/);
  });

  it('next links page by a cursor past any offset cap and reach every feature exactly once', async () => {
    const small = await startTestServer({ config: { ATLAS_OGC_OFFSET_MAX: 1000 } });
    try {
      expect((await fetch(`${small.baseUrl}/ogc/collections/parcels/items?offset=1001`)).status).toBe(400);
      let url: string | undefined = `${small.baseUrl}/ogc/collections/parcels/items?limit=700`;
      const ids: number[] = [];
      while (url) {
        expect(url).not.toMatch(/offset=/);
        const { body }: { body: Fc } = await getJson<Fc>(url);
        ids.push(...body.features.map((f) => f.id));
        url = body.links.find((l) => l.rel === 'next')?.href;
      }
      expect(ids.length).toBe(await parcelCount());
      expect(new Set(ids).size).toBe(ids.length);
      const bad = await fetch(`${small.baseUrl}/ogc/collections/parcels/items?cursor=nonsense`);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ parameter: 'cursor' });
    } finally {
      await small.close();
    }
  });

  it('bounds concurrent items queries (503 with Retry-After beyond the queue) while lookups keep answering', async () => {
    const gated = await startTestServer({ config: { ATLAS_OGC_CONCURRENCY: 1 } });
    try {
      const db = await testDb();
      const { rows } = await db.query<{ uat: number; nr: string }>(
        'SELECT uat_siruta AS uat, cadastral_number AS nr FROM parcels WHERE valid_to IS NULL ORDER BY id LIMIT 1',
      );
      const heavy = Array.from({ length: 12 }, () =>
        fetch(`${gated.baseUrl}/ogc/collections/parcels/items?limit=3000`).then(async (r) => {
          await r.arrayBuffer();
          return { status: r.status, retryAfter: r.headers.get('retry-after') };
        }),
      );
      const lookup = await fetch(`${gated.baseUrl}/api/parcels?uat=${rows[0]!.uat}&number=${rows[0]!.nr}`);
      expect(lookup.status).toBe(200);
      const done = await Promise.all(heavy);
      const refused = done.filter((d) => d.status === 503);
      expect(done.filter((d) => d.status === 200).length).toBeGreaterThanOrEqual(1);
      for (const r of refused) expect(r.retryAfter).toBe('1');
      expect(done.every((d) => d.status === 200 || d.status === 503)).toBe(true);
      // On a server, one runs, at most four wait: the other seven are refused at once. The embedded engine runs one
      // query at a time on the event loop itself, so requests reach the gate one by one and none is refused.
      if (engineName() === 'postgis') expect(refused.length).toBeGreaterThanOrEqual(7);
    } finally {
      await gated.close();
    }
  });

  it.skipIf(engineName() === 'pglite')('heavy items queries run under a statement timeout', async () => {
    const db = await testDb();
    const q = { bboxCrs: 4326, crs: 3844, limit: 10_000, offset: 0, statementTimeoutMs: 1 } as const;
    await expect(items(db, 'parcels', q)).rejects.toMatchObject({ code: '57014' });
    // The timeout was local to that transaction: the pool's connections have none afterwards.
    const { rows } = await db.query<{ t: string }>("SELECT current_setting('statement_timeout') AS t");
    expect(rows[0]!.t).toBe('0');
  });
});

describe('OGC API - Features Part 3 Filtering (issue 17)', () => {
  const count = async (sql: string, params: unknown[] = []) => {
    const db = await testDb();
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM parcels f WHERE f.valid_to IS NULL AND (${sql})`,
      params,
    );
    return rows[0]!.n;
  };
  const matchedBy = async (filter: string, extra = '') => {
    const res = await fetch(`${base}/collections/parcels/items?limit=1&filter=${encodeURIComponent(filter)}${extra}`);
    expect(res.status, filter).toBe(200);
    return ((await res.json()) as Fc).numberMatched;
  };

  it('/conf/queryables: each collection has a JSON Schema of its queryables, linked from the collection', async () => {
    for (const layer of ['uat', 'parcels', 'zoning', 'plans', 'restrictions', 'permits']) {
      const c = await getJson<{ links: Link[] }>(`${base}/collections/${layer}`);
      const link = c.body.links.find((l) => l.rel === 'http://www.opengis.net/def/rel/ogc/1.0/queryables');
      expect(link, layer).toBeDefined();
      const res = await fetch(link!.href);
      expect(res.headers.get('content-type')).toMatch(/^application\/schema\+json/);
      const q = (await res.json()) as { type: string; properties: Record<string, { type?: string }> };
      expect(q.type).toBe('object');
      expect(q.properties.geometry).toBeDefined();
      expect(q.properties.id).toMatchObject({ type: 'integer' });
    }
    const p = await getJson<{ properties: Record<string, { type?: string }> }>(
      `${base}/collections/parcels/queryables`,
    );
    expect(p.body.properties.area_official_m2).toMatchObject({ type: 'number' });
    expect(p.body.properties.intravilan).toMatchObject({ type: 'boolean' });
    expect((await fetch(`${base}/collections/nosuch/queryables`)).status).toBe(404);
  });

  it('/conf/filter: conformance declares filtering and CQL2 text', async () => {
    const { body } = await getJson<{ conformsTo: string[] }>(`${base}/conformance`);
    expect(body.conformsTo).toEqual(
      expect.arrayContaining([
        'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
        'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
        'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
        'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
        'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
        'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
      ]),
    );
  });

  it('comparisons, AND/OR/NOT, LIKE, IN, BETWEEN, IS NULL match what SQL counts', async () => {
    const cases: [string, string][] = [
      ['area_official_m2 > 1000', 'f.area_official_m2 > 1000'],
      ['area_official_m2 >= 500 AND intravilan = TRUE', 'f.area_official_m2 >= 500 AND f.intravilan'],
      ['intravilan = FALSE OR area_official_m2 < 200', 'NOT f.intravilan OR f.area_official_m2 < 200'],
      ['NOT intravilan = TRUE', 'NOT f.intravilan'],
      ["cadastral_number LIKE '22%'", "f.cadastral_number LIKE '22%'"],
      ["land_use IN ('CC', 'A')", "f.land_use IN ('CC', 'A')"],
      ['area_official_m2 BETWEEN 300 AND 600', 'f.area_official_m2 BETWEEN 300 AND 600'],
      ['land_book_number IS NULL', 'f.land_book_number IS NULL'],
      ['filter-lang-alias', 'f.area_official_m2 > 1000'],
    ];
    for (const [filter, sql] of cases) {
      const n = await count(sql);
      const got =
        filter === 'filter-lang-alias'
          ? await matchedBy('area_official_m2 > 1000', '&filter-lang=cql-text')
          : await matchedBy(filter, '&filter-lang=cql2-text');
      expect(got, filter).toBe(n);
    }
    expect(await count('f.area_official_m2 > 1000')).toBeGreaterThan(0);
  });

  it('S_INTERSECTS with a BBOX or a WKT polygon selects what the bbox parameter does', async () => {
    const byBbox = (await getJson<Fc>(`${base}/collections/parcels/items?limit=1&bbox=23.58,46.76,23.60,46.78`)).body
      .numberMatched;
    expect(byBbox).toBeGreaterThan(0);
    expect(await matchedBy('S_INTERSECTS(geometry, BBOX(23.58, 46.76, 23.60, 46.78))')).toBe(byBbox);
    expect(
      await matchedBy(
        'S_INTERSECTS(geometry, POLYGON((23.58 46.76, 23.60 46.76, 23.60 46.78, 23.58 46.78, 23.58 46.76)))',
      ),
    ).toBe(byBbox);
    const both = await matchedBy('S_INTERSECTS(geometry, BBOX(23.58, 46.76, 23.60, 46.78)) AND intravilan = TRUE');
    expect(both).toBeLessThanOrEqual(byBbox);
  });

  it('a bad filter is a 400 naming filter; nothing reaches SQL', async () => {
    for (const f of ['area >>>', 'nosuch = 1', "area_official_m2 = 'x'", '1=1; DROP TABLE parcels', 'POINT(1 2)']) {
      const res = await fetch(`${base}/collections/parcels/items?filter=${encodeURIComponent(f)}`);
      expect(res.status, f).toBe(400);
      expect(await res.json()).toMatchObject({ parameter: 'filter' });
    }
    const lang = await fetch(`${base}/collections/parcels/items?filter=id%3D1&filter-lang=sql`);
    expect(lang.status).toBe(400);
    expect(await parcelCount()).toBeGreaterThan(0);
  });
});

describe('OGC API - Features Part 2 CRS', () => {
  it('/conf/crs/crs-parameter, /conf/crs/content-crs: EPSG:3844 output with northing first and a Content-Crs header', async () => {
    const url = `${base}/collections/parcels/items?limit=1&crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/3844')}`;
    const res = await fetch(url);
    expect(res.headers.get('content-crs')).toBe('<http://www.opengis.net/def/crs/EPSG/0/3844>');
    const fc = (await res.json()) as Fc;
    const [first] = (fc.features[0]!.geometry.coordinates as number[][][][])[0]![0]!;
    // Cluj: northing ~ 585,000, easting ~ 392,000: northing comes first.
    expect(first![0]).toBeGreaterThan(first![1]!);
    expect(first![0]).toBeGreaterThan(560_000);
  });

  it('/conf/crs/bbox-crs-parameter: a bbox in EPSG:3844 (northing, easting) selects the same features as in CRS84', async () => {
    const crs = encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/3844');
    const a = await getJson<Fc>(
      `${base}/collections/parcels/items?limit=10000&bbox=585000,391000,587000,393000&bbox-crs=${crs}`,
    );
    expect(a.body.numberMatched).toBeGreaterThan(0);
    const bad = await fetch(`${base}/collections/parcels/items?crs=EPSG:2154`);
    expect(bad.status).toBe(400);
  });
});

describe('GDAL OAPIF driver', () => {
  const gdal = existsSync('/usr/bin/ogrinfo') && existsSync('/usr/bin/ogr2ogr');
  it.skipIf(!gdal)('ogrinfo lists the collections and ogr2ogr downloads every parcel through next links', async () => {
    const env = { ...process.env, GDAL_HTTP_TIMEOUT: '60', CPL_DEBUG: 'OFF' };
    // Asynchronous: the server under test runs in this process.
    const run = async (cmd: string, args: string[]) =>
      (await promisify(execFile)(cmd, args, { env, encoding: 'utf8' })).stdout;
    const info = await run('ogrinfo', ['-ro', '-q', `OAPIF:${base}`]);
    for (const l of ['uat', 'parcels', 'zoning', 'plans', 'restrictions', 'permits']) expect(info).toContain(l);
    const summary = await run('ogrinfo', ['-ro', '-so', `OAPIF:${base}`, 'parcels']);
    expect(summary).toMatch(new RegExp(`Feature Count: ${await parcelCount()}`));
    const out = join(mkdtempSync(join(tmpdir(), 'atlas-oapif-')), 'parcels.gpkg');
    await run('ogr2ogr', ['-f', 'GPKG', '-oo', 'PAGE_SIZE=1000', out, `OAPIF:${base}`, 'parcels']);
    const count = await run('ogrinfo', ['-ro', '-so', out, 'parcels']);
    expect(count).toMatch(new RegExp(`Feature Count: ${await parcelCount()}`));
  });

  it.skipIf(!gdal)('ogrinfo -where is sent to the server as a CQL2 filter and selects what SQL counts', async () => {
    const env = { ...process.env, GDAL_HTTP_TIMEOUT: '60' };
    const db = await testDb();
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM parcels WHERE valid_to IS NULL AND area_official_m2 > 1000 AND land_use = 'CC'`,
    );
    const where = "area_official_m2 > 1000 AND land_use = 'CC'";
    const { stdout, stderr } = await promisify(execFile)(
      'ogrinfo',
      ['-ro', '-al', '-q', '--debug', 'on', `OAPIF:${base}`, 'parcels', '-where', where, '-oo', 'PAGE_SIZE=1000'],
      { env, encoding: 'utf8', maxBuffer: 1 << 28 },
    );
    // The filter went to the server (not evaluated by GDAL after downloading every parcel).
    expect(stderr).toMatch(/items\?\S*filter=\S*filter-lang=cql-text/);
    // Every page after the first is of the filtered query.
    for (const page of stderr.match(/Fetch\(\S*cursor=\S*/g) ?? []) expect(page).toMatch(/filter=/);
    expect(stdout.match(/^OGRFeature\(parcels\):/gm)?.length).toBe(rows[0]!.n);
  });
});

describe('OWSLib', () => {
  const python = '/usr/bin/python3';
  const owslib =
    existsSync(python) &&
    (() => {
      try {
        execFileSync(python, ['-c', 'from owslib.ogcapi.features import Features']);
        return true;
      } catch {
        return false;
      }
    })();
  it.skipIf(!owslib)('reads conformance, queryables and filtered, time-bound items', async () => {
    const script = `
import json, sys
from owslib.ogcapi.features import Features
w = Features(sys.argv[1])
out = {
  'conformance': w.conformance()['conformsTo'],
  'collections': [c['id'] for c in w.collections()['collections']],
  'queryables': sorted(w.collection_queryables('parcels')['properties'].keys()),
  'filtered': w.collection_items('parcels', filter="area_official_m2 > 1000 AND land_use = 'CC'", limit=1)['numberMatched'],
  'then': w.collection_items('parcels', datetime='../2000-01-01', limit=1)['numberMatched'],
  'bbox': w.collection_items('parcels', bbox=[23.58, 46.76, 23.60, 46.78], limit=1)['numberMatched'],
}
print(json.dumps(out))
`;
    const { stdout } = await promisify(execFile)(python, ['-c', script, base], { encoding: 'utf8' });
    const out = JSON.parse(stdout) as {
      conformance: string[];
      collections: string[];
      queryables: string[];
      filtered: number;
      then: number;
      bbox: number;
    };
    expect(out.conformance).toContain('http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter');
    expect(out.collections).toContain('parcels');
    expect(out.queryables).toEqual(expect.arrayContaining(['area_official_m2', 'cadastral_number', 'geometry']));
    const db = await testDb();
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM parcels WHERE valid_to IS NULL AND area_official_m2 > 1000 AND land_use = 'CC'`,
    );
    expect(out.filtered).toBe(rows[0]!.n);
    expect(out.then).toBe(0);
    expect(out.bbox).toBeGreaterThan(0);
  });
});

describe('GET /api/export/{layer}.{format}', () => {
  it('exports GeoJSON, CSV and FlatGeobuf of every feature', async () => {
    const n = await parcelCount();
    const geojson = (await (await fetch(`${server.baseUrl}/api/export/parcels.geojson`)).json()) as Fc;
    expect(geojson.features).toHaveLength(n);
    const csv = await (await fetch(`${server.baseUrl}/api/export/parcels.csv`)).text();
    expect(csv.trim().split('\r\n')).toHaveLength(n + 1);
    expect(csv.split('\r\n')[0]).toContain('cadastral_number');
    const fgb = new Uint8Array(await (await fetch(`${server.baseUrl}/api/export/plans.fgb`)).arrayBuffer());
    expect([...fgb.slice(0, 3)]).toEqual([0x66, 0x67, 0x62]); // "fgb" magic bytes
    expect((await fetch(`${server.baseUrl}/api/export/parcels.shp`)).status).toBe(404);
  });
});
