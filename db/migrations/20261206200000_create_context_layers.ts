// The context under the map's layers: street centrelines (with the names that addresses use) and urban blocks.
// Versioned like every other layer; the EPSG:3857 copy and its index hold what the tiles read (rows in force).
import type { Knex } from 'knex';

const versioned = (t: Knex.CreateTableBuilder) => {
  t.integer('dataset_version_id').notNullable().references('id').inTable('dataset_versions');
  t.timestamp('valid_from', { useTz: true }).notNullable();
  t.timestamp('valid_to', { useTz: true });
};

async function addGeometry(knex: Knex, table: string, type: 'MultiLineString' | 'MultiPolygon'): Promise<void> {
  await knex.raw(`ALTER TABLE ${table} ADD COLUMN geom geometry(${type}, 3844) NOT NULL`);
  await knex.raw(
    `ALTER TABLE ${table} ADD COLUMN geom_3857 geometry(${type}, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED`,
  );
  await knex.raw(`CREATE INDEX ${table}_geom_gix ON ${table} USING gist (geom)`);
  await knex.raw(`CREATE INDEX ${table}_geom_3857_gix ON ${table} USING gist (geom_3857) WHERE valid_to IS NULL`);
  await knex.raw(`CREATE INDEX ${table}_valid_idx ON ${table} (valid_from, valid_to)`);
  await knex.raw(`CREATE INDEX ${table}_dataset_version_id_idx ON ${table} (dataset_version_id)`);
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('streets', (t) => {
    t.bigIncrements('id');
    t.integer('uat_siruta').notNullable();
    t.text('name'); // e.g. Strada Moților
    t.text('kind'); // main (the lots front it) / cross
    t.text('name_source'); // e.g. OpenStreetMap contributors (ODbL)
    versioned(t);
  });
  await addGeometry(knex, 'streets', 'MultiLineString');
  await knex.raw('CREATE INDEX streets_name_idx ON streets (name)');

  await knex.schema.createTable('blocks', (t) => {
    t.bigIncrements('id');
    t.integer('uat_siruta').notNullable();
    t.text('code');
    versioned(t);
  });
  await addGeometry(knex, 'blocks', 'MultiPolygon');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('blocks');
  await knex.schema.dropTable('streets');
}
