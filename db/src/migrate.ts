// Runs the knex migrations. The list is static (imported modules, not a directory scan) so that it works the same
// under tsx, vitest and a bundled build.
import type { Knex } from 'knex';
import * as createDataModel from '../migrations/20261124080000_create_data_model.ts';
import * as createImportJobs from '../migrations/20261124090000_create_import_jobs.ts';
import * as createOverlayParts from '../migrations/20261124100000_create_overlay_parts.ts';
import * as createParcelSearchIndexes from '../migrations/20261124103000_create_parcel_search_indexes.ts';
import * as createCertificateSequences from '../migrations/20261124110000_create_certificate_sequences.ts';
import * as partitionParcels from '../migrations/20261124120000_partition_parcels.ts';
import * as tileIndexesCurrentRows from '../migrations/20261124130000_tile_indexes_current_rows.ts';
import * as parcelsOneKeyIndex from '../migrations/20261124150000_parcels_one_key_index.ts';
import * as createIndicatorCatalogue from '../migrations/20261205100000_create_indicator_catalogue.ts';
import * as adminTokenExpiryAndJobRunner from '../migrations/20261205120000_admin_token_expiry_and_job_runner.ts';
import * as createCertificateRequests from '../migrations/20261205130000_create_certificate_requests.ts';
import * as datasetVersionsProvenance from '../migrations/20261206100000_dataset_versions_provenance.ts';
import * as createParcelAddressSearch from '../migrations/20261206110000_create_parcel_address_search.ts';
import * as createContextLayers from '../migrations/20261206200000_create_context_layers.ts';
import * as intravilanUnknownAndLimits from '../migrations/20261206300000_intravilan_unknown_and_limits.ts';
import * as createRateLimitHits from '../migrations/20261206400000_create_rate_limit_hits.ts';
import * as indicatorEnglishTexts from '../migrations/20261207100000_indicator_english_texts.ts';
import * as storeParcelAddressKey from '../migrations/20261207110000_store_parcel_address_key.ts';
import { DatabaseStartupError, type Db } from './connect.ts';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const MIGRATIONS: ReadonlyArray<readonly [string, Migration]> = [
  ['20261124080000_create_data_model', createDataModel],
  ['20261124090000_create_import_jobs', createImportJobs],
  ['20261124100000_create_overlay_parts', createOverlayParts],
  ['20261124103000_create_parcel_search_indexes', createParcelSearchIndexes],
  ['20261124110000_create_certificate_sequences', createCertificateSequences],
  ['20261124120000_partition_parcels', partitionParcels],
  ['20261124130000_tile_indexes_current_rows', tileIndexesCurrentRows],
  ['20261124150000_parcels_one_key_index', parcelsOneKeyIndex],
  ['20261205100000_create_indicator_catalogue', createIndicatorCatalogue],
  ['20261205120000_admin_token_expiry_and_job_runner', adminTokenExpiryAndJobRunner],
  ['20261205130000_create_certificate_requests', createCertificateRequests],
  ['20261206100000_dataset_versions_provenance', datasetVersionsProvenance],
  ['20261206110000_create_parcel_address_search', createParcelAddressSearch],
  ['20261206200000_create_context_layers', createContextLayers],
  ['20261206300000_intravilan_unknown_and_limits', intravilanUnknownAndLimits],
  ['20261206400000_create_rate_limit_hits', createRateLimitHits],
  ['20261207100000_indicator_english_texts', indicatorEnglishTexts],
  ['20261207110000_store_parcel_address_key', storeParcelAddressKey],
];

const source: Knex.MigrationSource<readonly [string, Migration]> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};

/** Brings the schema up to date; returns the names of the migrations it ran. */
export async function migrate(db: Db): Promise<string[]> {
  try {
    const [, ran] = (await db.knex.migrate.latest({ migrationSource: source })) as [number, string[]];
    return ran;
  } catch (err) {
    const message = (err as Error).message;
    if (/migration directory is corrupt|missing/i.test(message)) {
      throw new DatabaseStartupError(
        `The database was migrated by a newer version of Atlas (${message.replace(/\s+/g, ' ')}); upgrade Atlas or use another database`,
      );
    }
    throw err;
  }
}

/** Undoes the newest migration that ran (its `down`). */
export async function rollbackLast(db: Db): Promise<void> {
  await db.knex.migrate.down({ migrationSource: source });
}

export async function rollbackAll(db: Db): Promise<void> {
  await db.knex.migrate.rollback({ migrationSource: source }, true);
}
