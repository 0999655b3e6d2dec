// Issue 13: round trips. Our own exports (/api/export/parcels.geojson and .fgb) and the GeoPackage and GML that
// ogr2ogr makes of them import back to the same rows: the same parcels (UAT and cadastral number), the same
// attributes, the same geometries (within 2 cm: the GeoJSON export is in degrees with 7 decimals). Each import runs
// whole, through the importer, as a dry run: the rows are compared inside its transaction with those in force, then
// rolled back, so the shared test database is left as it was.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFeatures } from '../../data-import/src/import-job.ts';
import { openFeatureFile } from '../../data-import/src/readers/open-source.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { snapshot } from '../support/imports.ts';
import { testDb } from '../support/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'atlas-roundtrip-'));
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  for (const ext of ['geojson', 'fgb']) {
    const res = await fetch(`${server.baseUrl}/api/export/parcels.${ext}`);
    expect(res.status).toBe(200);
    writeFileSync(join(dir, `parcels.${ext}`), new Uint8Array(await res.arrayBuffer()));
  }
  // ogr2ogr, a real client, makes the GeoPackage (Stereo 70) and the GML 3.2 (URN srsName, northing first).
  const ogr = (...args: string[]) => execFileSync('ogr2ogr', args, { stdio: 'ignore' });
  ogr('-f', 'GPKG', join(dir, 'parcels.gpkg'), join(dir, 'parcels.fgb'), '-nln', 'parcels');
  ogr('-f', 'GML', join(dir, 'parcels.gml'), join(dir, 'parcels.fgb'), '-dsco', 'FORMAT=GML3.2', '-nln', 'parcels');
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Compared {
  loaded: number;
  matched: number;
  attributesDiffer: number;
  maxDistance: number;
}

describe('round trips: exports and ogr2ogr copies import back to the same rows', () => {
  it.each([
    ['parcels.geojson', 'geojson', 0.02],
    ['parcels.fgb', 'flatgeobuf', 0.001],
    ['parcels.gpkg', 'geopackage', 0.001],
    ['parcels.gml', 'gml', 0.001],
  ])(
    '%s (%s)',
    async (file, format, tolerance) => {
      const db = await testDb();
      const before = await snapshot(db);
      const { rows: current } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM parcels WHERE valid_to IS NULL',
      );
      const source = await openFeatureFile(join(dir, file));
      expect(source.format).toBe(format);
      let compared: Compared | undefined;
      try {
        const report = await importFeatures(db, {
          layer: 'parcels',
          features: source.features,
          srs: source.srs,
          sourceFile: file,
          dryRun: true,
          importedBy: 'round-trip test',
          // Inside the import's transaction: the new rows beside the ones they replace (closed at the new version's
          // valid_from, until the rollback).
          afterLoad: async (tx, version) => {
            const { rows } = await tx.query<Compared>(
              `SELECT (SELECT count(*) FROM parcels WHERE dataset_version_id = $1)::int AS loaded,
                      count(*)::int AS matched,
                      count(*) FILTER (WHERE (n.land_book_number, n.area_official_m2, n.land_use, n.intravilan, n.address)
                                IS DISTINCT FROM (o.land_book_number, o.area_official_m2, o.land_use, o.intravilan, o.address))::int
                        AS "attributesDiffer",
                      coalesce(max(ST_HausdorffDistance(n.geom, o.geom)), 0) AS "maxDistance"
               FROM parcels n JOIN parcels o
                 ON o.uat_siruta = n.uat_siruta AND o.cadastral_number = n.cadastral_number
                AND o.dataset_version_id <> n.dataset_version_id AND o.valid_to = n.valid_from
               WHERE n.dataset_version_id = $1`,
              [version],
            );
            compared = rows[0];
          },
        });
        expect(report.dryRun).toBe(true);
      } finally {
        await source.cleanup();
      }
      expect(compared).toBeDefined();
      expect(compared!.loaded).toBe(current[0]!.n);
      expect(compared!.matched).toBe(current[0]!.n);
      expect(compared!.attributesDiffer).toBe(0);
      expect(compared!.maxDistance).toBeLessThan(tolerance);
      expect(await snapshot(db)).toEqual(before);
    },
    300_000,
  );
});
