// Import jobs started through the admin API: their state, progress and final report.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('import_jobs', (t) => {
    t.uuid('id').primary();
    t.text('layer').notNullable();
    t.text('source_file').notNullable();
    t.text('state').notNullable(); // queued, running, succeeded, failed
    t.integer('features_done').notNullable().defaultTo(0);
    t.integer('features_total');
    t.integer('dataset_version_id').references('id').inTable('dataset_versions');
    t.jsonb('report');
    t.text('error');
    t.text('requested_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('import_jobs');
}
