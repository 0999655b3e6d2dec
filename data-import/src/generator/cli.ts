// npx tsx data-import/src/generator/cli.ts --out DIR [--seed 42] [--parcels 6000] [--permits N]
// Generates the synthetic part of the sample dataset and prints a summary.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PARCELS, DEFAULT_SEED, generateCity } from './generate-city.ts';
import { writeDataset } from './write-dataset.ts';

const USAGE = `Usage: npx tsx data-import/src/generator/cli.ts --out DIR [--seed ${DEFAULT_SEED}] [--parcels ${DEFAULT_PARCELS}] [--permits N]

Writes parcels.geojson, zoning.geojson, plans.geojson, restrictions.geojson, permits.geojson (EPSG:3844) and
indicators/{population,dwellings}.csv + indicators/indicators.json into DIR. Same seed → byte-identical files.
`;

export interface CliArgs {
  out: string;
  seed: string;
  parcels: number;
  permits?: number;
}

export function parseCliArgs(argv: string[]): CliArgs | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string', short: 'o' },
      seed: { type: 'string', short: 's' },
      parcels: { type: 'string', short: 'n' },
      permits: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (!values.out) throw new Error('--out DIR is required');
  const whole = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number ≥ 0, got ${v}`);
    return n;
  };
  return {
    out: values.out,
    seed: values.seed ?? String(DEFAULT_SEED),
    parcels: whole('parcels', values.parcels) ?? DEFAULT_PARCELS,
    permits: whole('permits', values.permits),
  };
}

async function main(): Promise<void> {
  let args: CliArgs | 'help';
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const started = performance.now();
  const ds = generateCity({ seed: args.seed, parcels: args.parcels, permits: args.permits });
  const generated = performance.now();
  const dir = resolve(args.out);
  const files = await writeDataset(ds, dir);
  const done = performance.now();
  const s = ds.stats;
  const lines = [
    `Atlas synthetic dataset, seed ${s.seed} → ${dir}`,
    `  parcels       ${s.parcels} (${s.intravilanParcels} intravilan, ${s.parcels - s.intravilanParcels} extravilan, ${s.parcelsWithHole} with a hole)` +
      (s.lotScale < 1 ? `, lots shrunk to ×${s.lotScale.toFixed(2)} to fit` : ''),
    `  zoning        ${s.zones} UTR polygons (${s.pugZones} PUG, ${s.zones - s.pugZones} PUZ)`,
    `  plans         ${s.plans}`,
    `  restrictions  ${s.restrictions}`,
    `  permits       ${s.permits}`,
    `  indicators    2 series × ${s.uats} UATs × 26 years`,
    `  parcels bbox  ${s.parcelsBbox ? `EPSG:3844 [${s.parcelsBbox.map((v) => v.toFixed(2)).join(', ')}]` : '-'}`,
    `  files`,
    ...files.map(
      (f) => `    ${f.path.padEnd(28)} ${(f.bytes / 1024).toFixed(0).padStart(8)} KiB  sha256 ${f.sha256.slice(0, 16)}`,
    ),
    `  time          generate ${((generated - started) / 1000).toFixed(2)} s, write ${((done - generated) / 1000).toFixed(2)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

await main();
