// The EPSG:3857 copies serve map tiles only, and tiles show the rows in force (valid_to IS NULL): their GiST indexes
// hold only those rows. A layer re-imported month after month keeps every closed row (as-of-date reads use `geom` and
// its full index), and without this a tile's index scan would wade through all of them; closing a version's rows
// also no longer inserts them again into this index.
import type { Knex } from 'knex';

const TABLES = ['uats', 'parcels', 'plans', 'zoning_units', 'restrictions', 'permits'];

export async function up(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.raw(`DROP INDEX ${table}_geom_3857_gix`);
    await knex.raw(`CREATE INDEX ${table}_geom_3857_gix ON ${table} USING gist (geom_3857) WHERE valid_to IS NULL`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.raw(`DROP INDEX ${table}_geom_3857_gix`);
    await knex.raw(`CREATE INDEX ${table}_geom_3857_gix ON ${table} USING gist (geom_3857)`);
  }
}
