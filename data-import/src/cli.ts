// npm run import -- <layer> <file> [--srs EPSG:NNNN] [--uat SIRUTA] [--repair] [--dry-run] [--valid-from DATE]
// Exit 0 when the dataset version committed (or the dry run passed); non-zero with a clear message otherwise.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { connect, DatabaseStartupError, type Db } from '../../db/src/connect.ts';
import { migrate } from '../../db/src/migrate.ts';
import { ImportError, importFeatures, type ImportProgress } from './import-job.ts';
import { LAYER_SPECS } from './layers/layer-specs.ts';
import { openFeatureFile } from './readers/open-source.ts';
import { importIndicatorCsv } from './indicators-import.ts';
import { importSirutaCsv } from './siruta-import.ts';

const USAGE = `usage: npm run import -- <layer> <file> [--srs EPSG:NNNN] [--uat SIRUTA] [--repair] [--dry-run] [--valid-from YYYY-MM-DD]
layers: ${Object.keys(LAYER_SPECS).join(', ')}, indicators (CSV, with --code --name-ro --name-en --unit --source), siruta (CSV)`;

const Env = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  ATLAS_DATA_DIR: z.string().min(1).default('.atlas-data'),
});

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      srs: { type: 'string' },
      uat: { type: 'string' },
      repair: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'valid-from': { type: 'string' },
      code: { type: 'string' },
      'name-ro': { type: 'string' },
      'name-en': { type: 'string' },
      unit: { type: 'string' },
      source: { type: 'string' },
      'value-column': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [layer, file] = positionals;
  if (values.help || !layer || !file) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const uat = values.uat === undefined ? undefined : Number(values.uat);
  if (uat !== undefined && !Number.isInteger(uat))
    throw new ImportError(`--uat must be a SIRUTA code, got ${values.uat}`);
  const env = Env.parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v)));

  const db: Db = await connect({ databaseUrl: env.DATABASE_URL, dataDir: env.ATLAS_DATA_DIR });
  try {
    await migrate(db);
    if (layer === 'siruta') {
      const r = await importSirutaCsv(db, file);
      process.stdout.write(`siruta: ${r.units} units imported as dataset version ${r.datasetVersionId}\n`);
      return 0;
    }
    if (layer === 'indicators') {
      const missing = ['code', 'name-ro', 'name-en', 'unit', 'source'].filter((k) => !values[k as keyof typeof values]);
      if (missing.length) throw new ImportError(`indicators need --${missing.join(', --')}`);
      const r = await importIndicatorCsv(db, {
        file,
        meta: {
          code: values.code!,
          name_ro: values['name-ro']!,
          name_en: values['name-en']!,
          unit: values.unit!,
          source: values.source!,
        },
        valueColumn: values['value-column'],
        validFrom: values['valid-from'],
        dryRun: values['dry-run'],
      });
      process.stdout.write(
        values['dry-run']
          ? `indicators: ${r.values} values valid (dry run, nothing written)\n`
          : `indicators: ${r.values} values imported as dataset version ${r.datasetVersionId}\n`,
      );
      return 0;
    }
    if (!(layer in LAYER_SPECS)) throw new ImportError(`unknown layer ${JSON.stringify(layer)}\n${USAGE}`);
    const source = await openFeatureFile(file, values.srs);
    const progress = progressPrinter(layer);
    const report = await importFeatures(db, {
      layer: layer as keyof typeof LAYER_SPECS,
      features: source.features,
      srs: source.srs,
      sourceFile: basename(file),
      sourceSha256: await sha256(file),
      uat,
      repair: values.repair,
      dryRun: values['dry-run'],
      validFrom: values['valid-from'],
      importedBy: 'cli',
      totalHint: source.total,
      onProgress: progress,
    }).finally(() => source.cleanup());
    for (const r of report.repaired)
      process.stdout.write(`repaired feature ${r.feature}${r.id ? ` (id ${r.id})` : ''}: ${r.reason}\n`);
    process.stdout.write(
      report.dryRun
        ? `${layer}: ${report.features} features valid (${source.srs}); dry run, nothing written\n`
        : `${layer}: ${report.features} features imported from ${basename(file)} (${source.srs}) as dataset version ${report.datasetVersionId} in ${(report.ms / 1000).toFixed(1)} s\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

function progressPrinter(layer: string): (p: ImportProgress) => void {
  const started = Date.now();
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  return (p) => {
    const s = (Date.now() - started) / 1000;
    const rate = p.done / Math.max(s, 0.001);
    const eta = p.total && rate > 0 ? Math.max(0, (p.total - p.done) / rate) : undefined;
    const pct = p.total ? Math.min(100, (100 * p.done) / p.total) : undefined;
    const bar =
      pct === undefined ? '' : `[${'#'.repeat(Math.round(pct / 5)).padEnd(20, '.')}] ${pct.toFixed(0).padStart(3)}% `;
    const line = `${layer} ${p.phase}: ${bar}${p.done}${p.total ? `/${p.total}` : ''} features, ${Math.round(rate)}/s${eta !== undefined ? `, ETA ${eta.toFixed(0)} s` : ''}`;
    if (tty) process.stderr.write(`\r${line}\u001b[K${p.phase === 'done' ? '\n' : ''}`);
    else if (Date.now() - lastLine > 2000 || p.phase !== 'reading') {
      lastLine = Date.now();
      process.stderr.write(`${line}\n`);
    }
  };
}

function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (c) => h.update(c))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const known = err instanceof ImportError || err instanceof DatabaseStartupError || err instanceof z.ZodError;
    process.stderr.write(
      `\natlas import: ${known ? (err as Error).message : `failed: ${(err as Error).stack ?? String(err)}`}\n`,
    );
    process.exit(1);
  },
);
