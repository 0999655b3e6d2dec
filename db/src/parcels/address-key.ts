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

/** What each UTF-16 unit folds to: an ASCII letter or digit, GAP (a word's end) or SKIP (NUL, left out). */
const GAP = 0;
const SKIP = 1;
const FOLD = new Uint8Array(65536);
for (let c = 48; c <= 57; c++) FOLD[c] = c;
for (let c = 97; c <= 122; c++) FOLD[c] = c;
for (let c = 65; c <= 90; c++) FOLD[c] = c + 32;
[...DIACRITICS_FROM].forEach((ch, i) => {
  const to = DIACRITICS_TO[i]!.toLowerCase().charCodeAt(0);
  if (ch.length !== 1 || !(FOLD[to]! >= 48)) throw new Error(`atlas_address_key: cannot translate ${ch}`);
  FOLD[ch.charCodeAt(0)] = to;
});
FOLD[0] = SKIP;

/** The street types as words, the longest first. */
const STREET_TYPE_WORDS = STREET_TYPES.map((t) => t.split(' ')).sort((a, b) => b.length - a.length);
const NUMBER_WORD = new Set<string>(NUMBER_WORDS);

let buf = Buffer.alloc(256);

/**
 * The search key of an address, exactly as SQL's `atlas_address_key(address)` (NULL for NULL). A NUL character, which
 * PostgreSQL text cannot hold (the loader drops it), is left out here too. The SQL's steps, on words: translate() and
 * lower() of ASCII letters, every run of other characters a word break; a leading street type dropped; a number word
 * dropped unless the word before it was one dropped (' nr ' takes the spaces on both sides; the matches of a global
 * regexp_replace do not overlap).
 */
export function addressKey(address: string): string;
export function addressKey(address: string | null | undefined): string | null;
export function addressKey(address: string | null | undefined): string | null {
  if (address === null || address === undefined) return null;
  const n = address.length;
  if (buf.length < n) buf = Buffer.alloc(2 * n);
  let len = 0;
  let gap = false;
  for (let i = 0; i < n; i++) {
    const f = FOLD[address.charCodeAt(i)]!;
    if (f === GAP) gap = true;
    else if (f !== SKIP) {
      if (gap && len > 0) buf[len++] = 32;
      gap = false;
      buf[len++] = f;
    }
  }
  if (len === 0) return '';
  const words = buf.toString('latin1', 0, len).split(' ');
  let from = 0;
  for (const type of STREET_TYPE_WORDS) {
    if (type.length <= words.length && type.every((w, j) => words[j] === w)) {
      from = type.length;
      break;
    }
  }
  let key = '';
  let dropped = false;
  for (let i = from; i < words.length; i++) {
    const w = words[i]!;
    if (!dropped && NUMBER_WORD.has(w)) {
      dropped = true;
      continue;
    }
    dropped = false;
    key = key ? `${key} ${w}` : w;
  }
  return key;
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
