// Turning source attribute values into column values, with Romanian conventions (DD.MM.YYYY dates, DA/NU,
// s and t with cedilla normalised to comma-below).
import type { ColumnSpec } from './layers/layer-specs.ts';

/** Column name → source field names to try, overriding the defaults. */
export type FieldMapping = Readonly<Record<string, readonly string[]>>;

/** ş ţ Ş Ţ (cedilla, legacy encodings) → ș ț Ș Ț (comma below, the correct Romanian letters). */
const CEDILLA = /[şţŞŢ]/;
const COMMA_BELOW: Record<string, string> = { ş: 'ș', ţ: 'ț', Ş: 'Ș', Ţ: 'Ț' };

export function normaliseRomanian(s: string): string {
  return CEDILLA.test(s) ? s.replace(/[şţŞŢ]/g, (c) => COMMA_BELOW[c]!) : s;
}

const TRUE = new Set(['true', '1', 'da', 'yes', 'y', 'd', 'intravilan', 'i']);
const FALSE = new Set(['false', '0', 'nu', 'no', 'n', 'extravilan', 'e']);

const INT_MAX = 2 ** 31 - 1;

/**
 * The longest text value: codes, numbers, names and addresses are indexed (B-tree entries hold at most ~2.7 kB), so a
 * longer value (a wrong field mapped, a pasted document) would fail the commit with a database error naming no
 * feature. Free-text columns that are not indexed take more.
 */
export const TEXT_MAX_BYTES = 2000;
const LONG_TEXT_MAX_BYTES = 100_000;
const LONG_TEXT_COLUMNS = new Set(['description', 'legal_basis', 'purpose', 'title']);

function tooLong(col: ColumnSpec, s: string): Error | undefined {
  const max = LONG_TEXT_COLUMNS.has(col.column) ? LONG_TEXT_MAX_BYTES : TEXT_MAX_BYTES;
  // A UTF-16 code unit is at most 3 bytes of UTF-8: short strings need no count.
  if (s.length * 3 <= max) return undefined;
  const bytes = Buffer.byteLength(s);
  if (bytes <= max) return undefined;
  return new Error(
    `${col.column} is too long (${s.length} characters, ${bytes} bytes; at most ${max} bytes): is the right field mapped?`,
  );
}

export function coerce(col: ColumnSpec, raw: unknown): unknown {
  switch (col.type) {
    case 'text': {
      const s = normaliseRomanian(typeof raw === 'string' ? raw.trim() : String(raw));
      const long = tooLong(col, s);
      if (long) return long;
      if (!col.oneOf) return s;
      const canonical = col.oneOf.find((v) => v.toLowerCase() === s.toLowerCase());
      return canonical ?? new Error(`${col.column} must be one of ${col.oneOf.join(', ')}, got ${JSON.stringify(raw)}`);
    }
    case 'int': {
      const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
      if (!Number.isInteger(n) || Math.abs(n) > INT_MAX)
        return new Error(`${col.column} must be an integer, got ${JSON.stringify(raw)}`);
      return n;
    }
    case 'float': {
      const n = typeof raw === 'number' ? raw : Number(String(raw).trim().replace(',', '.'));
      if (!Number.isFinite(n)) return new Error(`${col.column} must be a number, got ${JSON.stringify(raw)}`);
      return n;
    }
    case 'bool': {
      if (typeof raw === 'boolean') return raw;
      const s = String(raw).trim().toLowerCase();
      if (TRUE.has(s)) return true;
      if (FALSE.has(s)) return false;
      return new Error(`${col.column} must be true/false (or DA/NU), got ${JSON.stringify(raw)}`);
    }
    case 'date': {
      const s = String(raw).trim();
      const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
      const ro = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(s);
      const [y, m, d] = iso
        ? [iso[1]!, iso[2]!, iso[3]!]
        : ro
          ? [ro[3]!, ro[2]!.padStart(2, '0'), ro[1]!.padStart(2, '0')]
          : [];
      if (!y || !m || !d)
        return new Error(`${col.column} must be a date (YYYY-MM-DD or DD.MM.YYYY), got ${JSON.stringify(raw)}`);
      const date = new Date(`${y}-${m}-${d}T00:00:00Z`);
      if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d)) {
        return new Error(`${col.column} is not a real date: ${JSON.stringify(raw)}`);
      }
      return `${y}-${m}-${d}`;
    }
    case 'text[]': {
      const list = Array.isArray(raw) ? raw : String(raw).split(/[;|]/);
      return list.map((v) => normaliseRomanian(String(v).trim())).filter((v) => v.length > 0);
    }
    case 'jsonb':
      if (typeof raw === 'string') {
        try {
          return JSON.parse(raw) as unknown;
        } catch {
          return new Error(`${col.column} must be JSON, got ${JSON.stringify(raw.slice(0, 40))}`);
        }
      }
      return raw;
  }
}
