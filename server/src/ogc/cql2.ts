// CQL2 text (OGC API - Features Part 3 `filter`), parsed by a grammar compiled once with peggy.
import { readFileSync } from 'node:fs';
import peggy from 'peggy';
import type { CqlExpr } from '../../../db/src/cql2-sql.ts';
import { badParam } from '../errors.ts';

const parser = peggy.generate(readFileSync(new URL('./cql2-text.peggy', import.meta.url), 'utf8'));

/** The longest filter accepted (characters). */
export const FILTER_MAX = 8000;

export function parseCql2Text(text: string): CqlExpr {
  if (text.length > FILTER_MAX) throw badParam('filter', text.slice(0, 40) + '…', `longer than ${FILTER_MAX}`);
  try {
    return parser.parse(text) as CqlExpr;
  } catch (err) {
    const e = err as { message?: string; location?: { start: { offset: number } } };
    const at = e.location ? ` at character ${e.location.start.offset + 1}` : '';
    throw badParam('filter', text, `not CQL2 text${at}: ${e.message ?? 'syntax error'}`);
  }
}
