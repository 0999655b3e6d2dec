// Starts Atlas: configuration, database (migrate, load the sample when empty), HTTP server, graceful shutdown.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { connect, DatabaseStartupError, type Db } from '../../db/src/connect.ts';
import { migrate } from '../../db/src/migrate.ts';
import { isEmpty } from '../../db/src/datasets.repository.ts';
import { failInterruptedJobs } from '../../db/src/import-jobs.repository.ts';
import { cleanUploadDir, DEFAULT_UPLOAD_DIR, runnerId } from './admin/imports.routes.ts';
import { loadSample } from '../../data-import/src/sample/load-sample.ts';
import { createApp, requestListener } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const dbLog = log.child({ module: 'db' });
  let db: Db | undefined;
  try {
    db = await connect({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.ATLAS_DATA_DIR,
      poolMax: config.DB_POOL_MAX,
      readUrls: config.DATABASE_READ_URL,
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      acquireTimeoutMs: config.DB_ACQUIRE_TIMEOUT_MS,
      log: (msg, fields) => dbLog.info(fields ?? {}, msg),
      // One line when the database stops answering and one when it is back, not one per failed request.
      onStateChange: (up, fields) =>
        up
          ? dbLog.warn(fields, 'the database answers again')
          : dbLog.error(fields, 'the database does not answer: requests get 503 until it is back'),
    });
    log.info({ engine: db.engine, postgis: db.capabilities.postgisVersion }, 'database engine chosen');
    const ran = await migrate(db);
    if (ran.length) log.info({ migrations: ran }, 'migrations applied');
    // Leftovers of a process that stopped mid-import (killed, crashed): its uploads and its unfinished jobs.
    const uploadDir = config.ATLAS_UPLOAD_DIR ?? DEFAULT_UPLOAD_DIR;
    const uploads = await cleanUploadDir(uploadDir);
    const interrupted = await failInterruptedJobs(
      db,
      runnerId(uploadDir),
      'Importul a fost întrerupt: serverul s-a oprit înainte de final; nimic nu a fost salvat. Reluați importul. / ' +
        'The import was interrupted: the server stopped before it finished; nothing was committed. Run it again',
    );
    if (uploads || interrupted) log.warn({ uploads, interrupted }, 'cleaned up after an interrupted run');
    if (config.ATLAS_LOAD_SAMPLE === 'auto' && (await isEmpty(db))) {
      log.info('the database is empty: loading the sample dataset of Cluj County and Cluj-Napoca');
      const summary = await loadSample(db, { log: log.child({ module: 'sample' }) });
      log.info({ ...summary }, 'sample dataset loaded');
    }
  } catch (err) {
    await db?.close().catch(() => undefined);
    throw err;
  }

  const app = createApp({ config, db, log, webDist: WEB_DIST });
  const server = createServer(requestListener(app));
  server.keepAliveTimeout = 65_000;
  // A client that sends its headers or body too slowly (or less body than it declared) must not hold a connection:
  // headers within ATLAS_HEADERS_TIMEOUT_MS, the whole request within ATLAS_REQUEST_TIMEOUT_MS, and a body that
  // stops arriving is answered 408 after ATLAS_BODY_IDLE_TIMEOUT_MS (requestListener).
  server.headersTimeout = config.ATLAS_HEADERS_TIMEOUT_MS;
  server.requestTimeout = config.ATLAS_REQUEST_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  log.info({ port, engine: db.engine, ms: Date.now() - started }, 'Atlas is serving');
  process.stdout.write(`\nAtlas rulează / is running at http://localhost:${port}/  (engine: ${db.engine})\n\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.warn('connections still open after 10 s; closing them');
      server.closeAllConnections();
    }, 10_000);
    force.unref();
    server.close(() => {
      void db.close().finally(() => {
        log.info('stopped');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  const known = err instanceof ConfigError || err instanceof DatabaseStartupError;
  const code = (err as NodeJS.ErrnoException).code;
  const message =
    code === 'EADDRINUSE'
      ? `Port already in use: ${(err as Error).message}. Set PORT to a free port`
      : known
        ? (err as Error).message
        : `Atlas could not start: ${(err as Error).message}`;
  process.stderr.write(`atlas: ${message}\n`);
  if (!known && code !== 'EADDRINUSE' && process.env.LOG_LEVEL === 'debug') console.error(err);
  process.exit(1);
});
