// The atlas's indicator catalogue: what each indicator is (kind, unit, coverage, whether higher is better), where it
// comes from (source, licence) and whether it is synthetic. The years available are read from the values themselves.
// Region totals (e.g. a county's own published series, longer than its UATs') live beside the UAT values.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE indicators
    ADD COLUMN description_en text,
    ADD COLUMN kind text NOT NULL DEFAULT 'count_stock',
    ADD COLUMN licence text,
    ADD COLUMN coverage text NOT NULL DEFAULT 'national',
    ADD COLUMN higher_is_better boolean,
    ADD COLUMN notes_ro text,
    ADD COLUMN notes_en text,
    ADD COLUMN sort_order int NOT NULL DEFAULT 100`);
  await knex.raw(
    `ALTER TABLE indicators ADD CONSTRAINT indicators_kind_check CHECK (kind IN ('count_stock', 'count_flow', 'rate'))`,
  );
  await knex.raw(
    `ALTER TABLE indicators ADD CONSTRAINT indicators_coverage_check CHECK (coverage IN ('national', 'county'))`,
  );
  await knex.schema.createTable('indicator_region_values', (t) => {
    t.text('indicator_code').notNullable().references('code').inTable('indicators').onDelete('CASCADE');
    t.text('county_code').notNullable(); // county mnemonic, e.g. CJ
    t.integer('year').notNullable();
    t.double('value').notNullable();
    t.text('source').notNullable();
    t.primary(['indicator_code', 'county_code', 'year']);
  });
  await knex.raw('CREATE INDEX uats_county_code_idx ON uats (county_code) WHERE valid_to IS NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS uats_county_code_idx');
  await knex.schema.dropTableIfExists('indicator_region_values');
  await knex.raw(`ALTER TABLE indicators
    DROP CONSTRAINT indicators_kind_check, DROP CONSTRAINT indicators_coverage_check,
    DROP COLUMN description_en, DROP COLUMN kind, DROP COLUMN licence, DROP COLUMN coverage,
    DROP COLUMN higher_is_better, DROP COLUMN notes_ro, DROP COLUMN notes_en, DROP COLUMN sort_order`);
}
