// Issue 6: the two tile encoders give the same features and attributes; an import makes old tiles unreachable.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/src/connect.ts';
import { renderLayerTile } from '../../tiles/src/encode-mvt.ts';
import { LAYERS } from '../../tiles/src/layers.ts';
import { importFeatures } from '../../data-import/src/import-job.ts';
import { readGeojsonFile } from '../../data-import/src/readers/geojson.reader.ts';
import { testDb } from '../support/db.ts';
import { decodeMvt, tileOf } from '../support/mvt.ts';
import { FLORESTI } from '../support/fixtures.ts';
import { ROOT } from '../support/paths.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const CENTRE = [23.5897, 46.7693] as const;

describe('tile encoders', () => {
  it.each([12, 14, 15, 16])('ST_AsMVT and the JS encoder give the same features and attributes at z%i', async (z) => {
    const db = await testDb();
    const jsOnly: Db = { ...db, capabilities: { ...db.capabilities, asMvt: false } };
    const { x, y } = tileOf(CENTRE[0], CENTRE[1], z);
    for (const layer of LAYERS) {
      const js = decodeMvt(await renderLayerTile(jsOnly, layer, z, x, y))[layer] ?? [];
      if (!db.capabilities.asMvt) {
        // The embedded engine has only the JS encoder: it must still produce every feature of the tile query.
        expect(
          js.every(
            (f) =>
              typeof f.id === 'number' &&
              // UATs carry their SIRUTA code as the feature id (the atlas keys feature-state by it).
              (layer === 'uat' ? Number(f.properties['siruta']) : (f.properties.id ?? f.id)) === f.id,
          ),
          layer,
        ).toBe(true);
        continue;
      }
      const mvt = decodeMvt(await renderLayerTile(db, layer, z, x, y))[layer] ?? [];
      const byId = (fs: typeof js) => new Map(fs.map((f) => [f.id, f.properties]));
      const a = byId(mvt);
      const b = byId(js);
      // Features that clip to less than a pixel may be dropped by one encoder and kept by the other.
      const missing = [...a.keys()].filter((id) => !b.has(id));
      const extra = [...b.keys()].filter((id) => !a.has(id));
      expect(missing.length + extra.length, `${layer} z${z}: ${missing} / ${extra}`).toBeLessThanOrEqual(
        Math.max(1, a.size * 0.02),
      );
      for (const [id, props] of a) if (b.has(id)) expect(b.get(id), `${layer} ${id}`).toEqual(props);
      expect(a.size > 0 || layer === 'permits' || z < 14).toBe(true);
    }
  });
});

describe('tile cache', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('makes the old tiles unreachable when an import commits a new version', async () => {
    // A restriction tile over the Florești fixtures.
    const { z, x, y } = tileOf(23.46513, 46.74093, 12);
    const url = `${server.baseUrl}/tiles/restrictions/${z}/${x}/${y}.mvt`;
    const first = await fetch(url);
    const etag = first.headers.get('etag')!;
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);

    // Re-import the same fixture restrictions as a new version: same content, new dataset version.
    const db = await testDb();
    const source = await readGeojsonFile(join(ROOT, 'test/fixtures/issue-4-floresti/restrictions.geojson'));
    await importFeatures(db, {
      layer: 'restrictions',
      features: source.features,
      srs: source.srs,
      sourceFile: 'issue-4-floresti/restrictions.geojson',
      uat: FLORESTI,
    });
    await server.app.locals.tiles.refreshVersions();
    const after = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(after.status).not.toBe(304);
    expect(after.headers.get('etag')).not.toBe(etag);
  });
});
