// Address search (issue #15): "strada motilor 12" finds "Strada Moților nr. 12". `atlas_address_key` folds an address
// to a search key on both engines without `unaccent` (which the embedded engine may lack): Romanian (and a few other)
// diacritics translated, lower case, punctuation to single spaces, a leading street type ("strada", "str.",
// "bulevardul", "calea"...) and the word "nr" dropped: "Strada Moților nr. 12" → "motilor 12". The same function
// folds what the user types, and a byte-ordered index on the key serves the prefix search.
// The rules (the diacritics, the street types) are db/src/parcels/address-key.ts's, shared with the importer, which
// since 20261207110000_store_parcel_address_key stores the key in a column of its own.
import type { Knex } from 'knex';
import { addressKeyFunctionSql } from '../src/parcels/address-key.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(addressKeyFunctionSql('locale'));
  await knex.raw(
    `CREATE INDEX parcels_address_key_idx ON parcels ((atlas_address_key(address) COLLATE "C")) WHERE valid_to IS NULL AND address IS NOT NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS parcels_address_key_idx');
  await knex.raw('DROP FUNCTION IF EXISTS atlas_address_key(text)');
}
