// Issue 16: a layer costs a migration and one catalog definition. A small layer (fire hydrants) added here, its table
// made as a migration would, appears in the tiles (decoded), TileJSON, the OGC collections, queryables and items, and
// the exports, on either engine; then it is removed again (the integration files share one process and database).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Layer } from '../../db/src/datasets.repository.ts';
import type { LayerDef } from '../../db/src/layers/catalog.ts';
import { registerLayer } from '../../db/src/layers/registry.ts';
import { testDb } from '../support/db.ts';
import { decodeMvt, tileOf } from '../support/mvt.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const HYDRANTS = {
  id: 'hydrants',
  table: 'test_hydrants',
  geometry: 'Point',
  uatColumn: 'uat_siruta',
  key: ['code'],
  title: { ro: 'Hidranți de incendiu', en: 'Fire hydrants' },
  description: 'Hidranți de incendiu (strat de test)',
  styleClass: 'point',
  columns: [
    { name: 'uat_siruta', type: 'int', required: true },
    { name: 'code', type: 'text', required: true },
    { name: 'kind', type: 'text', oneOf: ['suprateran', 'subteran'] },
    { name: 'installed_on', type: 'date' },
    { name: 'flow_l_s', type: 'float' },
    { name: 'in_service', type: 'bool' },
    { name: 'notes', type: 'jsonb', published: false },
  ],
  tiles: {
    minzoom: 13,
    maxzoom: 16,
    simplifyBelowZoom: 0,
    attributes: [
      'id',
      'code',
      'kind',
      'installed_on',
      'flow_l_s',
      { name: 'ok', sql: 'f.in_service', type: 'Boolean' },
    ],
  },
} as const satisfies LayerDef;
const LAYER = HYDRANTS.id as Layer;

/** The migration: the columns of the definition, plus what every versioned layer has. */
const MIGRATION = [
  `CREATE TABLE test_hydrants (
     id bigserial PRIMARY KEY, uat_siruta int NOT NULL, code text NOT NULL, kind text, installed_on date,
     flow_l_s float8, in_service bool, notes jsonb,
     dataset_version_id int NOT NULL REFERENCES dataset_versions (id),
     valid_from timestamptz NOT NULL, valid_to timestamptz,
     geom geometry(Point, 3844) NOT NULL,
     geom_3857 geometry(Point, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED)`,
  'CREATE INDEX test_hydrants_geom_gix ON test_hydrants USING gist (geom)',
  'CREATE INDEX test_hydrants_geom_3857_gix ON test_hydrants USING gist (geom_3857) WHERE valid_to IS NULL',
];

// Three hydrants in force near the centre of Cluj-Napoca, and one of an older version (not in force).
const POINTS = [
  { code: 'H-1', kind: 'suprateran', installed_on: '2019-05-02', flow: 10.5, ok: true, lon: 23.5897, lat: 46.7693 },
  { code: 'H-2', kind: 'subteran', installed_on: null, flow: 5, ok: false, lon: 23.5902, lat: 46.7697 },
  { code: 'H-3', kind: 'suprateran', installed_on: '2021-11-30', flow: null, ok: null, lon: 23.5891, lat: 46.7689 },
] as const;

let server: TestServer;
let unregister: () => void;
let version: number;
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.baseUrl}${path}`, { headers });

beforeAll(async () => {
  const db = await testDb();
  await db.query('DROP TABLE IF EXISTS test_hydrants');
  for (const sql of MIGRATION) await db.query(sql);
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO dataset_versions (layer, uat_siruta, source_file, source_crs, feature_count, valid_from)
     VALUES ($1, 54975, 'hydrants.geojson', 'EPSG:4326', $2, now() - interval '1 day') RETURNING id`,
    [HYDRANTS.id, POINTS.length],
  );
  version = rows[0]!.id;
  for (const p of POINTS) {
    await db.query(
      `INSERT INTO test_hydrants (uat_siruta, code, kind, installed_on, flow_l_s, in_service, notes, dataset_version_id,
         valid_from, geom)
       VALUES (54975, $1, $2, $3, $4, $5, '{"a": 1}', $6, now() - interval '1 day',
         ST_Transform(ST_SetSRID(ST_MakePoint($7, $8), 4326), 3844))`,
      [p.code, p.kind, p.installed_on, p.flow, p.ok, version, p.lon, p.lat],
    );
  }
  await db.query(
    `INSERT INTO test_hydrants (uat_siruta, code, dataset_version_id, valid_from, valid_to, geom)
     VALUES (54975, 'H-OLD', $1, now() - interval '2 days', now() - interval '1 day',
       ST_Transform(ST_SetSRID(ST_MakePoint(23.5897, 46.7693), 4326), 3844))`,
    [version],
  );
  unregister = registerLayer(HYDRANTS);
  server = await startTestServer();
});

