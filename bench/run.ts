// npm run bench -- [suite ...] [--smoke] [--parcels N]
// Suites: lookup, tiles, import, certificates, atlas, atlas-web, web, load (each bench/<suite>.bench.ts; atlas-web is
// bench/atlas-repaint.ts, web (the citizen's map in Chromium) bench/web.ts). Every figure is printed next to a reference measured in the same run. `--smoke` runs a
// small city and few iterations (CI).
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_ADMIN_URL } from './bench-db.ts';
import { printTable, type Row } from './table.ts';

export interface BenchContext {
  smoke: boolean;
  /** A PostgreSQL server with PostGIS; the suites create their own databases on it. */
  adminUrl: string;
  /**
   * The database DATABASE_URL names, when it names one (not `postgres`): a suite that drops and recreates a scratch
   * database uses this one, so that benches run from several checkouts against one server do not drop each other's.
   */
  ownDatabase: string | undefined;
  parcels: number;
  log(msg: string): void;
}

export type Suite = (ctx: BenchContext) => Promise<Row[]>;

const ALL = ['lookup', 'tiles', 'import', 'certificates', 'atlas', 'atlas-web', 'web', 'load', 'scale'];
/** Suites that run on the generator's city of `--parcels` parcels (the others make the data they need). */
const CITY_SUITES = new Set(['lookup', 'tiles', 'import', 'certificates', 'load', 'scale']);
/** Suites whose file is not bench/<suite>.bench.ts. */
const FILES: Readonly<Record<string, string>> = { 'atlas-web': 'atlas-repaint.ts', web: 'web.ts' };

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { smoke: { type: 'boolean', default: false }, parcels: { type: 'string' } },
  });
  const smoke = values.smoke;
  const suites = positionals.length ? positionals : ALL;
  const unknown = suites.filter((s) => !ALL.includes(s));
  if (unknown.length) throw new Error(`unknown suite(s) ${unknown.join(', ')}; known: ${ALL.join(', ')}`);
  // The bench needs a PostGIS server: DATABASE_URL names it (any database on it), default the local one.
  const adminUrl = process.env.DATABASE_URL ? withDatabase(process.env.DATABASE_URL, 'postgres') : DEFAULT_ADMIN_URL;
  const ctx: BenchContext = {
    smoke,
    adminUrl,
    ownDatabase: process.env.DATABASE_URL ? ownDatabase(process.env.DATABASE_URL) : undefined,
    parcels: values.parcels ? Number(values.parcels) : smoke ? 5000 : 200_000,
    log: (m) => process.stderr.write(`${m}\n`),
  };
  const rows: Row[] = [];
  for (const s of suites) {
    const file = new URL(`./${FILES[s] ?? `${s}.bench.ts`}`, import.meta.url);
    if (!existsSync(file)) {
      ctx.log(`(suite ${s} is not written yet)`);
      continue;
    }
    ctx.log(`== ${s}${smoke ? ' (smoke)' : ''}${CITY_SUITES.has(s) ? `, ${ctx.parcels} parcels` : ''}`);
    const mod = (await import(file.href)) as { run: Suite };
    rows.push(...(await mod.run(ctx)));
    printTable(rows.filter((r) => r.suite === s));
  }
  if (suites.length > 1) printTable(rows);
  const missed = rows.filter((r) => r.pass === false);
  if (missed.length) process.stdout.write(`${missed.length} goal(s) missed.\n`);
  process.exit(0);
}

function ownDatabase(url: string): string | undefined {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  return /^[a-z_][a-z0-9_]*$/.test(name) && name !== 'postgres' ? name : undefined;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
