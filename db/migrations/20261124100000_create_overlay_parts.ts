// Subdivided copies of the large overlay polygons (plans, zoning units, restrictions). A PUG or a city-wide zone has
// thousands of vertices; intersecting a parcel with a few small indexed parts costs what the parcel costs.
// Kept in step by triggers, so every import path fills them; parts of closed rows stay for as-of-date reads.
import type { Knex } from 'knex';

const TABLES = [
  ['plans', 'plan_parts', 'plan_id'],
  ['zoning_units', 'zoning_unit_parts', 'unit_id'],
  ['restrictions', 'restriction_parts', 'restriction_id'],
] as const;

export const MAX_VERTICES = 64;

export async function up(knex: Knex): Promise<void> {
  for (const [table, parts, fk] of TABLES) {
    await knex.raw(`CREATE TABLE ${parts} (
      id bigserial PRIMARY KEY,
      ${fk} bigint NOT NULL REFERENCES ${table} (id) ON DELETE CASCADE,
      geom geometry(Polygon, 3844) NOT NULL)`);
    await knex.raw(`CREATE INDEX ${parts}_geom_gix ON ${parts} USING gist (geom)`);
    await knex.raw(`CREATE INDEX ${parts}_${fk}_idx ON ${parts} (${fk})`);
    await knex.raw(`CREATE FUNCTION ${parts}_fill() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          IF NEW.geom IS NOT DISTINCT FROM OLD.geom THEN RETURN NULL; END IF;
          DELETE FROM ${parts} WHERE ${fk} = NEW.id;
        END IF;
        INSERT INTO ${parts} (${fk}, geom)
          SELECT NEW.id, (ST_Dump(ST_Subdivide(NEW.geom, ${MAX_VERTICES}))).geom;
        RETURN NULL;
      END $$`);
    await knex.raw(
      `CREATE TRIGGER ${parts}_fill AFTER INSERT OR UPDATE OF geom ON ${table} FOR EACH ROW EXECUTE FUNCTION ${parts}_fill()`,
    );
    await knex.raw(
      `INSERT INTO ${parts} (${fk}, geom) SELECT id, (ST_Dump(ST_Subdivide(geom, ${MAX_VERTICES}))).geom FROM ${table}`,
    );
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const [table, parts] of TABLES) {
    await knex.raw(`DROP TRIGGER IF EXISTS ${parts}_fill ON ${table}`);
    await knex.raw(`DROP FUNCTION IF EXISTS ${parts}_fill()`);
    await knex.raw(`DROP TABLE IF EXISTS ${parts}`);
  }
}
