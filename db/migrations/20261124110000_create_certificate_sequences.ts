// Certificate numbers (CUI-<SIRUTA>-<year>-<sequence>): one counter per UAT and year, advanced in the same
// transaction that stores the certificate, so numbers are unique on both engines and leave no gap when issuing fails.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('certificate_sequences', (t) => {
    t.integer('uat_siruta').notNullable();
    t.integer('year').notNullable();
    t.integer('last').notNullable();
    t.primary(['uat_siruta', 'year']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('certificate_sequences');
}