afterAll(async () => {
  unregister?.();
  await server?.close();
  const db = await testDb();
  await db.query('DROP TABLE IF EXISTS test_hydrants');
  if (version) await db.query('DELETE FROM dataset_versions WHERE id = $1', [version]);
});

describe('a layer added by one catalog definition', () => {
  it('is drawn in tiles with the attributes of its definition', async () => {
    const { z, x, y } = tileOf(23.5897, 46.7693, 15);
    const res = await get(`/tiles/${LAYER}/${z}/${x}/${y}.mvt`);
    expect(res.status).toBe(200);
    const features = decodeMvt(new Uint8Array(await res.arrayBuffer()))[LAYER] ?? [];
    expect(features.map((f) => f.properties.code).sort()).toEqual(['H-1', 'H-2', 'H-3']);
    const h1 = features.find((f) => f.properties.code === 'H-1')!;
    expect(h1.type).toBe(1); // a point
    expect(h1.id).toBe(h1.properties.id);
    expect(h1.properties).toMatchObject({ kind: 'suprateran', installed_on: '2019-05-02', flow_l_s: 10.5, ok: true });
    // Unpublished in tiles: not a tile attribute.
    expect(h1.properties).not.toHaveProperty('notes');
    expect(h1.properties).not.toHaveProperty('uat_siruta');
    // Below its minzoom: no features.
    const low = tileOf(23.5897, 46.7693, 12);
    expect((await get(`/tiles/${LAYER}/12/${low.x}/${low.y}.mvt`)).status).toBe(204);
    // In the composite tile set too.
    const all = await get(`/tiles/all/${z}/${x}/${y}.mvt`);
    expect(decodeMvt(new Uint8Array(await all.arrayBuffer()))[LAYER]).toHaveLength(3);
  });

  it('is described by TileJSON with its zoom range and fields', async () => {
    const tj = (await (await get(`/tiles/${LAYER}.json`)).json()) as {
      minzoom: number;
      maxzoom: number;
      description: string;
      vector_layers: { id: string; minzoom: number; maxzoom: number; fields: Record<string, string> }[];
    };
    expect(tj).toMatchObject({ minzoom: 13, maxzoom: 16, description: HYDRANTS.description });
    expect(tj.vector_layers).toEqual([
      {
        id: LAYER,
        description: HYDRANTS.description,
        minzoom: 13,
        maxzoom: 16,
        fields: {
          id: 'Number',
          code: 'String',
          kind: 'String',
          installed_on: 'String',
          flow_l_s: 'Number',
          ok: 'Boolean',
        },
      },
    ]);
    const all = (await (await get('/tiles/all.json')).json()) as { vector_layers: { id: string }[] };
    expect(all.vector_layers.map((l) => l.id)).toContain(LAYER);
  });

  it('is an OGC API collection with queryables, items and a filter', async () => {
    const list = (await (await get('/ogc/collections')).json()) as { collections: { id: string; title: string }[] };
    expect(list.collections.find((c) => c.id === LAYER)?.title).toBe(HYDRANTS.title.ro);
    const one = (await (await get(`/ogc/collections/${LAYER}`)).json()) as {
      description: string;
      extent: { spatial: { bbox: number[][] } };
    };
    expect(one.description).toBe(HYDRANTS.title.en);
    expect(one.extent.spatial.bbox[0]![0]).toBeCloseTo(23.5891, 4);

    const q = (await (await get(`/ogc/collections/${LAYER}/queryables`)).json()) as {
      properties: Record<string, { type?: string; format?: string }>;
    };
    expect(Object.keys(q.properties).sort()).toEqual(
      ['code', 'flow_l_s', 'geometry', 'id', 'in_service', 'installed_on', 'kind', 'uat_siruta'].sort(),
    );
    expect(q.properties.geometry!.format).toBe('geometry-point');
    expect(q.properties.flow_l_s).toMatchObject({ type: 'number' });
    expect(q.properties.installed_on).toMatchObject({ type: 'string', format: 'date' });

    const page = (await (await get(`/ogc/collections/${LAYER}/items?limit=2`)).json()) as {
      numberMatched: number;
      features: {
        id: number;
        geometry: { type: string; coordinates: number[] };
        properties: Record<string, unknown>;
      }[];
      links: { rel: string }[];
    };
    expect(page.numberMatched).toBe(3);
    expect(page.features).toHaveLength(2);
    expect(page.links.some((l) => l.rel === 'next')).toBe(true);
    const first = page.features[0]!;
    expect(first.properties).toEqual({
      uat_siruta: 54975,
      code: 'H-1',
      kind: 'suprateran',
      installed_on: '2019-05-02',
      flow_l_s: 10.5,
      in_service: true,
    });
    expect(first.geometry.type).toBe('Point');
    expect(first.geometry.coordinates[0]).toBeCloseTo(23.5897, 6);
    expect(first.geometry.coordinates[1]).toBeCloseTo(46.7693, 6);

    const filtered = (await (
      await get(`/ogc/collections/${LAYER}/items?filter=${encodeURIComponent("flow_l_s > 6 OR kind = 'subteran'")}`)
    ).json()) as { features: { properties: { code: string } }[] };
    expect(filtered.features.map((f) => f.properties.code).sort()).toEqual(['H-1', 'H-2']);

    const item = await get(`/ogc/collections/${LAYER}/items/${first.id}`);
    expect(item.status).toBe(200);
    expect(((await item.json()) as { properties: { code: string } }).properties.code).toBe('H-1');
  });

  it('is exported as GeoJSON, CSV and FlatGeobuf', async () => {
    const geojson = (await (await get(`/api/export/${LAYER}.geojson`)).json()) as {
      features: { properties: Record<string, unknown> }[];
    };
    expect(geojson.features.map((f) => f.properties.code)).toEqual(['H-1', 'H-2', 'H-3']);
    expect(geojson.features[1]!.properties).toMatchObject({ flow_l_s: 5, in_service: false, installed_on: null });

    const csv = (await (await get(`/api/export/${LAYER}.csv`)).text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csv[0]).toBe('id,uat_siruta,code,kind,installed_on,flow_l_s,in_service,wkt');
    expect(csv).toHaveLength(4);
    expect(csv[1]).toMatch(/^\d+,54975,H-1,suprateran,2019-05-02,10.5,true,POINT\(23\.5897/);

    const fgb = await get(`/api/export/${LAYER}.fgb`);
    expect(fgb.status).toBe(200);
    const bytes = new Uint8Array(await fgb.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0x66, 0x67, 0x62]); // "fgb"
    if (!existsSync('/usr/bin/ogr2ogr')) return;
    const file = join(mkdtempSync(join(tmpdir(), 'atlas-catalog-')), `${LAYER}.fgb`);
    writeFileSync(file, bytes);
    const out = JSON.parse(
      (await promisify(execFile)('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file], { encoding: 'utf8' })).stdout,
    ) as { features: { properties: Record<string, unknown> }[] };
    expect(out.features.map((f) => f.properties.code)).toEqual(['H-1', 'H-2', 'H-3']);
    expect(out.features[0]!.properties).toMatchObject({ kind: 'suprateran', flow_l_s: 10.5 });
  });

  it('leaves the catalog when it is removed', async () => {
    unregister();
    expect((await get(`/ogc/collections/${LAYER}`)).status).toBe(404);
    expect((await get(`/api/export/${LAYER}.csv`)).status).toBe(404);
    const { z, x, y } = tileOf(23.5897, 46.7693, 15);
    expect((await get(`/tiles/${LAYER}/${z}/${x}/${y}.mvt`)).status).toBe(404);
    unregister = registerLayer(HYDRANTS);
  });
});
