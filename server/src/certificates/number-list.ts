// The list of a batch of certificates: one cadastral number per line, or a CSV whose header names a number column
// (and optionally a UAT column).
import { parse } from 'csv-parse/sync';

export class NumberListError extends Error {}

/** Reads the list: plain lines, or a CSV with a number column (and optionally a uat column). */
export function readNumbers(text: string, uat: number | undefined): { uat: number; number: string }[] {
  const rows = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true, bom: true }) as string[][];
  if (!rows.length) return [];
  const header = rows[0]!.map((h) => h.toLowerCase());
  const numberCol = header.findIndex((h) => ['number', 'cadastral_number', 'nr_cadastral', 'nrcad'].includes(h));
  const uatCol = header.findIndex((h) => ['uat', 'siruta', 'uat_siruta'].includes(h));
  const body = numberCol >= 0 ? rows.slice(1) : rows;
  return body.map((row, i) => {
    const number = row[numberCol >= 0 ? numberCol : 0] ?? '';
    const rawUat = uatCol >= 0 ? row[uatCol] : undefined;
    const itemUat = rawUat ? Number(rawUat) : uat;
    if (itemUat === undefined || !Number.isInteger(itemUat)) {
      throw new NumberListError(`line ${i + (numberCol >= 0 ? 2 : 1)}: no UAT (give --uat or a "uat" column)`);
    }
    return { uat: itemUat, number };
  });
}
