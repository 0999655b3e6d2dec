// Issue 13: the files administrations hold. GeoPackage (every feature table, its CRS from gpkg_spatial_ref_sys),
// INSPIRE GML 3.2, parcels with few attributes (the UAT from the UAT polygon, intravilan from the built-up area
// limits, else unknown), and the bad cases, each refused naming the file and the feature with nothing written.
// Commits go to UATs no other test reads (Chinteni, Vultureni, Ciurila, Panticeu).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/src/connect.ts';
import { runImport, type ImportRequest } from '../../data-import/src/import-service.ts';
import { openFeatureFile } from '../../data-import/src/readers/open-source.ts';
import { withLocatedUat } from '../../data-import/src/uat-locator.ts';
import { LAYER_SPECS } from '../../data-import/src/layers/layer-specs.ts';
import { ROOT } from '../support/paths.ts';
import { expectRefused } from '../support/imports.ts';
import { testDb } from '../support/db.ts';

export const FORMATS = join(ROOT, 'test/fixtures/issue-13-formats');
const CHINTENI = 56988;
const VULTURENI = 60099;

const req = (layer: string, file: string, extra: Partial<ImportRequest> = {}): ImportRequest => ({
  layer,
  file: join(FORMATS, file),
  importedBy: 'format tests',
  ...extra,
});

async function parcelsOf(db: Db, siruta: number) {
  const { rows } = await db.query<{
    cadastral_number: string;
    land_book_number: string | null;
    intravilan: boolean | null;
    intravilan_derived: boolean;
    address: string | null;
    area: number;
    x0: number;
    y0: number;
    dataset_version_id: number;
  }>(
    `SELECT cadastral_number, land_book_number, intravilan, intravilan_derived, address, ST_Area(geom) AS area,
            ST_XMin(geom) AS x0, ST_YMin(geom) AS y0, dataset_version_id
     FROM parcels WHERE uat_siruta = $1 AND valid_to IS NULL ORDER BY cadastral_number`,
    [siruta],
  );
  return rows;
}

describe('GeoPackage import', () => {
  it('imports a Stereo 70 GeoPackage feature table with its CRS from gpkg_spatial_ref_sys', async () => {
    const db = await testDb();
    const r = await runImport(db, req('parcels', 'chinteni-parcels.gpkg', { uat: CHINTENI }));
    expect(r).toMatchObject({ features: 3, srs: 'EPSG:3844', format: 'geopackage', dryRun: false });
    const rows = await parcelsOf(db, CHINTENI);
    expect(rows.map((p) => [p.cadastral_number, p.land_book_number, p.intravilan, p.address])).toEqual([
      ['601001', '601001', true, 'Strada Ștefan cel Mare nr. 1'],
      ['601002', null, false, 'Strada Țăranilor nr. 2'],
      ['601003', '601003', true, 'Strada Florilor nr. 3'],
    ]);
    for (const p of rows) expect(p.area).toBeCloseTo(600, 3);
    expect(rows[0]!.x0).toBeCloseTo(392200, 3);
    expect(rows[0]!.y0).toBeCloseTo(599400, 3);
  });

  it('reprojects a WGS84 GeoPackage to the same rows within a centimetre', async () => {
    const db = await testDb();
    const r = await runImport(db, req('parcels', 'chinteni-parcels-4326.gpkg', { uat: CHINTENI }));
    expect(r).toMatchObject({ features: 3, srs: 'EPSG:4326', format: 'geopackage' });
    const rows = await parcelsOf(db, CHINTENI);
    expect(rows).toHaveLength(3);
    expect(rows[0]!.x0).toBeCloseTo(392200, 1);
    expect(rows[0]!.y0).toBeCloseTo(599400, 1);
    expect(rows[2]!.area).toBeCloseTo(600, 0);
  });

  it('chooses a table with --table and names the tables when there are several', async () => {
    const db = await testDb();
    await expectRefused(
      db,
      req('parcels', 'two-tables.gpkg'),
      /two-tables\.gpkg: the GeoPackage holds 2 feature tables \(intravilan, parcele\); choose one with --table/,
    );
    await expectRefused(
      db,
      req('parcels', 'two-tables.gpkg', { table: 'cladiri' }),
      /two-tables\.gpkg: no feature table "cladiri" \(its feature tables: intravilan, parcele\)/,
    );
    const r = await runImport(db, req('parcels', 'two-tables.gpkg', { table: 'parcele', dryRun: true, uat: CHINTENI }));
    expect(r).toMatchObject({ features: 3, dryRun: true, format: 'geopackage' });
  });

  it.each([
    ['wrong-crs.gpkg', /wrong-crs\.gpkg: table parcele: unsupported coordinate system EPSG:3857/],
    [
      'broken-wkb.gpkg',
      /broken-wkb\.gpkg: table parcele: 1 feature\(s\) refused\n {2}- feature 1, id 2, field geom: broken geometry: the WKB is cut short/,
    ],
    [
      'mixed-geometry.gpkg',
      /mixed-geometry\.gpkg: 1 feature\(s\) refused\n {2}- feature 2, id 3: geometry type Point is not allowed in layer parcels/,
    ],
    ['../bad/files/fake.gpkg', /fake\.gpkg: not a GeoPackage \(the file is not an SQLite database\)/],
  ])('refuses %s naming the file and the feature, writing nothing', async (file, message) => {
    const db = await testDb();
    await expectRefused(db, req('parcels', file), message);
  });
});

