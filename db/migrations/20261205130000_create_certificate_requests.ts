// Idempotent certificate requests: a client sends `Idempotency-Key` with POST /api/certificates; the answer is stored
// under that key in the same transaction as the certificates it issued, so that a retry (after a lost answer, a
// timeout, a crash) gets the same certificates instead of new ones. `request_sha256` is the hash of the request as
// parsed: the same key with another request is refused.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('certificate_requests', (t) => {
    t.text('idempotency_key').primary();
    t.text('request_sha256').notNullable();
    t.integer('status').notNullable();
    t.jsonb('response').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('certificate_requests');
}
