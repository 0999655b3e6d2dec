// Per-client rate limits shared by every app instance (issue 14): one row per (route family, client) and window,
// counted on the primary. UNLOGGED: a counter of the last minute is not worth WAL (nor replica replay); after a crash
// PostgreSQL empties it, which only forgives the current window.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE UNLOGGED TABLE rate_limit_hits (
       key text PRIMARY KEY,
       hits integer NOT NULL,
       reset_at timestamptz NOT NULL
     )`,
  );
  await knex.raw(`CREATE INDEX rate_limit_hits_reset_at_idx ON rate_limit_hits (reset_at)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE IF EXISTS rate_limit_hits`);
}
