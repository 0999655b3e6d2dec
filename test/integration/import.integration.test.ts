// Issue 3: the import service on both engines: every format, every way of declaring the coordinate system, every
// bad input (refused with the file and feature or line named, nothing written), versions, dry runs, repairs,
// concurrency. Commits go to UATs no other test reads (Apahida, Feleacu, Aiton); failures must change nothing.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/src/connect.ts';
import {
  FeatureEncoder,
  ImportError,
  importFeatures,
  loadTarget,
  type GeoJsonFeature,
} from '../../data-import/src/import-job.ts';
import { LAYER_SPECS } from '../../data-import/src/layers/layer-specs.ts';
import { loadLayer } from '../../db/src/load/layer-load.ts';
import { runImport, type ImportRequest } from '../../data-import/src/import-service.ts';
import { parcelLookup } from '../../db/src/parcels.repository.ts';
import { readMappingFile } from '../../data-import/src/mapping-file.ts';
import { testDb, engineName } from '../support/db.ts';
import { AITON, APAHIDA, FELEACU, expectRefused, fixture, snapshot, syntheticParcels } from '../support/imports.ts';

const parcels = (file: string, extra: Partial<ImportRequest> = {}): ImportRequest => ({
  layer: 'parcels',
  file: fixture(file),
  uat: APAHIDA,
  importedBy: 'import tests',
  ...extra,
});

async function apahidaParcels(db: Db) {
  const { rows } = await db.query<{
    cadastral_number: string;
    land_book_number: string | null;
    intravilan: boolean;
    address: string;
    area_official_m2: number;
    area: number;
    x0: number;
    y0: number;
    has3857: boolean;
    dataset_version_id: number;
  }>(
    `SELECT cadastral_number, land_book_number, intravilan, address, area_official_m2, ST_Area(geom) AS area,
            ST_XMin(geom) AS x0, ST_YMin(geom) AS y0, geom_3857 IS NOT NULL AS has3857, dataset_version_id
     FROM parcels WHERE uat_siruta = $1 AND valid_to IS NULL ORDER BY cadastral_number`,
    [APAHIDA],
  );
  return rows;
}

