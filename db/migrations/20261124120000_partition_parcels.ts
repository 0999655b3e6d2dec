// Parcels partitioned for bulk loading (issue #3: import speed). A large import (a city, a county) loads its rows into
// a table of its own with no index, builds the indexes in bulk (sorted GiST and B-tree builds, several times cheaper
// than row-by-row index inserts), and attaches the table as a partition of `parcels`, all in the import's transaction:
// readers see the previous rows until COMMIT, and a failed or killed import leaves nothing behind.
//
// - `segment` says which partition holds a row: 0 the shared one, `parcels_shared` (the rows there were before this
//   migration, and those of small imports, a UAT's update for instance, which are moved there), else the dataset
//   version that was loaded in bulk into `parcels_v<version>`. Partitions thus grow with bulk imports only.
// - `geom_3857` is no longer a generated column: the importer computes it while it streams (one definition of the
//   conversion, data-import/src/crs/web-mercator.ts); the triggers below fill it, with ST_Transform, for rows written
//   any other way (a row without it, or a geometry changed without it).
// - A cadastral number is unique per UAT among the rows in force: within a partition by its unique indexes, across
//   partitions by the importer, which closes every row in force in its scope (the layer, or the UAT) before it adds
//   the new version's rows, all of them in that scope.
import type { Knex } from 'knex';

const OLD_INDEXES = [
  'parcels_geom_gix',
  'parcels_geom_3857_gix',
  'parcels_valid_idx',
  'parcels_dataset_version_id_idx',
  'parcels_uat_siruta_cadastral_number_current_idx',
  'parcels_uat_siruta_cadastral_number_idx',
  'parcels_cadastral_number_c_idx',
  'parcels_uat_siruta_cadastral_number_c_idx',
];

/** The partitioned table's indexes: every partition gets them (built in bulk when a partition is attached). */
const PARCEL_INDEXES = [
  'CREATE INDEX parcels_geom_gix ON parcels USING gist (geom)',
  'CREATE INDEX parcels_geom_3857_gix ON parcels USING gist (geom_3857)',
  'CREATE INDEX parcels_uat_siruta_cadastral_number_idx ON parcels (uat_siruta, cadastral_number text_pattern_ops)',
  `CREATE INDEX parcels_cadastral_number_c_idx ON parcels ((cadastral_number COLLATE "C")) WHERE valid_to IS NULL`,
  `CREATE UNIQUE INDEX parcels_uat_siruta_cadastral_number_c_idx ON parcels (uat_siruta, (cadastral_number COLLATE "C"), segment) WHERE valid_to IS NULL`,
];

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE parcels RENAME TO parcels_shared');
  for (const index of OLD_INDEXES) {
    await knex.raw(`ALTER INDEX ${index} RENAME TO ${index.replace(/^parcels_/, 'parcels_shared_')}`);
  }
  await knex.raw(
    'ALTER TABLE parcels_shared RENAME CONSTRAINT parcels_dataset_version_id_foreign TO parcels_shared_dataset_version_id_foreign',
  );
  await knex.raw('ALTER TABLE parcels_shared ALTER COLUMN geom_3857 DROP EXPRESSION');
  await knex.raw('ALTER TABLE parcels_shared ALTER COLUMN geom_3857 SET NOT NULL');
  await knex.raw('ALTER TABLE parcels_shared ADD COLUMN segment integer NOT NULL DEFAULT 0');
  // Replaced by the partitioned table's primary key (id, segment; ids stay unique, all drawn from one sequence) and
  // unique index (which serves the same searches).
  await knex.raw('ALTER TABLE parcels_shared DROP CONSTRAINT parcels_pkey');
  await knex.raw('DROP INDEX parcels_shared_uat_siruta_cadastral_number_c_idx');

  await knex.raw('CREATE TABLE parcels (LIKE parcels_shared INCLUDING DEFAULTS) PARTITION BY LIST (segment)');
  await knex.raw('ALTER SEQUENCE parcels_id_seq OWNED BY parcels.id');
  await knex.raw('ALTER TABLE parcels ADD CONSTRAINT parcels_pkey PRIMARY KEY (id, segment)');
  await knex.raw(
    'ALTER TABLE parcels ADD CONSTRAINT parcels_dataset_version_id_foreign FOREIGN KEY (dataset_version_id) REFERENCES dataset_versions (id)',
  );
  for (const sql of PARCEL_INDEXES) await knex.raw(sql);
  await knex.raw(`CREATE FUNCTION parcels_geom_3857() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.geom_3857 := ST_Transform(NEW.geom, 3857);
      RETURN NEW;
    END $$`);
  await knex.raw(
    `CREATE TRIGGER parcels_geom_3857_insert BEFORE INSERT ON parcels FOR EACH ROW
     WHEN (NEW.geom_3857 IS NULL) EXECUTE FUNCTION parcels_geom_3857()`,
  );
  await knex.raw(
    `CREATE TRIGGER parcels_geom_3857_update BEFORE UPDATE OF geom ON parcels FOR EACH ROW
     WHEN (NEW.geom_3857 IS NOT DISTINCT FROM OLD.geom_3857) EXECUTE FUNCTION parcels_geom_3857()`,
  );
  await knex.raw('ALTER TABLE parcels_shared ADD CONSTRAINT parcels_shared_segment CHECK (segment = 0)');
  await knex.raw('ALTER TABLE parcels ATTACH PARTITION parcels_shared FOR VALUES IN (0)');
}

