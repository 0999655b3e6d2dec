// A real Atlas HTTP server over the shared test database, listening on a free loopback port.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createApp, requestListener, type AppDeps, type AtlasApp } from '../../server/src/app.ts';
import { createLogger } from '../../server/src/logger.ts';
import { testDb } from './db.ts';

export interface TestServer {
  baseUrl: string;
  app: AtlasApp;
  close(): Promise<void>;
}

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export async function startTestServer(
  opts: { tileCacheMb?: number; config?: Partial<AppDeps['config']> } = {},
): Promise<TestServer> {
  const db = await testDb();
  const app = createApp({
    config: { ATLAS_TILE_CACHE_MB: opts.tileCacheMb ?? 64, ...opts.config },
    db,
    log: createLogger('silent'),
    webDist: WEB_DIST,
  });
  const server: Server = createServer(requestListener(app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    app,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
