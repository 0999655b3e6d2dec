// Values in PostgreSQL's COPY text format: what a load streams to the database.

/** The column types a load writes. */
export type CopyType = 'text' | 'int' | 'float' | 'bool' | 'date' | 'text[]' | 'jsonb';

export const COPY_NULL = '\\N';

const SPECIAL = /[\\\t\n\r\0]/;
const SPECIAL_ALL = /[\\\t\n\r\0]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '' };

/** A text value escaped for COPY (backslash, tab, newline and carriage return; NUL, which PostgreSQL refuses, dropped). */
export function copyText(s: string): string {
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : s;
}

/** A column value (already coerced to its type) as one COPY field. */
export function copyField(type: CopyType, value: unknown): string {
  if (value === null || value === undefined) return COPY_NULL;
  switch (type) {
    case 'text':
    case 'date':
      return copyText(String(value));
    case 'int':
    case 'float':
      return String(value);
    case 'bool':
      return value ? 't' : 'f';
    case 'jsonb':
      return copyText(JSON.stringify(value));
    case 'text[]':
      return copyText(
        `{${(value as unknown[]).map((v) => `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`,
      );
  }
}