describe('import formats', () => {
  it('imports a Stereo 70 GeoJSON FeatureCollection with Romanian field names as one version of the UAT', async () => {
    const db = await testDb();
    const r = await runImport(db, parcels('apahida-parcels-3844.geojson'));
    expect(r).toMatchObject({ features: 3, srs: 'EPSG:3844', format: 'geojson', dryRun: false });
    const rows = await apahidaParcels(db);
    expect(rows.map((p) => [p.cadastral_number, p.land_book_number, p.intravilan, p.area_official_m2])).toEqual([
      ['501001', '501001', true, 600],
      ['501002', '501002', false, 600],
      ['501003', null, true, 600],
    ]);
    // ş ţ with cedilla (legacy data) become ș ț with comma below
    expect(rows[0]!.address).toBe('Strada Ștefan cel Mare nr. 1');
    expect(rows[1]!.address).toBe('Strada Țăranilor nr. 2');
    for (const p of rows) {
      expect(p.area).toBeCloseTo(600, 3);
      expect(p.has3857).toBe(true);
      expect(p.dataset_version_id).toBe(r.datasetVersionId);
    }
    const { rows: v } = await db.query<Record<string, unknown>>(
      `SELECT layer, uat_siruta, source_file, source_crs, feature_count, length(source_sha256) AS sha, valid_to FROM dataset_versions WHERE id = $1`,
      [r.datasetVersionId],
    );
    expect(v[0]).toEqual({
      layer: 'parcels',
      uat_siruta: APAHIDA,
      source_file: 'apahida-parcels-3844.geojson',
      source_crs: 'EPSG:3844',
      feature_count: 3,
      sha: 64,
      valid_to: null,
    });
  });

  it('reprojects newline-delimited WGS84 GeoJSON in JS within 1 cm of PROJ, and keeps the replaced rows for as-of reads', async () => {
    const db = await testDb();
    const before = await apahidaParcels(db);
    const { rows: t } = await db.query<{ now: string }>(`SELECT now()::text AS now`);
    const r = await runImport(db, parcels('apahida-parcels-4326.geojsonl'));
    expect(r).toMatchObject({ features: 3, srs: 'EPSG:4326', format: 'geojsonseq' });
    const rows = await apahidaParcels(db);
    // The fixture's degrees were computed by cs2cs from these Stereo 70 corners (make-fixtures.mjs).
    expect(rows.map((p) => [p.x0, p.y0])).toHaveLength(3);
    rows.forEach((p, i) => {
      expect(Math.abs(p.x0 - (406600 + 20 * i))).toBeLessThan(0.01);
      expect(Math.abs(p.y0 - 588300)).toBeLessThan(0.01);
      expect(p.area).toBeCloseTo(600, 1);
    });
    // The previous version's rows stay, closed, and an as-of read still finds them.
    const { rows: old } = await db.query<{ n: number; closed: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE valid_to IS NOT NULL)::int AS closed FROM parcels
       WHERE uat_siruta = $1 AND dataset_version_id = $2`,
      [APAHIDA, before[0]!.dataset_version_id],
    );
    expect(old[0]).toEqual({ n: 3, closed: 3 });
    const { rows: asOf } = await db.query<{ id: number }>(
      `SELECT DISTINCT dataset_version_id AS id FROM parcels
       WHERE uat_siruta = $1 AND valid_from <= $2::timestamptz AND (valid_to IS NULL OR valid_to > $2::timestamptz)`,
      [APAHIDA, t[0]!.now],
    );
    expect(asOf.map((x) => x.id)).toEqual([before[0]!.dataset_version_id]);
    expect(r.replacedVersions).toEqual([before[0]!.dataset_version_id]);
  });

  it.each(['shp-cp1250.zip', 'shp-iso-8859-2.zip', 'shp-utf8.zip', 'shp-cp1250-no-cpg.zip'])(
    'imports the zipped Shapefile %s, DBF text decoded and normalised',
    async (name) => {
      const db = await testDb();
      const r = await runImport(db, parcels(name));
      expect(r).toMatchObject({ features: 3, srs: 'EPSG:3844', format: 'shapefile' });
      const rows = await apahidaParcels(db);
      expect(rows.map((p) => p.address)).toEqual([
        'Strada Ștefan cel Mare nr. 1',
        'Strada Țăranilor nr. 2',
        'Strada Florilor nr. 3',
      ]);
      expect(rows.map((p) => p.area)).toEqual([600, 600, 600]);
    },
  );

  it('imports indicators from a long and a wide CSV, with their metadata', async () => {
    const db = await testDb();
    const meta = (code: string) => ({
      code,
      name_ro: 'Indicator de test',
      name_en: 'Test indicator',
      unit: 'u',
      source: 'teste',
    });
    const long = await runImport(db, {
      layer: 'indicators',
      file: fixture('indicator-long.csv'),
      indicator: meta('test_long'),
    });
    const wide = await runImport(db, {
      layer: 'indicators',
      file: fixture('indicator-wide.csv'),
      indicator: meta('test_wide'),
    });
    expect([long.features, wide.features]).toEqual([3, 6]);
    const { rows } = await db.query<{ code: string; uat_siruta: number; year: number; value: number | null }>(
      `SELECT indicator_code AS code, uat_siruta, year, value FROM indicator_values
       WHERE indicator_code IN ('test_long', 'test_wide') AND valid_to IS NULL ORDER BY 1, 2, 3`,
    );
    expect(rows).toEqual([
      { code: 'test_long', uat_siruta: AITON, year: 2020, value: 4 },
      { code: 'test_long', uat_siruta: APAHIDA, year: 2020, value: 12.5 },
      { code: 'test_long', uat_siruta: APAHIDA, year: 2021, value: 13 },
      { code: 'test_wide', uat_siruta: AITON, year: 2020, value: 4 },
      { code: 'test_wide', uat_siruta: AITON, year: 2021, value: null },
      { code: 'test_wide', uat_siruta: AITON, year: 2022, value: 6 },
      { code: 'test_wide', uat_siruta: APAHIDA, year: 2020, value: 1 },
      { code: 'test_wide', uat_siruta: APAHIDA, year: 2021, value: 2 },
      { code: 'test_wide', uat_siruta: APAHIDA, year: 2022, value: 3 },
    ]);
    const { rows: ind } = await db.query(`SELECT name_en, unit FROM indicators WHERE code = 'test_long'`);
    expect(ind).toEqual([{ name_en: 'Test indicator', unit: 'u' }]);
  });
});

describe('import coordinate systems', () => {
  it.each([
    ['apahida-crs-after-features.geojson', 'EPSG:3844', undefined],
    ['apahida-crs-31700.geojson', 'EPSG:3844', undefined],
    ['apahida-crs84.geojson', 'EPSG:4326', undefined],
    ['apahida-no-crs-metres.geojson', 'EPSG:3844', 'EPSG:3844'],
    ['shp-epsg-prj.zip', 'EPSG:3844', undefined],
    ['shp-31700-prj.zip', 'EPSG:3844', undefined],
    ['apahida-parcels-4326.geojsonl', 'EPSG:4326', 'EPSG:4326'],
  ])('reads %s as %s (--srs %s) and lands on the same Stereo 70 corners', async (name, srs, forced) => {
    const db = await testDb();
    const r = await runImport(db, parcels(name, { srs: forced }));
    expect(r.srs).toBe(srs);
    const rows = await apahidaParcels(db);
    expect(rows).toHaveLength(3);
    expect(Math.abs(rows[0]!.x0 - 406600)).toBeLessThan(0.01);
    expect(Math.abs(rows[0]!.y0 - 588300)).toBeLessThan(0.01);
  });

  it('refuses metres declared as WGS84 and degrees declared as Stereo 70, saying so', async () => {
    const db = await testDb();
    await expectRefused(
      db,
      parcels('apahida-no-crs-metres.geojson'),
      /apahida-no-crs-metres\.geojson: 3 feature\(s\) refused\n {2}- feature 0, id P1: coordinate \(406600, 588300\) looks like Stereo 70 metres, but the file is declared as EPSG:4326/,
    );
    await expectRefused(
      db,
      parcels('degrees-as-stereo70.geojson'),
      /feature 0: coordinate \(23\.77\d+, 46\.78\d+\) looks like longitude\/latitude degrees, but the file is declared as EPSG:3844/,
    );
  });

  it('refuses an unsupported --srs', async () => {
    const db = await testDb();
    await expectRefused(
      db,
      parcels('apahida-parcels-3844.geojson', { srs: 'EPSG:2154' }),
      /unsupported coordinate system "EPSG:2154"/,
    );
  });
});

describe('import mapping, validity, dry run', () => {
  it('names the field and the candidates tried when a required field is missing; a mapping file fixes it', async () => {
    const db = await testDb();
    await expectRefused(
      db,
      parcels('apahida-numar.geojson'),
      /feature 0, field cadastral_number: required field cadastral_number is missing \(tried: cadastral_number, NR_CAD, nrcad, nr_cadastral, IE, cad_no/,
    );
    const mapping = await readMappingFile(fixture('mapping-numar.json'));
    const r = await runImport(db, parcels('apahida-numar.geojson', { mapping }));
    expect(r.features).toBe(3);
    expect((await apahidaParcels(db)).map((p) => p.cadastral_number)).toEqual(['501001', '501002', '501003']);
    await expectRefused(
      db,
      parcels('apahida-numar.geojson', { mapping: { numar: ['x'] } }),
      /column\(s\) numar that layer parcels does not have/,
    );
  });

  it('refuses an invalid geometry with feature index, id and reason; --repair fixes it and reports the change', async () => {
    const db = await testDb();
    const err = await expectRefused(
      db,
      parcels('apahida-bowtie.geojson'),
      /apahida-bowtie\.geojson: 1 invalid geometry \(use --repair/,
    );
    expect(err.problems).toEqual([
      { feature: 1, id: 'P2', reason: expect.stringMatching(/^Self-intersection\[406630 588315\]/) },
    ]);
    const r = await runImport(db, parcels('apahida-bowtie.geojson', { repair: true }));
    expect(r.repaired).toEqual([
      {
        feature: 1,
        id: 'P2',
        reason: expect.stringMatching(
          /Self-intersection.*repaired with ST_MakeValid \(area 0\.00 → 300\.00 m², 1 → 2 polygons\)/,
        ),
      },
    ]);
    const { rows } = await db.query<{ t: string; n: number; valid: boolean }>(
      `SELECT GeometryType(geom) AS t, ST_NumGeometries(geom) AS n, ST_IsValid(geom) AS valid FROM parcels
       WHERE uat_siruta = $1 AND valid_to IS NULL AND cadastral_number = '501002'`,
      [APAHIDA],
    );
    expect(rows).toEqual([{ t: 'MULTIPOLYGON', n: 2, valid: true }]);
    const { rows: v } = await db.query<{ report: unknown }>(`SELECT report FROM dataset_versions WHERE id = $1`, [
      r.datasetVersionId,
    ]);
    expect(v[0]!.report).toEqual({ repaired: r.repaired });
  });

  it('checks everything on a dry run and writes nothing', async () => {
    const db = await testDb();
    const before = await snapshot(db);
    const r = await runImport(db, parcels('shp-iso-8859-2.zip', { dryRun: true }));
    expect(r).toMatchObject({ dryRun: true, datasetVersionId: null, features: 3 });
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('import refuses bad input, naming the file and the feature or line, and writes nothing', () => {
  const meta = { code: 'test_bad', name_ro: 'x', name_en: 'x', unit: 'x', source: 'x' };
  it.each<[string, Partial<ImportRequest>, RegExp]>([
    ['empty.geojson', {}, /^empty\.geojson: the file is empty$/],
    ['not-a-zip.zip', {}, /^not-a-zip\.zip: not a ZIP archive/],
    ['no-shp.zip', {}, /^no-shp\.zip: the ZIP holds no \.shp file$/],
    [
      'path-outside.zip',
      {},
      /^path-outside\.zip: the entry "\.\.\/\.\.\/evil\/parcele\.shp" points outside the archive; refused$/,
    ],
    ['zip-bomb.zip', {}, /^zip-bomb\.zip: parcele\.shp expands \d+× to 20971520 bytes \(a zip bomb\?\); refused$/],
    ['truncated.geojson', {}, /^truncated\.geojson: the file ends inside the features array, after 1 feature/],
    [
      'wrong-geometry-type.geojson',
      {},
      /^wrong-geometry-type\.geojson: 1 feature\(s\) refused\n {2}- feature 1, id P2: geometry type LineString is not allowed in layer parcels \(expected Polygon or MultiPolygon\)$/,
    ],
    [
      'duplicate-cadastral.geojson',
      {},
      /^duplicate-cadastral\.geojson: duplicate uat_siruta \+ cadastral_number\n {2}- feature 2, id P3, field uat_siruta\+cadastral_number: uat_siruta\/cadastral_number 55687\/501001 appears in features 0, 2$/,
    ],
    [
      'unknown-siruta.geojson',
      { uat: undefined, dryRun: true },
      /^unknown-siruta\.geojson: unknown SIRUTA code\(s\) \(import the UAT layer first\)\n {2}- feature 1, field uat_siruta: no UAT with SIRUTA 999999$/,
    ],
    [
      'indicator-bad-year.csv',
      { layer: 'indicators', indicator: meta, uat: undefined },
      /^indicator-bad-year\.csv: 1 line\(s\) refused\n {2}- line 3, field year: year "20x1" is not a year$/,
    ],
    [
      'indicator-bad-value.csv',
      { layer: 'indicators', indicator: meta, uat: undefined },
      /^indicator-bad-value\.csv: 1 line\(s\) refused\n {2}- line 3, field value: value "abc" is not a number$/,
    ],
    [
      'indicator-unknown-siruta.csv',
      { layer: 'indicators', indicator: meta, uat: undefined },
      /^indicator-unknown-siruta\.csv: unknown SIRUTA code\(s\) \(import the UAT layer first\)\n {2}- line 3, field siruta: no UAT with SIRUTA 999999$/,
    ],
  ])('%s', async (name, extra, message) => {
    const db = await testDb();
    await expectRefused(db, parcels(name, extra), message);
  });
});

describe("the parcels table's unique index, behind the importer's own check", () => {
  // The rows are pushed straight to the load, past the importer's check of keys met twice: the database's unique
  // index (built at once after the rows are in) must refuse them the same way, naming the features, writing nothing.
  it.each([
    ['a UAT update, moved into the shared partition', 50],
    ['a version loaded as a partition of its own', 50_000],
  ])('refuses a key twice in %s', async (_, n) => {
    const db = await testDb();
    const features = syntheticParcels(AITON, n, 394000, 578000);
    features[n - 1]!.properties!['NR_CAD'] = features[3]!.properties!['NR_CAD'];
    const spec = LAYER_SPECS.parcels;
    const before = await snapshot(db);
    const err = await loadLayer(
      db,
      { target: loadTarget(spec), sourceFile: 'twice.geojson', srs: 'EPSG:3844', uat: AITON },
      async (rows) => {
        const encoder = new FeatureEncoder(spec, { srs: 'EPSG:3844', uat: AITON }, rows.binary);
        for (let i = 0; i < n; i++) {
          const w = rows.write(encoder.encode(features[i]!, i)!, i);
          if (w) await w;
        }
        expect(encoder.duplicates.size).toBe(1);
        return { count: n, sirutas: encoder.sirutas };
      },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).message).toBe(
      `twice.geojson: duplicate uat_siruta + cadastral_number\n  - feature ${n - 1}, field uat_siruta+cadastral_number: uat_siruta/cadastral_number ${AITON}/700003 appears in features 3, ${n - 1}`,
    );
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('import versions and concurrency', () => {
  /** Yields the features, pausing after `pauseAt` of them until `gate` resolves. */
  async function* paused(features: GeoJsonFeature[], pauseAt: number, reached: () => void, gate: Promise<void>) {
    for (let i = 0; i < features.length; i++) {
      if (i === pauseAt) {
        reached();
        await gate;
      }
      yield features[i]!;
    }
  }

  it('serialises two imports of the same layer; readers keep the previous version until the commit', async () => {
    const db = await testDb();
    const first = await importFeatures(db, {
      layer: 'parcels',
      features: syntheticParcels(FELEACU, 50, 394000, 578000),
      srs: 'EPSG:3844',
      sourceFile: 'feleacu-0.geojson',
      uat: FELEACU,
    });
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    let reached!: () => void;
    const halfway = new Promise<void>((r) => (reached = r));
    const order: string[] = [];
    const a = importFeatures(db, {
      layer: 'parcels',
      features: paused(syntheticParcels(FELEACU, 300, 394000, 578000, 710000), 150, reached, gate),
      srs: 'EPSG:3844',
      sourceFile: 'feleacu-a.geojson',
      uat: FELEACU,
    }).then((r) => (order.push('a'), r));
    await halfway;
    const b = importFeatures(db, {
      layer: 'parcels',
      features: syntheticParcels(FELEACU, 20, 394000, 578000, 720000),
      srs: 'EPSG:3844',
      sourceFile: 'feleacu-b.geojson',
      uat: FELEACU,
    }).then((r) => (order.push('b'), r));
    if (engineName() === 'postgis') {
      // While A is half-way, another connection still reads the previous version, and B waits for A's lock.
      const { rows } = await db.query<{ n: number; v: number }>(
        `SELECT count(*)::int AS n, min(dataset_version_id) AS v FROM parcels WHERE uat_siruta = $1 AND valid_to IS NULL`,
        [FELEACU],
      );
      expect(rows[0]).toEqual({ n: 50, v: first.datasetVersionId });
      await expect
        .poll(async () => {
          const { rows: w } = await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
          );
          return w[0]!.n;
        })
        .toBe(1);
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(order).toEqual([]);
    open();
    const [ra, rb] = await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
    expect(rb.datasetVersionId!).toBeGreaterThan(ra.datasetVersionId!);
    expect(ra.replacedVersions).toEqual([first.datasetVersionId]);
    expect(rb.replacedVersions).toEqual([ra.datasetVersionId]);
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM parcels WHERE uat_siruta = $1 AND valid_to IS NULL`,
      [FELEACU],
    );
    expect(rows[0]!.n).toBe(20);
  });

  it('takes versions of a UAT at one instant: the last is in force, the ones it replaced are read at no date', async () => {
    const db = await testDb();
    const IARA = 58008; // a UAT no other test writes
    const at = '2023-03-01T00:00:00.000Z';
    const versions: number[] = [];
    for (const k of [0, 1, 2]) {
      const r = await importFeatures(db, {
        layer: 'parcels',
        features: syntheticParcels(IARA, 30, 370000 + k, 560000, 740000),
        srs: 'EPSG:3844',
        sourceFile: `iara-${k}.geojson`,
        uat: IARA,
        validFrom: at,
      });
      versions.push(r.datasetVersionId!);
    }
    const { rows } = await db.query<{ v: number; open: boolean; empty: boolean | null; n: number }>(
      `SELECT dataset_version_id AS v, valid_to IS NULL AS open, valid_to = valid_from AS empty, count(*)::int AS n
       FROM parcels WHERE uat_siruta = $1 GROUP BY 1, 2, 3 ORDER BY 1`,
      [IARA],
    );
    expect(rows).toEqual([
      { v: versions[0], open: false, empty: true, n: 30 },
      { v: versions[1], open: false, empty: true, n: 30 },
      { v: versions[2], open: true, empty: null, n: 30 },
    ]);
    const found = await parcelLookup(db, { uat: IARA, number: '740007' }, at, at.slice(0, 10));
    expect(found?.dataset_version_id).toBe(versions[2]);
  });

  it('leaves everything as it was when the reader fails half-way (the transaction never commits)', async () => {
    const db = await testDb();
    const before = await snapshot(db);
    async function* broken() {
      yield* syntheticParcels(FELEACU, 100, 394000, 578000, 730000);
      throw new ImportError('feleacu.geojson: the file ends inside the features array, after 100 features');
    }
    await expect(
      importFeatures(db, {
        layer: 'parcels',
        features: broken(),
        srs: 'EPSG:3844',
        sourceFile: 'feleacu.geojson',
        uat: FELEACU,
      }),
    ).rejects.toThrow(/after 100 features/);
    expect(await snapshot(db)).toEqual(before);
  });
});
