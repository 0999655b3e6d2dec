// Autocomplete by cadastral-number prefix: byte-ordered ("C") indexes serve both the prefix range and the ORDER BY,
// across all UATs or within one.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE INDEX parcels_cadastral_number_c_idx ON parcels ((cadastral_number COLLATE "C")) WHERE valid_to IS NULL`,
  );
  await knex.raw(
    `CREATE INDEX parcels_uat_siruta_cadastral_number_c_idx ON parcels (uat_siruta, (cadastral_number COLLATE "C")) WHERE valid_to IS NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS parcels_cadastral_number_c_idx');
  await knex.raw('DROP INDEX IF EXISTS parcels_uat_siruta_cadastral_number_c_idx');
}
