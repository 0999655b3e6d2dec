// The English forms of an indicator's unit, source and licence (the names, descriptions and notes already have
// one). Nullable: a catalogue without them still loads, and readers then show the Romanian text marked as Romanian.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `ALTER TABLE indicators ADD COLUMN unit_en text, ADD COLUMN source_en text, ADD COLUMN licence_en text`,
  );
  await knex.raw(`ALTER TABLE indicator_region_values ADD COLUMN source_en text`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE indicator_region_values DROP COLUMN source_en`);
  await knex.raw(`ALTER TABLE indicators DROP COLUMN unit_en, DROP COLUMN source_en, DROP COLUMN licence_en`);
}
