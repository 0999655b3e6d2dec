// Where a dataset version comes from (issue #15, the honest data notice): `synthetic` marks a version made by the
// project's generator (the web map and panel show a "test data" banner while one is in force; a real deployment with
// real data shows none), `attribution` is the credit its source requires (OpenStreetMap contributors, ANCPI, INS...).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE dataset_versions ADD COLUMN synthetic boolean NOT NULL DEFAULT false');
  await knex.raw('ALTER TABLE dataset_versions ADD COLUMN attribution text');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE dataset_versions DROP COLUMN IF EXISTS attribution');
  await knex.raw('ALTER TABLE dataset_versions DROP COLUMN IF EXISTS synthetic');
}
