// The setup of the benches in Chromium (bench/web.ts, bench/atlas-repaint.ts): the web app built when stale, Atlas
// serving it in this process from a scratch database loaded with the sample, and a headless Chromium.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { migrate } from '../db/src/migrate.ts';
import { loadSample } from '../data-import/src/sample/load-sample.ts';
import { createApp, requestListener, type AppDeps } from '../server/src/app.ts';
import { createLogger } from '../server/src/logger.ts';
import { launchChromium } from '../test/support/browser.ts';
import { withScratchDatabase } from './bench-db.ts';
import type { BenchContext } from './run.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));

/**
 * Builds the web app when stale, loads the sample (`parcels` parcels) into the scratch database `name` (or DATABASE_URL's
 * own database, see BenchContext.ownDatabase), serves it with
 * Atlas (`config`) on a loopback port and launches Chromium; `measure` gets the browser and the server's base URL.
 * Afterwards the browser is closed, the server stopped and the database dropped.
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
  return withScratchDatabase(ctx.adminUrl, ctx.ownDatabase ?? name, async (db) => {
    const t = Date.now();
    await migrate(db);
    await loadSample(db, { parcels });
    ctx.log(`  sample loaded in ${Date.now() - t} ms`);
    const app = createApp({ config, db, log: createLogger('silent'), webDist: WEB_DIST });
    const http = createServer(requestListener(app));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const browser = await launchChromium();
    try {
      return await measure(browser, base);
    } finally {
      await browser.close().catch(() => undefined);
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });
}
