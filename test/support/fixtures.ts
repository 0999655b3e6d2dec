// Hand-made fixtures loaded into the shared test database after the sample, each layer scoped to its own UAT so the
// sample's versions stay in force.
import { join } from 'node:path';
import type { Db } from '../../db/src/connect.ts';
import { importFeatures } from '../../data-import/src/import-job.ts';
import { readGeojsonFile } from '../../data-import/src/readers/geojson.reader.ts';
import { ROOT } from './paths.ts';

export const FLORESTI = 57706;
/** Baciu: one parcel and no zoning, plans or restrictions (issue 5: a certificate without zoning data). */
export const BACIU = 55838;
const FIXTURE_VALID_FROM = '2010-01-01T00:00:00Z';

export async function loadFixtures(db: Db): Promise<void> {
  const dir = join(ROOT, 'test/fixtures/issue-4-floresti');
  for (const layer of ['plans', 'zoning', 'restrictions', 'parcels'] as const) {
    const source = await readGeojsonFile(join(dir, `${layer}.geojson`));
    await importFeatures(db, {
      layer,
      features: source.features,
      srs: source.srs,
      sourceFile: `issue-4-floresti/${layer}.geojson`,
      uat: FLORESTI,
      validFrom: FIXTURE_VALID_FROM,
      importedBy: 'test fixtures',
    });
  }
  const baciu = await readGeojsonFile(join(ROOT, 'test/fixtures/issue-5-certificates/baciu-parcels.geojson'));
  await importFeatures(db, {
    layer: 'parcels',
    features: baciu.features,
    srs: baciu.srs,
    sourceFile: 'issue-5-certificates/baciu-parcels.geojson',
    uat: BACIU,
    validFrom: FIXTURE_VALID_FROM,
    importedBy: 'test fixtures',
  });
}
