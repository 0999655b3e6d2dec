// A small JSON file overriding the source field names tried for each column of a layer, e.g.
// { "cadastral_number": ["NUMAR_CAD", "nr_cad"], "uat_siruta": "COD_UAT" }. Used by `--mapping FILE` and by the
// `mapping` field of the admin API.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImportError } from './import-job.ts';
import type { FieldMapping } from './coerce.ts';

export function parseMapping(text: string, name = 'mapping'): FieldMapping {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ImportError(`${name}: not valid JSON (${(err as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ImportError(`${name}: expected an object { "column": ["field", ...] }`);
  }
  const mapping: Record<string, string[]> = {};
  for (const [column, v] of Object.entries(doc)) {
    const fields = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(fields) || fields.length === 0 || !fields.every((f) => typeof f === 'string' && f.trim())) {
      throw new ImportError(`${name}: "${column}" must name a field or a list of fields, got ${JSON.stringify(v)}`);
    }
    mapping[column] = fields.map((f: string) => f.trim());
  }
  return mapping;
}

export async function readMappingFile(path: string): Promise<FieldMapping> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new ImportError(`${basename(path)}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  return parseMapping(text, basename(path));
}
