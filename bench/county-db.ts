// The benchmark county (issue 14): the bench city in Cluj-Napoca and four copies of its generated parcels moved, in
// Stereo 70, onto other Cluj County UATs (real SIRUTA codes, centred on the real UATs' centroids), all loaded through
// the importer. 5 × 200,000 = 1,000,000 parcels by default. Built once and reused while its parcel count and schema
// match, like the bench city.
import { join } from 'node:path';
import type { Db } from '../db/src/connect.ts';
import { importFeatures, type GeoJsonFeature } from '../data-import/src/import-job.ts';
import { readGeojsonFile } from '../data-import/src/readers/geojson.reader.ts';
import { loadCity, openBenchDatabase, resetBenchDatabase, schemaKey } from './bench-db.ts';

export const CLUJ_NAPOCA = 54975;

export interface CountyCopy {
  siruta: number;
  name: string;
  /** the move applied to the city's parcels, metres east and north (Stereo 70) */
  dx: number;
  dy: number;
}

/**
 * The UATs that receive a copy: the largest ones (by area) whose copy, Cluj-Napoca's parcel extent centred on the
 * UAT's centroid, overlaps neither Cluj-Napoca's parcels nor another copy. (The four largest UATs of the county lie
 * side by side in the Apuseni: copies there would be stacked on one another.)
 */
export async function pickCopies(db: Db, copies: number): Promise<CountyCopy[]> {
  const { rows: ext } = await db.query<{ x0: number; y0: number; x1: number; y1: number }>(
    `SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
     FROM (SELECT ST_Extent(geom)::geometry AS e FROM parcels WHERE valid_to IS NULL AND uat_siruta = $1) s`,
    [CLUJ_NAPOCA],
  );
  const { rows: uats } = await db.query<{ siruta: number; name: string; x: number; y: number }>(
    `SELECT siruta, name, ST_X(ST_Centroid(geom)) AS x, ST_Y(ST_Centroid(geom)) AS y
     FROM uats WHERE valid_to IS NULL ORDER BY siruta = $1 DESC, ST_Area(geom) DESC, siruta`,
    [CLUJ_NAPOCA],
  );
  const city = ext[0]!;
  const home = uats[0]!;
  if (home.siruta !== CLUJ_NAPOCA) throw new Error('Cluj-Napoca is not among the UATs');
  type Box = [number, number, number, number];
  const taken: Box[] = [[city.x0, city.y0, city.x1, city.y1]];
  const overlaps = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  const out: CountyCopy[] = [];
  for (const u of uats.slice(1)) {
    if (out.length === copies) break;
    // Whole metres: the moved coordinates keep the generator's precision.
    const dx = Math.round(u.x - home.x);
    const dy = Math.round(u.y - home.y);
    const box: Box = [city.x0 + dx, city.y0 + dy, city.x1 + dx, city.y1 + dy];
    if (taken.some((t) => overlaps(t, box))) continue;
    taken.push(box);
    out.push({ siruta: u.siruta, name: u.name, dx, dy });
  }
  if (out.length < copies) throw new Error(`only ${out.length} UATs take a copy without overlap`);
  return out;
}

function move(coords: unknown, dx: number, dy: number): unknown {
  if (typeof (coords as number[])[0] === 'number') {
    const [x, y, ...rest] = coords as number[];
    return [x! + dx, y! + dy, ...rest];
  }
  return (coords as unknown[]).map((c) => move(c, dx, dy));
}

/** The city's parcels as a copy in another UAT: moved, and the UAT's SIRUTA in place of Cluj-Napoca's. */
async function* moved(
  features: AsyncIterable<GeoJsonFeature> | Iterable<GeoJsonFeature>,
  c: CountyCopy,
): AsyncGenerator<GeoJsonFeature> {
  for await (const f of features) {
    yield {
      ...f,
      properties: { ...f.properties, uat_siruta: c.siruta },
      geometry: f.geometry && { type: f.geometry.type, coordinates: move(f.geometry.coordinates, c.dx, c.dy) },
    };
  }
}

/** Opens (building when needed) the bench county: the city of `parcels` parcels and `copies` copies of its parcels. */
export async function benchCounty(
  adminUrl: string,
  parcels: number,
  copies = 4,
  seed = 42,
  log = (m: string) => process.stderr.write(`${m}\n`),
) {
  const total = parcels * (1 + copies);
  const name = `atlas_bench_county_${total}_${schemaKey()}`;
  const opened = await openBenchDatabase(adminUrl, name);
  const { url } = opened;
  let { db } = opened;
  const { rows } = await db.query<{ city: number; all: number; uats: number }>(
    `SELECT count(*) FILTER (WHERE uat_siruta = $1)::int AS city, count(*)::int AS all,
            count(DISTINCT uat_siruta)::int AS uats
     FROM parcels WHERE valid_to IS NULL`,
    [CLUJ_NAPOCA],
  );
  const have = rows[0]!;
  if (have.city !== parcels || have.all !== total || have.uats !== 1 + copies) {
    log(`building the bench county: ${parcels} parcels (seed ${seed}) and ${copies} copies in ${name} …`);
    const started = Date.now();
    await db.close();
    db = await resetBenchDatabase(url);
    await loadCity(db, parcels, seed, log, async (dir) => {
      for (const c of await pickCopies(db, copies)) {
        const t = Date.now();
        const src = await readGeojsonFile(join(dir, 'parcels.geojson'));
        await importFeatures(db, {
          layer: 'parcels',
          features: moved(src.features, c),
          srs: src.srs,
          sourceFile: `parcels-${c.siruta}.geojson`,
          uat: c.siruta,
          validFrom: '2015-01-01',
          synthetic: true,
          attribution: `Atlas (date sintetice: parcelele orașului generat, mutate în UAT ${c.name})`,
        });
        log(`  parcels of ${c.name} (${c.siruta}), moved ${c.dx} m E, ${c.dy} m N: ${Date.now() - t} ms`);
      }
    });
    await db.query('VACUUM ANALYZE');
    log(`  the county: ${Math.round((Date.now() - started) / 1000)} s`);
  }
  return { db, url };
}