describe('parcels with few attributes', () => {
  it('takes the UAT from the UAT polygon that contains each parcel when the file has no SIRUTA and no --uat', async () => {
    const db = await testDb();
    const source = await openFeatureFile(join(FORMATS, 'vultureni-few-attributes.gpkg'));
    try {
      const located = await withLocatedUat(db, source.features, LAYER_SPECS.parcels, source.srs, undefined);
      const sirutas: unknown[] = [];
      for await (const f of located) sirutas.push(f.properties?.uat_siruta);
      expect(sirutas).toEqual([VULTURENI, VULTURENI, VULTURENI, VULTURENI]);
    } finally {
      await source.cleanup();
    }
    // A dry run of the whole import passes (a commit without --uat would replace the whole layer: not in a test).
    const r = await runImport(db, req('parcels', 'vultureni-few-attributes.gpkg', { dryRun: true }));
    expect(r).toMatchObject({ features: 4, dryRun: true, format: 'geopackage' });
  });

  it('imports parcels with a cadastral number and a geometry only, intravilan unknown (NULL)', async () => {
    const db = await testDb();
    const r = await runImport(db, req('parcels', 'vultureni-few-attributes.gpkg', { uat: VULTURENI }));
    expect(r).toMatchObject({ features: 4, format: 'geopackage' });
    const rows = await parcelsOf(db, VULTURENI);
    expect(rows.map((p) => [p.cadastral_number, p.intravilan])).toEqual([
      ['701001', null],
      ['701002', null],
      ['701003', null],
      ['701004', null],
    ]);
  });

  it('refuses a parcel outside every UAT polygon when the file has no SIRUTA, saying how to give it', async () => {
    const db = await testDb();
    const err = await expectRefused(
      db,
      req('parcels', 'outside-uats.geojson'),
      /outside-uats\.geojson: 1 feature\(s\) refused/,
    );
    expect(err.message).toMatch(
      /feature 0, id X1, field uat_siruta: required field uat_siruta is missing \(tried: .*\); give --uat/,
    );
  });
});

const CIURILA = 57225;
const PANTICEU = 58856;

