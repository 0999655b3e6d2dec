// npm run import -- <layer> <file> [--srs EPSG:NNNN] [--table NAME] [--uat SIRUTA] [--repair] [--dry-run] [--valid-from DATE]
//                   [--mapping FILE] [indicators: --code --name-ro --name-en --unit --source | --meta FILE]
// Exit 0 when the dataset version committed (or the dry run passed); 1 with a clear message when refused (then
// nothing changed); 2 on a usage error.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { connect, DatabaseStartupError, type Db } from '../../db/src/connect.ts';
import { migrate } from '../../db/src/migrate.ts';
import { ImportError } from './import-job.ts';
import { ALL_IMPORT_LAYERS, precheckImport, runImport, type ImportRequest } from './import-service.ts';
import { readMappingFile } from './mapping-file.ts';
import { progressPrinter } from './progress-printer.ts';
import type { IndicatorMeta } from './indicators-import.ts';

const USAGE = `usage: npm run import -- <layer> <file> [--srs EPSG:NNNN] [--table NAME] [--uat SIRUTA] [--repair]
                         [--dry-run] [--valid-from YYYY-MM-DD] [--mapping FILE]
                         [--synthetic] [--attribution TEXT]
  layer: ${ALL_IMPORT_LAYERS.join(', ')}
  file:  GeoJSON (.geojson, or one feature per line: .geojsonl/.ndjson), a zipped Shapefile (.zip), GeoPackage
         (.gpkg), or CSV
  --table NAME     GeoPackage: the feature table to read (needed when the file holds several)
  --uat SIRUTA     the UAT of a file without a SIRUTA field (else: the UAT polygon that contains each feature)
  --mapping FILE   JSON { "column": ["source field", ...] } overriding the field names tried for each column
  indicators (CSV, long form siruta,year,value or wide form siruta,2000,2001,...) also need the metadata:
    --code CODE --name-ro TEXT --name-en TEXT --unit TEXT --source TEXT [--description TEXT] [--value-column NAME]
    or --meta FILE (JSON with code, name_ro, name_en, unit, source, description)`;

const Env = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  ATLAS_DATA_DIR: z.string().min(1).default('.atlas-data'),
});

class UsageError extends Error {}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        srs: { type: 'string' },
        table: { type: 'string' },
        uat: { type: 'string' },
        repair: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        'valid-from': { type: 'string' },
        synthetic: { type: 'boolean', default: false },
        attribution: { type: 'string' },
        mapping: { type: 'string' },
        code: { type: 'string' },
        'name-ro': { type: 'string' },
        'name-en': { type: 'string' },
        unit: { type: 'string' },
        source: { type: 'string' },
        description: { type: 'string' },
        meta: { type: 'string' },
        'value-column': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const [layer, file, ...extra] = positionals;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!layer || !file || extra.length) throw new UsageError('expected a layer and one file');
  const uat = values.uat === undefined ? undefined : Number(values.uat);
  const req: ImportRequest = {
    layer,
    file,
    srs: values.srs,
    table: values.table,
    uat,
    repair: values.repair,
    dryRun: values['dry-run'],
    validFrom: values['valid-from'],
    mapping: values.mapping ? await readMappingFile(values.mapping) : undefined,
    importedBy: 'cli',
    synthetic: values.synthetic,
    attribution: values.attribution,
    valueColumn: values['value-column'],
    indicator: layer === 'indicators' ? await indicatorMeta(values) : undefined,
    onProgress: progressPrinter(layer),
  };
  if (values.uat !== undefined && !Number.isInteger(uat))
    throw new ImportError(`--uat must be a SIRUTA code, got ${values.uat}`);
  // What needs no full read is refused before the database is even opened.
  await precheckImport(req);

  const env = Env.parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v)));
  const db: Db = await connect({ databaseUrl: env.DATABASE_URL, dataDir: env.ATLAS_DATA_DIR });
  try {
    await migrate(db);
    const r = await runImport(db, req);
    for (const p of r.repaired)
      process.stdout.write(`repaired feature ${p.feature}${p.id !== undefined ? ` (id ${p.id})` : ''}: ${p.reason}\n`);
    const what = layer === 'indicators' ? 'values' : layer === 'siruta' ? 'units' : 'features';
    const srs = r.srs ? ` (${r.srs})` : '';
    const rate = r.ms > 0 ? `, ${Math.round((r.features * 1000) / r.ms)} ${what}/s` : '';
    process.stdout.write(
      r.dryRun
        ? `${layer}: ${r.features} ${what} valid in ${r.sourceFile}${srs}; dry run, nothing written\n`
        : `${layer}: ${r.features} ${what} imported from ${r.sourceFile}${srs} as dataset version ${r.datasetVersionId} in ${(r.ms / 1000).toFixed(1)} s${rate}\n`,
    );
    if (r.intravilan) {
      process.stdout.write(
        r.intravilan.datasetVersionId === null
          ? `parcels: the new built-up area limits change no parcel's intravilan status\n`
          : `parcels: ${r.intravilan.changed} parcel(s) take their intravilan status from the new limits, as dataset version ${r.intravilan.datasetVersionId}\n`,
      );
    }
    return 0;
  } finally {
    await db.close();
  }
}

async function indicatorMeta(values: Record<string, string | boolean | undefined>): Promise<Partial<IndicatorMeta>> {
  let meta: Partial<IndicatorMeta> = {};
  if (typeof values.meta === 'string') {
    try {
      meta = JSON.parse(await readFile(values.meta, 'utf8')) as Partial<IndicatorMeta>;
    } catch (err) {
      throw new ImportError(`${values.meta}: not a readable JSON file (${(err as Error).message})`);
    }
  }
  const flag = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  return {
    ...meta,
    ...(flag('code') ? { code: flag('code') } : {}),
    ...(flag('name-ro') ? { name_ro: flag('name-ro') } : {}),
    ...(flag('name-en') ? { name_en: flag('name-en') } : {}),
    ...(flag('unit') ? { unit: flag('unit') } : {}),
    ...(flag('source') ? { source: flag('source') } : {}),
    ...(flag('description') ? { description: flag('description') } : {}),
  };
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`atlas import: ${err.message}\n${USAGE}\n`);
      process.exit(2);
    }
    const known = err instanceof ImportError || err instanceof DatabaseStartupError || err instanceof z.ZodError;
    process.stderr.write(
      `${process.stderr.isTTY ? '\n' : ''}atlas import: ${known ? (err as Error).message : `failed: ${(err as Error).stack ?? String(err)}`}\n`,
    );
    process.exit(1);
  },
);
