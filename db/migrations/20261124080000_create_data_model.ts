// The whole data model of ARCHITECTURE.md. Geometry is stored in EPSG:3844 (Stereo 70, metres) so that areas and
// overlaps are true metric values; a generated EPSG:3857 copy is indexed for tiles.
// Every geometry row belongs to a dataset version and carries valid_from / valid_to, so any layer can be read
// as of a date: a row is in force at t when valid_from <= t AND (valid_to IS NULL OR valid_to > t).
import type { Knex } from 'knex';

const versioned = (t: Knex.CreateTableBuilder) => {
  t.integer('dataset_version_id').notNullable().references('id').inTable('dataset_versions');
  t.timestamp('valid_from', { useTz: true }).notNullable();
  t.timestamp('valid_to', { useTz: true });
};

/** geometry column in Stereo 70, its generated Web Mercator copy for tiles, and both GiST indexes. */
async function addGeometry(knex: Knex, table: string, type: 'MultiPolygon' | 'Point'): Promise<void> {
  await knex.raw(`ALTER TABLE ${table} ADD COLUMN geom geometry(${type}, 3844) NOT NULL`);
  await knex.raw(
    `ALTER TABLE ${table} ADD COLUMN geom_3857 geometry(${type}, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED`,
  );
  await knex.raw(`CREATE INDEX ${table}_geom_gix ON ${table} USING gist (geom)`);
  await knex.raw(`CREATE INDEX ${table}_geom_3857_gix ON ${table} USING gist (geom_3857)`);
  await knex.raw(`CREATE INDEX ${table}_valid_idx ON ${table} (valid_from, valid_to)`);
  await knex.raw(`CREATE INDEX ${table}_dataset_version_id_idx ON ${table} (dataset_version_id)`);
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS postgis');

  await knex.schema.createTable('dataset_versions', (t) => {
    t.increments('id');
    t.text('layer').notNullable();
    t.integer('uat_siruta'); // set when the version covers one UAT only
    t.text('source_file').notNullable();
    t.text('source_sha256');
    t.text('source_crs');
    t.integer('feature_count').notNullable().defaultTo(0);
    t.timestamp('imported_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('valid_from', { useTz: true }).notNullable();
    t.timestamp('valid_to', { useTz: true });
    t.text('imported_by');
    t.jsonb('report').notNullable().defaultTo('{}');
    t.index(['layer', 'valid_to'], 'dataset_versions_layer_valid_to_idx');
  });

  await knex.schema.createTable('uats', (t) => {
    t.bigIncrements('id');
    t.integer('siruta').notNullable();
    t.text('name').notNullable();
    t.text('county_code');
    t.text('county_name');
    t.text('rank'); // municipiu reședință, municipiu, oraș, comună
    versioned(t);
  });
  await addGeometry(knex, 'uats', 'MultiPolygon');
  await knex.raw('CREATE UNIQUE INDEX uats_siruta_current_idx ON uats (siruta) WHERE valid_to IS NULL');
  await knex.raw('CREATE INDEX uats_siruta_idx ON uats (siruta)');

  await knex.schema.createTable('siruta_units', (t) => {
    t.integer('siruta').primary();
    t.text('name').notNullable();
    t.integer('parent_siruta');
    t.integer('county_number');
    t.integer('type');
    t.integer('level'); // 1 county, 2 UAT, 3 locality
    t.integer('environment'); // 1 urban, 3 rural
    t.text('postal_code');
    t.text('nuts');
    t.index(['parent_siruta'], 'siruta_units_parent_siruta_idx');
  });

  await knex.schema.createTable('parcels', (t) => {
    t.bigIncrements('id');
    t.integer('uat_siruta').notNullable();
    t.text('cadastral_number').notNullable();
    t.text('land_book_number');
    t.double('area_official_m2');
    t.text('land_use'); // categoria de folosință: CC, A, P, F, DR, ...
    t.boolean('intravilan').notNullable();
    t.text('address');
    versioned(t);
  });
  await addGeometry(knex, 'parcels', 'MultiPolygon');
  await knex.raw(
    'CREATE UNIQUE INDEX parcels_uat_siruta_cadastral_number_current_idx ON parcels (uat_siruta, cadastral_number) WHERE valid_to IS NULL',
  );
  await knex.raw(
    'CREATE INDEX parcels_uat_siruta_cadastral_number_idx ON parcels (uat_siruta, cadastral_number text_pattern_ops)',
  );

  await knex.schema.createTable('plans', (t) => {
    t.bigIncrements('id');
    t.integer('uat_siruta').notNullable();
    t.text('kind').notNullable(); // PUG, PUZ, PUD
    t.text('code').notNullable();
    t.text('title').notNullable();
    t.text('hcl_number');
    t.date('hcl_date');
    t.date('in_force_from'); // legal validity of the plan itself
    t.date('in_force_to');
    t.boolean('overrides_pug').notNullable().defaultTo(false);
    t.jsonb('documents').notNullable().defaultTo('[]');
    versioned(t);
  });
  await knex.raw(`ALTER TABLE plans ADD CONSTRAINT plans_kind_check CHECK (kind IN ('PUG', 'PUZ', 'PUD'))`);
  await addGeometry(knex, 'plans', 'MultiPolygon');
  await knex.raw('CREATE INDEX plans_code_idx ON plans (code)');

  await knex.schema.createTable('zoning_units', (t) => {
    t.bigIncrements('id');
    t.integer('uat_siruta').notNullable();
    t.text('plan_code').notNullable(); // the plan (PUG/PUZ/PUD) this UTR belongs to
    t.text('code').notNullable(); // UTR code, e.g. Liu, M3, RrM1
    t.text('name');
    t.text('zone_group'); // e.g. L - ZONA DE LOCUINȚE
    t.text('category'); // constituted zones / protected / restructuring / urbanisation / extravilan
    t.specificType('permitted_uses', 'text[]').notNullable().defaultTo('{}');
    t.specificType('conditional_uses', 'text[]').notNullable().defaultTo('{}');
    t.specificType('forbidden_uses', 'text[]').notNullable().defaultTo('{}');
    t.double('pot_max_pct');
    t.double('cut_max');
    t.double('height_max_m'); // at cornice / attic
    t.double('height_total_max_m'); // ridge / total
    t.text('height_regime'); // e.g. (1-3S)+P+4+1R
    t.integer('max_floors');
    t.double('min_parcel_area_m2');
    t.double('min_frontage_m');
    t.double('setback_front_m');
    t.double('setback_side_m');
    t.double('setback_rear_m');
    t.text('regulation_url');
    t.jsonb('regulations').notNullable().defaultTo('{}'); // everything else the RLU says, as given
    versioned(t);
  });
  await addGeometry(knex, 'zoning_units', 'MultiPolygon');
  await knex.raw('CREATE INDEX zoning_units_plan_code_idx ON zoning_units (plan_code)');
  await knex.raw('CREATE INDEX zoning_units_code_idx ON zoning_units (code)');

  await knex.schema.createTable('restrictions', (t) => {
    t.bigIncrements('id');
    t.integer('uat_siruta');
    t.text('kind').notNullable(); // built_heritage_zone, protected_area, monument_zone, flood_zone, utility_corridor, road_widening, building_ban
    t.text('code');
    t.text('name').notNullable();
    t.text('legal_basis');
    t.text('description');
    versioned(t);
  });
  await addGeometry(knex, 'restrictions', 'MultiPolygon');

  await knex.schema.createTable('permits', (t) => {
    t.bigIncrements('id');
    t.integer('uat_siruta').notNullable();
    t.text('kind').notNullable(); // CU (certificat de urbanism), AC (autorizație de construire)
    t.text('number').notNullable();
    t.date('issued_on').notNullable();
    t.text('purpose');
    t.text('address');
    t.text('cadastral_number');
    versioned(t);
  });
  await knex.raw(`ALTER TABLE permits ADD CONSTRAINT permits_kind_check CHECK (kind IN ('CU', 'AC'))`);
  await addGeometry(knex, 'permits', 'Point');
  await knex.raw('CREATE INDEX permits_issued_on_idx ON permits (issued_on)');

  await knex.schema.createTable('indicators', (t) => {
    t.text('code').primary();
    t.text('name_ro').notNullable();
    t.text('name_en').notNullable();
    t.text('unit').notNullable();
    t.text('source').notNullable();
    t.text('description');
    t.boolean('synthetic').notNullable().defaultTo(false);
    t.integer('dataset_version_id').references('id').inTable('dataset_versions');
  });

  await knex.schema.createTable('indicator_values', (t) => {
    t.bigIncrements('id');
    t.text('indicator_code').notNullable().references('code').inTable('indicators');
    t.integer('uat_siruta').notNullable();
    t.integer('year').notNullable();
    t.double('value');
    versioned(t);
  });
  await knex.raw(
    'CREATE UNIQUE INDEX indicator_values_current_idx ON indicator_values (indicator_code, uat_siruta, year) WHERE valid_to IS NULL',
  );
  await knex.raw('CREATE INDEX indicator_values_code_year_idx ON indicator_values (indicator_code, year)');

  await knex.schema.createTable('certificates', (t) => {
    t.text('number').primary(); // e.g. CUI-54975-2026-000123
    t.integer('uat_siruta').notNullable();
    t.text('cadastral_number').notNullable();
    t.timestamp('issued_at', { useTz: true }).notNullable();
    t.date('reflects_date').notNullable();
    t.text('language').notNullable().defaultTo('ro');
    t.jsonb('data_versions').notNullable();
    t.jsonb('content').notNullable();
    t.text('pdf_sha256').notNullable();
    t.text('verification_code').notNullable().unique();
    t.index(['uat_siruta', 'cadastral_number'], 'certificates_uat_siruta_cadastral_number_idx');
  });

  await knex.schema.createTable('admin_tokens', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    t.text('token_sha256').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'admin_tokens',
    'certificates',
    'indicator_values',
    'indicators',
    'permits',
    'restrictions',
    'zoning_units',
    'plans',
    'parcels',
    'siruta_units',
    'uats',
    'dataset_versions',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