describe('GML import', () => {
  it.each([
    ['ciurila-cp-urn-3844.gml', 'EPSG:3844', 3],
    ['ciurila-cp-url-4326.gml', 'EPSG:4326', 1],
    ['ciurila-cp-epsg-4326.gml', 'EPSG:4326', 1],
  ])(
    'imports INSPIRE cadastral parcels from %s (%s, axis order of its srsName) onto the same rows',
    async (file, srs, digits) => {
      const db = await testDb();
      const r = await runImport(db, req('parcels', file, { uat: CIURILA }));
      expect(r).toMatchObject({ features: 3, srs, format: 'gml' });
      const { rows } = await db.query<{
        cadastral_number: string;
        area_official_m2: number;
        intravilan: boolean | null;
        x0: number;
        y0: number;
        area: number;
      }>(
        `SELECT cadastral_number, area_official_m2, intravilan, ST_XMin(geom) AS x0, ST_YMin(geom) AS y0,
                ST_Area(geom) AS area
         FROM parcels WHERE uat_siruta = $1 AND valid_to IS NULL ORDER BY cadastral_number`,
        [CIURILA],
      );
      expect(rows.map((p) => [p.cadastral_number, p.area_official_m2, p.intravilan])).toEqual([
        ['801001', 600, null],
        ['801002', 600, null],
        ['801003', 600, null],
      ]);
      expect(rows[0]!.x0).toBeCloseTo(389600, digits);
      expect(rows[0]!.y0).toBeCloseTo(573300, digits);
      expect(rows[1]!.area).toBeCloseTo(600, 0);
    },
  );

  it('imports INSPIRE Planned Land Use zoning elements with their regulation attributes', async () => {
    const db = await testDb();
    const r = await runImport(db, req('zoning', 'panticeu-plu-zoning.gml', { uat: PANTICEU }));
    expect(r).toMatchObject({ features: 2, srs: 'EPSG:3844', format: 'gml' });
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT plan_code, code, name, pot_max_pct, cut_max, height_max_m, regulations, ST_XMin(geom) AS x0
       FROM zoning_units WHERE uat_siruta = $1 AND valid_to IS NULL ORDER BY code`,
      [PANTICEU],
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      plan_code: 'SP.PUG_PANTICEU_2015',
      code: 'L1',
      name: 'Locuințe individuale',
      pot_max_pct: 35,
      cut_max: 0.9,
      height_max_m: 10,
    });
    expect(rows[0]!.x0 as number).toBeCloseTo(390500, 3);
    expect(rows[1]!.regulations).toMatchObject({
      hilucsLandUse: '5_ResidentialUse',
      regulationNature: 'generallyBinding',
      validFrom: '2015-06-30',
      dimensioningIndication: { POT: 50, CUT: 1.5, maximumHeight: 14 },
    });
  });

  it.each([
    ['wrong-crs.gml', /wrong-crs\.gml: unsupported coordinate system "urn:ogc:def:crs:EPSG::3857"/],
    [
      'no-geometry.gml',
      /no-geometry\.gml: 1 feature\(s\) refused\n {2}- feature 1, id CP\.57225\.801002: the feature has no geometry/,
    ],
    [
      'mixed-geometry.gml',
      /mixed-geometry\.gml: 1 feature\(s\) refused\n {2}- feature 2, id CP\.57225\.801003: geometry type Point is not allowed in layer parcels/,
    ],
  ])('refuses %s naming the file and the feature, writing nothing', async (file, message) => {
    const db = await testDb();
    await expectRefused(db, req('parcels', file), message);
  });
});

describe('intravilan from the built-up area limits', () => {
  const status = async (db: Db) =>
    (await parcelsOf(db, VULTURENI)).map((p) => [p.cadastral_number, p.intravilan, p.intravilan_derived]);

  it('refuses a limit drawn as a line that is not closed', async () => {
    const db = await testDb();
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'atlas-intravilan-')), 'open-line.geojson');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        crs: { type: 'name', properties: { name: 'EPSG:3844' } },
        features: [
          {
            type: 'Feature',
            id: 'L1',
            properties: { SIRUTA: VULTURENI },
            geometry: {
              type: 'LineString',
              coordinates: [
                [391790, 607390],
                [391840, 607390],
                [391840, 607440],
                [391790, 607440],
              ],
            },
          },
        ],
      }),
    );
    await expectRefused(
      db,
      { layer: 'intravilan', file, importedBy: 'format tests' },
      /open-line\.geojson: 1 feature\(s\) refused\n {2}- feature 0, id L1: the LineString is not closed/,
    );
  });

  it('works the status out from a closed-line limit, in a new dataset version of the parcels', async () => {
    const db = await testDb();
    if ((await status(db)).length === 0)
      await runImport(db, req('parcels', 'vultureni-few-attributes.gpkg', { uat: VULTURENI }));
    expect((await status(db)).map((s) => s[1])).toEqual([null, null, null, null]);
    const before = (await parcelsOf(db, VULTURENI))[0]!.dataset_version_id;
    const r = await runImport(db, req('intravilan', 'vultureni-intravilan-line.geojson'));
    expect(r).toMatchObject({ layer: 'intravilan', features: 1 });
    expect(r.intravilan).toMatchObject({ changed: 4 });
    expect(await status(db)).toEqual([
      ['701001', true, true],
      ['701002', true, true],
      ['701003', false, true],
      ['701004', false, true],
    ]);
    const rows = await parcelsOf(db, VULTURENI);
    expect(rows[0]!.dataset_version_id).toBe(r.intravilan!.datasetVersionId);
    // The unknown rows are kept, closed: the parcels as they were before stay readable.
    const { rows: old } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM parcels WHERE dataset_version_id = $1 AND valid_to IS NOT NULL AND intravilan IS NULL`,
      [before],
    );
    expect(old[0]!.n).toBe(4);
    const { rows: v } = await db.query<{ layer: string; source_file: string; feature_count: number }>(
      `SELECT layer, source_file, feature_count FROM dataset_versions WHERE id = $1`,
      [r.intravilan!.datasetVersionId],
    );
    expect(v[0]).toMatchObject({ layer: 'parcels', feature_count: 4 });
    expect(v[0]!.source_file).toMatch(/built-up area limits \(dataset version \d+\)/);
  });

  it('works it out again when new limits are imported, changing only the parcels whose status changes', async () => {
    const db = await testDb();
    const r = await runImport(db, req('intravilan', 'vultureni-intravilan-2026.gpkg'));
    expect(r.intravilan).toMatchObject({ changed: 2 });
    expect((await status(db)).map((s) => s[1])).toEqual([true, true, true, true]);
    // Importing the same limits again changes nothing, and makes no parcel version.
    const again = await runImport(db, req('intravilan', 'vultureni-intravilan-2026.gpkg'));
    expect(again.intravilan).toEqual({ datasetVersionId: null, changed: 0 });
  });

  it('gives parcels imported after the limits their status at once; a status in the file is never touched', async () => {
    const db = await testDb();
    const r = await runImport(db, req('parcels', 'vultureni-few-attributes.gpkg', { uat: VULTURENI }));
    const rows = await parcelsOf(db, VULTURENI);
    expect(rows.map((p) => [p.intravilan, p.intravilan_derived, p.dataset_version_id])).toEqual(
      rows.map(() => [true, true, r.datasetVersionId]),
    );
    // Chinteni's parcels say intravilan DA/NU in their file: no limits there, and the derivation leaves them alone.
    const chinteni = await parcelsOf(db, CHINTENI);
    expect(chinteni.map((p) => p.intravilan_derived)).toEqual([false, false, false]);
  });

  it('answers a parcel of unknown status with "nu figurează în date" / "not in the data"', async () => {
    const db = await testDb();
    const { asOf, parcelAnswerByNumber } = await import('../../server/src/parcels/parcel.service.ts');
    const a = await parcelAnswerByNumber(db, 57225, '801001', asOf());
    expect(a).toMatchObject({
      intravilan: null,
      intravilan_source: null,
      intravilan_text: { ro: 'nu figurează în date', en: 'not in the data' },
    });
    const b = await parcelAnswerByNumber(db, VULTURENI, '701003', asOf());
    expect(b).toMatchObject({ intravilan: true, intravilan_source: 'intravilan_limits' });
  });
});
