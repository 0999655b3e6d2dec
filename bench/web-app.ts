// The setup of the benches in Chromium (bench/web.ts, bench/atlas-repaint.ts): the web app built when stale, Atlas
// serving it from a scratch database loaded with the sample, in a process of its own as `npm start` runs it (not in
// the bench's process, whose event loop Playwright's handling of the page's events would share), and a headless
// Chromium.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { migrate } from '../db/src/migrate.ts';
import { loadSample } from '../data-import/src/sample/load-sample.ts';
import type { AppDeps } from '../server/src/app.ts';
import { launchChromium } from '../test/support/browser.ts';
import { benchUrl, withScratchDatabase } from './bench-db.ts';
import { startServerProcess } from './server-process.ts';
import type { BenchContext } from './run.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));

/**
 * Builds the web app when stale, loads the sample (`parcels` parcels) into the scratch database `name` (or DATABASE_URL's
 * own database, see BenchContext.ownDatabase), serves it with Atlas (`config`, as environment variables) in a child
 * process on a loopback port and launches Chromium; `measure` gets the browser and the server's base URL. Afterwards
 * the browser is closed, the server stopped and the database dropped.
 */
export async function withWebApp<T>(
  ctx: BenchContext,
  name: string,
  { parcels, config }: { parcels: number; config: AppDeps['config'] },
  measure: (browser: Browser, base: string) => Promise<T>,
): Promise<T> {
  const built = spawnSync(process.execPath, ['scripts/build-web-if-stale.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the web app did not build');
  // The database DATABASE_URL names, when it names one: benches run from several checkouts do not drop each other's.
  const database = ctx.ownDatabase ?? name;
  return withScratchDatabase(ctx.adminUrl, database, async (db) => {
    const t = Date.now();
    await migrate(db);
    await loadSample(db, { parcels });
    ctx.log(`  sample (${parcels.toLocaleString('en-US')} parcels) loaded in ${Date.now() - t} ms`);
    const env = Object.fromEntries(Object.entries(config ?? {}).map(([k, v]) => [k, String(v)]));
    const server = await startServerProcess(benchUrl(ctx.adminUrl, database), env);
    const browser = await launchChromium();
    try {
      return await measure(browser, server.baseUrl);
    } finally {
      await browser.close().catch(() => undefined);
      await server.stop();
    }
  });
}
