// The address search key (issue #15), one definition of its rules for both sides: `addressKey` folds an address here
// (the importer stores the key in `parcels.address_key`; the search folds what the user types), and
// `addressKeyFunctionSql` writes the same rules as the SQL function `atlas_address_key` (the migrations create it; it
// backfills the column and fills it for rows written without it). Diacritics translated (Romanian ones in both their
// comma-below and cedilla forms, and a few others), lower case, every run of other characters to one space, a leading
// street type ("strada", "str.", "bulevardul", "calea"...) and the word "nr" dropped: "Strada Moților nr. 12" →
// "motilor 12". A property test holds the two to the same result on both engines
// (test/integration/address-key.integration.test.ts).

/** Letters translated one to one (SQL `translate`): FROM[i] becomes TO[i]. */
export const DIACRITICS_FROM = 'ăâîșşțţĂÂÎȘŞȚŢáàäéèëíóöőúüűçÁÀÄÉÈËÍÓÖŐÚÜŰÇ';
export const DIACRITICS_TO = 'aaissttAAISSTTaaaeeeiooouuucAAAEEEIOOOUUUC';

/** Street types dropped from the start of a key (as folded: punctuation already a space, "b-dul" → "b dul"). */
export const STREET_TYPES = [
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
] as const;

/** Words dropped wherever they stand as a word of their own. */
export const NUMBER_WORDS = ['nr', 'numarul', 'numar'] as const;

if ([...DIACRITICS_FROM].length !== [...DIACRITICS_TO].length) {
  throw new Error('atlas_address_key: the diacritics lists differ in length');
}
if (new Set(DIACRITICS_FROM).size !== [...DIACRITICS_FROM].length) {
  throw new Error('atlas_address_key: a letter is translated twice'); // translate() would take the first
}

const TRANSLATE = new Map([...DIACRITICS_FROM].map((c, i) => [c, [...DIACRITICS_TO][i]!]));
const STREET_TYPE = new RegExp(`^ +(?:${STREET_TYPES.join('|')}) `);
const NUMBER_WORD = new RegExp(` (?:${NUMBER_WORDS.join('|')}) `, 'g');

/**
 * The search key of an address, exactly as SQL's `atlas_address_key(address)` (NULL for NULL). A NUL character, which
 * PostgreSQL text cannot hold (the loader drops it), is left out here too.
 */
export function addressKey(address: string): string;
export function addressKey(address: string | null | undefined): string | null;
export function addressKey(address: string | null | undefined): string | null {
  if (address === null || address === undefined) return null;
  // translate(), then lower() of ASCII letters only (COLLATE "C": the same on every database's locale), then every
  // run of characters other than a-z and 0-9 to one space.
  let out = '';
  let gap = false;
  for (const ch of address) {
    let c = TRANSLATE.get(ch) ?? ch;
    const code = c.charCodeAt(0);
    if (code >= 65 && code <= 90) c = String.fromCharCode(code + 32);
    else if (c === '\0') continue;
    else if (!((code >= 97 && code <= 122) || (code >= 48 && code <= 57))) {
      gap = true;
      continue;
    }
    if (gap) out += ' ';
    gap = false;
    out += c;
  }
  // ' ' || … || ' ' in SQL (a trailing run is a space too; a leading one is in `out` already).
  const spaced = ` ${out}${gap ? ' ' : ''} `;
  return spaced
    .replace(STREET_TYPE, ' ')
    .replace(NUMBER_WORD, ' ')
    .replace(/^ +| +$/g, '');
}

/**
 * `CREATE OR REPLACE FUNCTION atlas_address_key(text)` with the rules above. `lower`: 'ascii' folds ASCII letters
 * only, whatever the database's locale (what `addressKey` does); 'locale' is the first definition
 * (20261206110000_create_parcel_address_search), whose lower() followed the database's locale.
 */
export function addressKeyFunctionSql(lower: 'ascii' | 'locale' = 'ascii'): string {
  const input = lower === 'ascii' ? 'a COLLATE "C"' : 'a';
  return `CREATE OR REPLACE FUNCTION atlas_address_key(a text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
      SELECT btrim(regexp_replace(regexp_replace(
        ' ' || regexp_replace(lower(translate(${input}, '${DIACRITICS_FROM}', '${DIACRITICS_TO}')), '[^a-z0-9]+', ' ', 'g') || ' ',
        '^ +(${STREET_TYPES.join('|')}) ', ' '),
        ' (${NUMBER_WORDS.join('|')}) ', ' ', 'g'))
    $fn$`;
}
