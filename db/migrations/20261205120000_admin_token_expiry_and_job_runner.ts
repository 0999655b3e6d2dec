// Admin tokens get an expiry and unique names among the tokens in force (issue 12, item 13); import jobs record which
// server instance runs them, so that a restarted instance fails only its own interrupted jobs (issue 12, item 9).
//
// Names that are already used by several active tokens keep their newest token; the older ones are revoked (they
// could not be told apart in logs or revoked one by one before). Existing tokens keep no expiry.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE admin_tokens ADD COLUMN expires_at timestamptz`);
  await knex.raw(
    `UPDATE admin_tokens t SET revoked_at = now()
     WHERE revoked_at IS NULL
       AND EXISTS (SELECT 1 FROM admin_tokens n WHERE n.name = t.name AND n.revoked_at IS NULL AND n.id > t.id)`,
  );
  await knex.raw(`CREATE UNIQUE INDEX admin_tokens_name_active_idx ON admin_tokens (name) WHERE revoked_at IS NULL`);
  await knex.raw(`ALTER TABLE import_jobs ADD COLUMN runner text`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE import_jobs DROP COLUMN runner`);
  await knex.raw(`DROP INDEX admin_tokens_name_active_idx`);
  await knex.raw(`ALTER TABLE admin_tokens DROP COLUMN expires_at`);
}
