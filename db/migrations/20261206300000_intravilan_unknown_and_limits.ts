// Issue 13: parcels with few attributes. Intravilan/extravilan is no longer required of a parcel file: it comes from the
// file when present, else from the built-up area limits (`intravilan_areas`, an importable layer) when they are
// loaded for the parcel's UAT, else it stays unknown (NULL), and the answers say "not in the data".
// `intravilan_derived` marks a status worked out from the limits (data-import/src/intravilan.ts): a new import of
// the limits works it out again, in a new dataset version of the parcels; a status from the file is never touched.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE parcels ALTER COLUMN intravilan DROP NOT NULL');
  await knex.raw('ALTER TABLE parcels ADD COLUMN intravilan_derived boolean NOT NULL DEFAULT false');

  await knex.schema.createTable('intravilan_areas', (t) => {
    t.bigIncrements('id');
    t.integer('uat_siruta').notNullable();
    t.text('name');
    t.integer('dataset_version_id').notNullable().references('id').inTable('dataset_versions');
    t.timestamp('valid_from', { useTz: true }).notNullable();
    t.timestamp('valid_to', { useTz: true });
  });
  await knex.raw('ALTER TABLE intravilan_areas ADD COLUMN geom geometry(MultiPolygon, 3844) NOT NULL');
  await knex.raw(
    'ALTER TABLE intravilan_areas ADD COLUMN geom_3857 geometry(MultiPolygon, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED',
  );
  await knex.raw('CREATE INDEX intravilan_areas_geom_gix ON intravilan_areas USING gist (geom)');
  await knex.raw('CREATE INDEX intravilan_areas_geom_3857_gix ON intravilan_areas USING gist (geom_3857)');
  await knex.raw('CREATE INDEX intravilan_areas_valid_idx ON intravilan_areas (valid_from, valid_to)');
  await knex.raw('CREATE INDEX intravilan_areas_dataset_version_id_idx ON intravilan_areas (dataset_version_id)');
  await knex.raw(
    'CREATE INDEX intravilan_areas_uat_siruta_idx ON intravilan_areas (uat_siruta) WHERE valid_to IS NULL',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('intravilan_areas');
  await knex.raw('ALTER TABLE parcels DROP COLUMN intravilan_derived');
  await knex.raw('UPDATE parcels SET intravilan = false WHERE intravilan IS NULL');
  await knex.raw('ALTER TABLE parcels ALTER COLUMN intravilan SET NOT NULL');
}
