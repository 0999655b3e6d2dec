// Issue #13 (import speed): the address search key becomes a column of its own, `parcels.address_key`, computed by the
// importer while it streams (db/src/parcels/address-key.ts) instead of an expression index that folded every
// address with `atlas_address_key` in the server while a partition was attached (2.15 s of the 3.9 s of server time a
// 200,000-parcel city cost). The index on it is a plain byte-ordered B-tree, built per partition at ATTACH as the
// other parcel indexes are.
// - `atlas_address_key` stays, now from the shared rules with lower() of ASCII letters only (COLLATE "C"), so that
//   it agrees with the importer's function whatever the database's locale: it fills the column of the rows there
//   already, and, by the triggers below, of rows written without it (as `geom_3857`'s triggers do).
// - Changing the rules takes a migration that redefines the function and recomputes the column.
import type { Knex } from 'knex';
import { addressKeyFunctionSql } from '../src/parcels/address-key.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX parcels_address_key_idx');
  await knex.raw(addressKeyFunctionSql('ascii'));
  await knex.raw('ALTER TABLE parcels ADD COLUMN address_key text');
  await knex.raw('UPDATE parcels SET address_key = atlas_address_key(address) WHERE address IS NOT NULL');
  await knex.raw(`CREATE FUNCTION parcels_address_key() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.address_key := atlas_address_key(NEW.address);
      RETURN NEW;
    END $$`);
  await knex.raw(
    `CREATE TRIGGER parcels_address_key_insert BEFORE INSERT ON parcels FOR EACH ROW
     WHEN (NEW.address IS NOT NULL AND NEW.address_key IS NULL) EXECUTE FUNCTION parcels_address_key()`,
  );
  await knex.raw(
    `CREATE TRIGGER parcels_address_key_update BEFORE UPDATE OF address ON parcels FOR EACH ROW
     WHEN (NEW.address IS DISTINCT FROM OLD.address AND NEW.address_key IS NOT DISTINCT FROM OLD.address_key)
     EXECUTE FUNCTION parcels_address_key()`,
  );
  await knex.raw(
    `CREATE INDEX parcels_address_key_idx ON parcels ((address_key COLLATE "C")) WHERE valid_to IS NULL AND address_key IS NOT NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX parcels_address_key_idx');
  await knex.raw('DROP TRIGGER parcels_address_key_insert ON parcels');
  await knex.raw('DROP TRIGGER parcels_address_key_update ON parcels');
  await knex.raw('DROP FUNCTION parcels_address_key()');
  await knex.raw('ALTER TABLE parcels DROP COLUMN address_key');
  await knex.raw(addressKeyFunctionSql('locale'));
  await knex.raw(
    `CREATE INDEX parcels_address_key_idx ON parcels ((atlas_address_key(address) COLLATE "C")) WHERE valid_to IS NULL AND address IS NOT NULL`,
  );
}
