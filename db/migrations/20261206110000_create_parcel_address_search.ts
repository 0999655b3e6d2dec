// Address search (issue #15): "strada motilor 12" finds "Strada Moților nr. 12". `atlas_address_key` folds an address
// to a search key on both engines without `unaccent` (which the embedded engine may lack): Romanian (and a few other)
// diacritics translated, lower case, punctuation to single spaces, a leading street type ("strada", "str.",
// "bulevardul", "calea"...) and the word "nr" dropped: "Strada Moților nr. 12" → "motilor 12". The same function
// folds what the user types, and a byte-ordered index on the key serves the prefix search.
import type { Knex } from 'knex';

const FROM = 'ăâîșşțţĂÂÎȘŞȚŢáàäéèëíóöőúüűçÁÀÄÉÈËÍÓÖŐÚÜŰÇ';
const TO = 'aaissttAAISSTTaaaeeeiooouuucAAAEEEIOOOUUUC';
const STREET_TYPES = [
  'strada',
  'str',
  'bulevardul',
  'bulevard',
  'bd',
  'bdul',
  'b dul',
  'calea',
  'piata',
  'p ta',
  'pta',
  'aleea',
  'al',
  'splaiul',
  'soseaua',
  'sos',
  'intrarea',
  'intr',
  'drumul',
  'pasajul',
  'ulita',
  'fundatura',
  'piateta',
];

export async function up(knex: Knex): Promise<void> {
  if (FROM.length !== TO.length) throw new Error('atlas_address_key: translate() lists differ in length');
  await knex.raw(`
    CREATE FUNCTION atlas_address_key(a text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
      SELECT btrim(regexp_replace(regexp_replace(
        ' ' || regexp_replace(lower(translate(a, '${FROM}', '${TO}')), '[^a-z0-9]+', ' ', 'g') || ' ',
        '^ +(${STREET_TYPES.join('|')}) ', ' '),
        ' (nr|numarul|numar) ', ' ', 'g'))
    $fn$`);
  await knex.raw(
    `CREATE INDEX parcels_address_key_idx ON parcels ((atlas_address_key(address) COLLATE "C")) WHERE valid_to IS NULL AND address IS NOT NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS parcels_address_key_idx');
  await knex.raw('DROP FUNCTION IF EXISTS atlas_address_key(text)');
}
