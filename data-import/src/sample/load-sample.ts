// Loads the sample dataset of Cluj County and Cluj-Napoca through the import service: the real files shipped in
// data-import/sample/real, and the synthetic layers written by the project's seeded generator.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../../db/src/connect.ts';
import { generateCity } from '../generator/generate-city.ts';
import { writeDataset } from '../generator/write-dataset.ts';
import { importFeatures, type GeometryLayer } from '../import-job.ts';
import { importIndicatorCsv, type IndicatorMeta } from '../indicators-import.ts';
import { importSirutaCsv } from '../siruta-import.ts';
import { readGeojsonFile } from '../readers/geojson.reader.ts';

export const SAMPLE_DIR = fileURLToPath(new URL('../../sample/real/', import.meta.url));
export const SAMPLE_SEED = 42;
export const SAMPLE_PARCELS = 6000;
/** The sample's data versions are in force from this date, so that as-of-date reads work for recent years. */
export const SAMPLE_VALID_FROM = '2015-01-01T00:00:00Z';

export const FIRE_INDICATOR: IndicatorMeta = {
  code: 'fire_detections',
  name_ro: 'Detecții de incendii din satelit',
  name_en: 'Satellite fire detections',
  unit: 'detecții/an',
  source: 'NASA FIRMS, agregat pe UAT de mariusbudileanu/romania-fire-dashboard (date reale)',
  description: 'Numărul de detecții de incendii active (MODIS/VIIRS) în limitele UAT, pe an.',
  synthetic: false,
};

interface Logger {
  info(obj: object, msg?: string): void;
}

export interface SampleSummary {
  layers: Record<string, number>;
  ms: number;
}

export async function loadSample(
  db: Db,
  opts: { log?: Logger; seed?: number; parcels?: number } = {},
): Promise<SampleSummary> {
  const started = Date.now();
  const layers: Record<string, number> = {};
  const note = (layer: string, n: number) => {
    layers[layer] = n;
    opts.log?.info({ layer, features: n, ms: Date.now() - started }, 'sample layer imported');
  };

  note('siruta', (await importSirutaCsv(db, join(SAMPLE_DIR, 'ro-siruta/siruta.csv'))).units);
  note('uat', await importFile(db, 'uat', join(SAMPLE_DIR, 'ro-uat-boundaries/cluj_uat.geojson')));

  const dir = await mkdtemp(join(tmpdir(), 'atlas-sample-'));
  try {
    const dataset = generateCity({ seed: opts.seed ?? SAMPLE_SEED, parcels: opts.parcels ?? SAMPLE_PARCELS });
    await writeDataset(dataset, dir);
    for (const layer of ['plans', 'zoning', 'restrictions', 'parcels', 'permits'] as const) {
      note(layer, await importFile(db, layer, join(dir, `${layer}.geojson`)));
    }
    const fire = await importIndicatorCsv(db, {
      meta: FIRE_INDICATOR,
      file: join(SAMPLE_DIR, 'ro-uat-fire-indicators/cluj_uat_fire_year.csv'),
      valueColumn: 'count',
      validFrom: SAMPLE_VALID_FROM,
    });
    note(FIRE_INDICATOR.code, fire.values);
    const metas = JSON.parse(await readFile(join(dir, 'indicators/indicators.json'), 'utf8')) as IndicatorMeta[];
    for (const meta of metas) {
      const r = await importIndicatorCsv(db, {
        meta,
        file: join(dir, `indicators/${meta.code}.csv`),
        validFrom: SAMPLE_VALID_FROM,
      });
      note(meta.code, r.values);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { layers, ms: Date.now() - started };
}

async function importFile(db: Db, layer: GeometryLayer, file: string): Promise<number> {
  const source = await readGeojsonFile(file);
  const report = await importFeatures(db, {
    layer,
    features: source.features,
    srs: source.srs,
    sourceFile: file.split('/').pop()!,
    totalHint: source.total,
    validFrom: SAMPLE_VALID_FROM,
    importedBy: 'sample',
  });
  return report.features;
}