export async function down(knex: Knex): Promise<void> {
  // Back to one table: every partition's rows into parcels_shared, which becomes `parcels` again.
  const { rows } = await knex.raw<{ rows: { name: string }[] }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'parcels'::regclass AND c.relname <> 'parcels_shared'`,
  );
  await knex.raw('ALTER TABLE parcels DETACH PARTITION parcels_shared');
  // It takes in the rows of every other segment.
  await knex.raw('ALTER TABLE parcels_shared DROP CONSTRAINT parcels_shared_segment');
  for (const { name } of rows) {
    await knex.raw(`ALTER TABLE parcels DETACH PARTITION ${name}`);
    await knex.raw(`INSERT INTO parcels_shared SELECT * FROM ${name}`);
    await knex.raw(`DROP TABLE ${name}`);
  }
  await knex.raw('ALTER SEQUENCE parcels_id_seq OWNED BY parcels_shared.id');
  await knex.raw('DROP TABLE parcels');
  await knex.raw('DROP FUNCTION parcels_geom_3857()');
  await knex.raw('ALTER TABLE parcels_shared DROP COLUMN segment CASCADE');
  await knex.raw('ALTER TABLE parcels_shared RENAME TO parcels');
  await knex.raw(
    'ALTER TABLE parcels RENAME CONSTRAINT parcels_shared_dataset_version_id_foreign TO parcels_dataset_version_id_foreign',
  );
  for (const index of OLD_INDEXES) {
    // The first is gone; the EPSG:3857 index goes with its column below (a later migration may have rebuilt it on the
    // partitioned table, which names the partitions' copies by itself).
    if (index === 'parcels_uat_siruta_cadastral_number_c_idx' || index === 'parcels_geom_3857_gix') continue;
    await knex.raw(`ALTER INDEX ${index.replace(/^parcels_/, 'parcels_shared_')} RENAME TO ${index}`);
  }
  await knex.raw('ALTER TABLE parcels ADD CONSTRAINT parcels_pkey PRIMARY KEY (id)');
  await knex.raw(
    `CREATE INDEX parcels_uat_siruta_cadastral_number_c_idx ON parcels (uat_siruta, (cadastral_number COLLATE "C")) WHERE valid_to IS NULL`,
  );
  await knex.raw('ALTER TABLE parcels DROP COLUMN geom_3857');
  await knex.raw(
    'ALTER TABLE parcels ADD COLUMN geom_3857 geometry(MultiPolygon, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED',
  );
  await knex.raw('CREATE INDEX parcels_geom_3857_gix ON parcels USING gist (geom_3857)');
}
