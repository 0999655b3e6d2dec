// One B-tree on the parcels' key (UAT, cadastral number) instead of two. It serves the lookups at any date (every row
// whose interval is not empty) and keeps the rows in force unique: NULLS NOT DISTINCT makes every open row's valid_to
// equal, and a parcel has one open row per segment at a time, so it is closed at most once at a given instant. A row
// replaced at the very instant it came into force (two versions with the same valid_from) has an empty interval: no
// read at any date finds it, and the index leaves it out.
//
// It replaces a full (uat_siruta, cadastral_number text_pattern_ops) index and a unique partial one on the rows in
// force: every parcel written paid for both (the importer's COPY spends most of the server's time in B-tree inserts).
// The lookups compare the number in the "C" collation, as this index holds it (for equality the same as any
// deterministic collation), and repeat its predicate so that the planner can use it.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE UNIQUE INDEX parcels_key_idx ON parcels (uat_siruta, (cadastral_number COLLATE "C"), segment, valid_to)
     NULLS NOT DISTINCT WHERE valid_to IS NULL OR valid_to > valid_from`,
  );
  await knex.raw('DROP INDEX parcels_uat_siruta_cadastral_number_idx');
  await knex.raw('DROP INDEX parcels_uat_siruta_cadastral_number_c_idx');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    'CREATE INDEX parcels_uat_siruta_cadastral_number_idx ON parcels (uat_siruta, cadastral_number text_pattern_ops)',
  );
  await knex.raw(
    `CREATE UNIQUE INDEX parcels_uat_siruta_cadastral_number_c_idx ON parcels (uat_siruta, (cadastral_number COLLATE "C"), segment) WHERE valid_to IS NULL`,
  );
  await knex.raw('DROP INDEX parcels_key_idx');
}
