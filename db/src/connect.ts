// The one place that chooses the database engine: embedded PGlite (with PostGIS) by default,
// a PostGIS server when a DATABASE_URL is given. Everything else talks to the `Db` interface.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { from as pgCopyFrom } from 'pg-copy-streams';
import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite';
import { ReplicaSet, type Reader, type ReplicaStatus } from './replicas.ts';
import { dbFaultOf, DbState } from './db-faults.ts';

export { dbFaultOf, DbState, type DbFault } from './db-faults.ts';

export type Engine = 'pglite' | 'postgis';

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/** Something that runs one SQL statement with numbered parameters ($1, $2, ...). */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

/**
 * A `COPY target FROM ...` in progress, fed with rows in PostgreSQL's COPY text format. On the PostGIS server the rows
 * stream to the server as they are written (backpressure: `write` returns a promise to await before writing more);
 * the embedded engine collects them and loads them with `COPY ... FROM '/dev/blob'` a few megabytes at a time.
 */
export interface CopyIn {
  /** Queues `chunk` (`rows` complete rows); a promise when the caller must wait before writing more. */
  write(chunk: string | Uint8Array, rows: number): Promise<void> | undefined;
  /** Finishes the COPY; resolves with the number of rows copied. Rejects with a `CopyError` when the server refused. */
  end(): Promise<number>;
  /** Gives the COPY up (nothing it wrote stays); the transaction around it is aborted. */
  abort(reason: string): Promise<void>;
}

/** A row refused by COPY: `line` counts from 1 over everything written to this `CopyIn`. */
export class CopyError extends Error {
  override name = 'CopyError';
  constructor(
    message: string,
    readonly line: number | undefined,
    readonly code: string | undefined,
    readonly detail: string | undefined,
  ) {
    super(message);
  }
}

/** One connection in a transaction. */
export interface Transaction extends Queryable {
  /**
   * Starts `COPY target FROM ...`, e.g. `copyFrom('parcels (uat_siruta, geom)')`: rows in the text format, or in the
   * binary format when `binary` is set (the caller writes the header and the trailer; PostGIS server only: the
   * embedded engine loads the rows in several COPY statements).
   */
  copyFrom(target: string, opts?: { binary?: boolean }): CopyIn;
}

export interface Capabilities {
  /** ST_AsMVT / ST_AsMVTGeom work (PostGIS built with protobuf-c). */
  asMvt: boolean;
  postgisVersion: string;
  serverVersion: string;
}

export interface Db extends Queryable {
  readonly engine: Engine;
  readonly capabilities: Capabilities;
  /** Query builder and migrator. Build SQL with it; run it through `query` or `transaction`. */
  readonly knex: Knex;
  /** Runs `fn` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` on a second connection of its own, beside a transaction in progress, in a transaction that is always
   * rolled back: scratch work such as checks on temporary tables, done on another server process in parallel.
   * Only the PostGIS server has it; the embedded engine runs one connection.
   */
  scratch?: <T>(fn: (s: Transaction) => Promise<T>) => Promise<T>;
  /** How many statements the engine runs at once: the pool's size on a server, 1 for the embedded engine. */
  readonly connections: number;
  /** A prepared statement by name, where the engine supports it (PostGIS); a plain query otherwise. */
  prepared<R = Record<string, unknown>>(name: string, sql: string, params: readonly unknown[]): Promise<QueryResult<R>>;
  /**
   * The read handle: reads that may be served by a streaming replica (tiles, lookups, OGC items, indicators,
   * exports). Without replicas, and on the embedded engine, the same connections as the writes.
   */
  readonly reader: Reader;
  /** After a write that changes the served data: replicas serve reads again once they have replayed it. */
  noteWrite(): Promise<void>;
  /** The read replicas and their state (none without DATABASE_READ_URL). */
  replicas(): ReplicaStatus[];
  /** Whether the database answered its last statement; changes are reported through ConnectOptions.onStateChange. */
  readonly state: DbState;
  /** One round trip (`SELECT 1`) with a short timeout: rejects when the database does not answer. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolMax?: number;
  /** Streaming replicas of the PostGIS server that serve reads (DATABASE_READ_URL). */
  readUrls?: readonly string[];
  /** Log sink for lifecycle events (engine chosen, extension created). */
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /**
   * PostGIS server: a statement running longer than this is cancelled (server-side `statement_timeout`, and a
   * client-side timeout a little later for a server that does not answer at all); 0 turns both off. Transactions
   * (imports, certificate batches) are exempt from the server-side limit: their statements may legitimately be long.
   */
  statementTimeoutMs?: number;
  /** PostGIS server: how long a request waits for a connection (a new one, or a free one of the pool). */
  acquireTimeoutMs?: number;
  /** Called when the database stops answering (up = false) and when it answers again. */
  onStateChange?: (up: boolean, fields: Record<string, unknown>) => void;
}

/** A start-up failure with a message meant for a person: one line, what is wrong and what to do. */
export class DatabaseStartupError extends Error {
  override name = 'DatabaseStartupError';
}

/** The on-disk format of an embedded data folder this code writes; bump it when the folder layout changes. */
export const DATA_FORMAT = 1;
const PG_MAJOR_EMBEDDED = '18';
const META_FILE = 'atlas-data.json';
const LOCK_FILE = 'atlas.lock';

// Both engines return the same JS types: bigint counts and numerics as numbers, dates as 'YYYY-MM-DD' strings.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(NUMERIC, (v) => Number(v));
pg.types.setTypeParser(DATE, (v) => v);
const PGLITE_PARSERS = {
  [INT8]: (v: string) => Number(v),
  [NUMERIC]: (v: string) => Number(v),
  [DATE]: (v: string) => v,
};

export async function connect(opts: ConnectOptions): Promise<Db> {
  return opts.databaseUrl ? connectServer(opts.databaseUrl, opts) : connectEmbedded(opts);
}

// ---------------------------------------------------------------- PostGIS server

// Tile and lookup queries are short: JIT and parallel plans only slow them down under load.
// Prepared statements (tiles, lookups) are planned once per connection: their plans do not depend on the values.
const PG_OPTIONS = '-c jit=off -c max_parallel_workers_per_gather=0 -c plan_cache_mode=force_generic_plan';

async function connectServer(url: string, opts: ConnectOptions): Promise<Db> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseStartupError('DATABASE_URL is not a valid URL (expected postgres://user@host:port/database)');
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) {
    throw new DatabaseStartupError(
      `DATABASE_URL must start with postgres:// or postgresql://, got ${parsed.protocol}//`,
    );
  }
  const where = `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  const poolMax = opts.poolMax ?? 20;
  const statementTimeout = opts.statementTimeoutMs ?? 0;
  const acquireTimeout = opts.acquireTimeoutMs ?? 10_000;
  // A server that is frozen (or behind a dead link) never sends the cancellation of statement_timeout: the client
  // gives up a little later by itself.
  const clientTimeout = statementTimeout > 0 ? statementTimeout + 2_000 : undefined;
  const state = new DbState(opts.onStateChange);
  const pgOptions = PG_OPTIONS + (statementTimeout > 0 ? ` -c statement_timeout=${Math.round(statementTimeout)}` : '');
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: acquireTimeout,
    idleTimeoutMillis: 30_000,
    // Tile and lookup queries are short: JIT and parallel plans only slow them down under load.
    // Prepared statements (tiles, lookups) are planned once per connection: their plans do not depend on the values.
    options: pgOptions,
  });
  // An idle client whose server went away: the pool drops it; the process must not exit for it (issue 12, item 1).
  pool.on('error', (err) => state.saw(err));
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseStartupError(`Cannot connect to the PostGIS server at ${where}: ${describePgError(err)}`);
  }

  const watched = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      const r = await run();
      state.ok();
      return r;
    } catch (err) {
      state.saw(err);
      throw err;
    }
  };
  /** One statement on the pool or a checked-out client, under the client-side timeout; `name` prepares it. */
  const send = async <R>(
    on: pg.Pool | pg.PoolClient,
    sql: string,
    params?: readonly unknown[],
    name?: string,
  ): Promise<QueryResult<R>> => {
    const r = await on.query({
      ...(name ? { name } : {}),
      text: sql,
      values: params as unknown[] | undefined,
      ...(clientTimeout ? { query_timeout: clientTimeout } : {}),
    } as pg.QueryConfig);
    return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
  };
  const query = <R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> =>
    watched(() => send<R>(pool, sql, params));
  try {
    // Start-up DDL may take seconds (creating PostGIS): exempt from the statement timeout of requests.
    await pool.query(
      statementTimeout > 0
        ? 'BEGIN; SET LOCAL statement_timeout = 0; CREATE EXTENSION IF NOT EXISTS postgis; COMMIT'
        : 'CREATE EXTENSION IF NOT EXISTS postgis',
    );
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseStartupError(
      `The PostgreSQL server at ${where} has no PostGIS extension available (${describePgError(err)}); install PostGIS 3 on it`,
    );
  }

  const knex = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 2 } });
  /** A client checked out of the pool: errors while held are recorded, never thrown as 'error' events. */
  const checkout = async () => {
    const client = await watched(() => pool.connect());
    let broken: Error | undefined;
    const onError = (err: Error) => {
      broken ??= err;
      state.saw(err);
    };
    client.on('error', onError);
    return {
      client,
      release(err?: unknown) {
        // A client whose connection failed, or that met a fault, is destroyed rather than handed out again.
        const destroy = broken ?? (err && dbFaultOf(err) ? (err as Error) : undefined);
        client.release(destroy);
        // Keep a listener: the destroyed client may still emit an error after release.
        client.off('error', onError);
        if (destroy) client.on('error', () => undefined);
      },
    };
  };
  const capabilities = await probeCapabilities({ query });
  opts.log?.('database ready', { engine: 'postgis', server: where, postgis: capabilities.postgisVersion });

  const prepared = <R>(name: string, sql: string, params: readonly unknown[]): Promise<QueryResult<R>> =>
    watched(() => send<R>(pool, sql, params, name));
  /**
   * Reads in one read-only transaction (e.g. with SET LOCAL settings). Unlike `transaction`, a request's: it keeps the
   * statement timeout and the client-side timeout, so a frozen server cannot hold it.
   */
  const readTransaction = async <T>(fn: (tx: Pick<Queryable, 'query'>) => Promise<T>): Promise<T> => {
    const { client, release } = await checkout();
    let failure: unknown;
    const run = <R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => send<R>(client, sql, params);
    try {
      await run('BEGIN READ ONLY');
      const result = await fn({ query: run });
      await run('COMMIT');
      state.ok();
      return result;
    } catch (err) {
      failure = err;
      state.saw(err);
      // A client that timed out is destroyed by release(); ROLLBACK only where the connection still works.
      if (!dbFaultOf(err)) await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      release(failure);
    }
  };
  const replicaSet = opts.readUrls?.length
    ? new ReplicaSet({
        urls: opts.readUrls,
        primary: { query, prepared, readTransaction },
        poolMax,
        pgOptions,
        acquireTimeoutMs: Math.min(acquireTimeout, 2_000),
        queryTimeoutMs: clientTimeout,
        log: opts.log,
      })
    : undefined;
  await replicaSet?.start();
  if (replicaSet) opts.log?.('read replicas', { replicas: replicaSet.status() });

  return {
    engine: 'postgis',
    capabilities,
    connections: poolMax,
    knex,
    query,
    prepared,
    reader: replicaSet ?? { query, prepared, readTransaction },
    noteWrite: async () => replicaSet?.noteWrite(),
    replicas: () => replicaSet?.status() ?? [],
    state,
    async ping(timeoutMs = 2_000) {
      await watched(async () => {
        await pool.query({ text: 'SELECT 1', query_timeout: timeoutMs } as pg.QueryConfig);
      });
    },
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      const { client, release } = await checkout();
      let failure: unknown;
      try {
        await client.query(statementTimeout > 0 ? 'BEGIN; SET LOCAL statement_timeout = 0' : 'BEGIN');
        const result = await fn(serverTransaction(client));
        await client.query('COMMIT');
        state.ok();
        return result;
      } catch (err) {
        failure = err;
        state.saw(err);
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        release(failure);
      }
    },
    async scratch<T>(fn: (s: Transaction) => Promise<T>): Promise<T> {
      // A connection of its own, outside the pool: the caller already holds one of the pool's, and a pool of one
      // must not wait for itself.
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: acquireTimeout });
      client.on('error', (err) => state.saw(err));
      await client.connect();
      try {
        await client.query('BEGIN');
        return await fn(serverTransaction(client));
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        await client.end().catch(() => undefined);
      }
    },
    async close() {
      await replicaSet?.close();
      await knex.destroy();
      await pool.end();
    },
  };
}

function serverTransaction(client: pg.ClientBase): Transaction {
  return {
    async query<R>(sql: string, params?: readonly unknown[]) {
      const r = await client.query(sql, params as unknown[] | undefined);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
    },
    copyFrom: (target, opts) => serverCopyIn(client, target, opts?.binary ?? false),
  };
}

/** COPY FROM STDIN through pg-copy-streams: rows go to the server while the caller produces the next ones. */
function serverCopyIn(client: pg.ClientBase, target: string, binary: boolean): CopyIn {
  const stream = client.query(pgCopyFrom(`COPY ${target} FROM STDIN${binary ? ' WITH (FORMAT binary)' : ''}`));
  let failed: CopyError | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', (err: unknown) => {
      failed ??= toCopyError(err, 0);
      reject(failed);
    });
  });
  finished.catch(() => undefined); // surfaced through write() and end()
  return {
    write(chunk) {
      if (failed) return Promise.reject(failed);
      if (stream.write(chunk)) return undefined;
      return new Promise<void>((resolve, reject) => {
        const drained = () => {
          stream.off('error', errored);
          resolve();
        };
        const errored = () => {
          stream.off('drain', drained);
          reject(failed ?? new CopyError('COPY failed', undefined, undefined, undefined));
        };
        stream.once('drain', drained);
        stream.once('error', errored);
      });
    },
    async end() {
      if (!failed) stream.end();
      await finished;
      return stream.rowCount;
    },
    async abort(reason) {
      if (!failed && !stream.destroyed) stream.destroy(new Error(reason));
      await finished.catch(() => undefined);
    },
  };
}

/** A server error during COPY, with the line it names ("COPY parcels, line 118: ...") shifted by `offset`. */
function toCopyError(err: unknown, offset: number): CopyError {
  const e = err as { message?: string; where?: string; code?: string; detail?: string };
  const m = /COPY [^,]+, line (\d+)/.exec(e.where ?? '');
  return new CopyError(e.message ?? String(err), m ? offset + Number(m[1]) : undefined, e.code, e.detail);
}

function describePgError(err: unknown): string {
  const e = err as { code?: string; message?: string; errors?: { message?: string }[] };
  const msg = e.message || e.errors?.map((x) => x.message).join('; ') || String(err);
  return e.code ? `${e.code} ${msg}`.trim() : msg;
}

// ---------------------------------------------------------------- embedded PGlite

async function connectEmbedded(opts: ConnectOptions): Promise<Db> {
  const dir = resolve(opts.dataDir);
  checkDataFolder(dir);
  mkdirSync(dir, { recursive: true });
  const releaseLock = lockDataFolder(dir);

  let pglite: PGlite;
  try {
    const [{ PGlite }, { postgis }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite-postgis'),
    ]);
    const fresh = !existsSync(join(dir, 'PG_VERSION'));
    if (fresh) opts.log?.('creating the embedded database (first start; this takes a little while)', { dataDir: dir });
    pglite = await PGlite.create({ dataDir: dir, extensions: { postgis }, parsers: PGLITE_PARSERS });
    await pglite.exec('CREATE EXTENSION IF NOT EXISTS postgis');
    if (fresh) writeFileSync(join(dir, META_FILE), JSON.stringify({ format: DATA_FORMAT, engine: 'pglite' }) + '\n');
  } catch (err) {
    releaseLock();
    if (err instanceof DatabaseStartupError) throw err;
    throw new DatabaseStartupError(`Cannot open the embedded database in ${dir}: ${(err as Error).message}`);
  }

  const query = async <R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const r = await pglite.query<R>(sql, params as unknown[] | undefined);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  };
  // knex-pglite runs on the same instance; knex is used for migrations (before serving) and to build SQL.
  const { default: ClientPgLite } = await import('knex-pglite');
  const knex = knexFactory({
    client: ClientPgLite as unknown as typeof knexFactory.Client,
    dialect: 'postgres',
    connection: () => ({ pglite }) as object,
  } as Knex.Config);
  const capabilities = await probeCapabilities({ query });
  opts.log?.('database ready', { engine: 'pglite', dataDir: dir, postgis: capabilities.postgisVersion });

  let closed = false;
  let self: Db;
  return (self = {
    engine: 'pglite',
    capabilities,
    connections: 1,
    // The embedded engine runs in this process: it is there as long as the process is.
    state: new DbState(opts.onStateChange),
    async ping() {
      await query('SELECT 1');
    },
    knex,
    query,
    prepared: (_name, sql, params) => query(sql, params),
    reader: {
      query,
      prepared: (_name, sql, params) => query(sql, params),
      readTransaction: (fn) => self.transaction(fn),
    },
    noteWrite: async () => undefined,
    replicas: () => [],
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      return pglite.transaction(async (t: PGliteTransaction) => {
        const tx: Transaction = {
          async query<R>(sql: string, params?: readonly unknown[]) {
            const r = await t.query<R>(sql, params as unknown[] | undefined);
            return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
          },
          copyFrom: (target, opts) => {
            if (opts?.binary) throw new Error('the binary COPY format needs the PostGIS server');
            return embeddedCopyIn(t, target);
          },
        };
        return fn(tx);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      // knex-pglite's destroy closes the PGlite instance it was given.
      await knex.destroy().catch(() => undefined);
      if (!pglite.closed) await pglite.close();
      releaseLock();
    },
  });
}

/** The embedded engine has no COPY FROM STDIN: rows are collected and loaded as blobs of a few megabytes. */
const BLOB_BYTES = 4 * 1024 ** 2;

function embeddedCopyIn(t: PGliteTransaction, target: string): CopyIn {
  let parts: (string | Uint8Array)[] = [];
  let bytes = 0;
  let pendingRows = 0;
  let copied = 0;
  const flush = async () => {
    if (parts.length === 0) return;
    const blob = new Blob(parts as BlobPart[]);
    const offset = copied;
    parts = [];
    bytes = 0;
    copied += pendingRows;
    pendingRows = 0;
    try {
      await t.query(`COPY ${target} FROM '/dev/blob'`, [], { blob });
    } catch (err) {
      throw toCopyError(err, offset);
    }
  };
  return {
    write(chunk, rows) {
      parts.push(chunk);
      bytes += chunk.length;
      pendingRows += rows;
      return bytes >= BLOB_BYTES ? flush() : undefined;
    },
    async end() {
      await flush();
      return copied;
    },
    async abort() {
      parts = [];
    },
  };
}

/** Refuses a folder written by another PostgreSQL major or another data format, before PGlite touches it. */
function checkDataFolder(dir: string): void {
  const pgVersionFile = join(dir, 'PG_VERSION');
  if (existsSync(pgVersionFile)) {
    const major = readFileSync(pgVersionFile, 'utf8').trim();
    if (major !== PG_MAJOR_EMBEDDED) {
      throw new DatabaseStartupError(
        `The data folder ${dir} was written by PostgreSQL ${major}; this version embeds PostgreSQL ${PG_MAJOR_EMBEDDED}. ` +
          `Point ATLAS_DATA_DIR at a new folder (the sample data is loaded again) or export and re-import your data`,
      );
    }
    const metaFile = join(dir, META_FILE);
    const meta = existsSync(metaFile) ? (JSON.parse(readFileSync(metaFile, 'utf8')) as { format?: number }) : {};
    if (meta.format !== DATA_FORMAT) {
      throw new DatabaseStartupError(
        `The data folder ${dir} has data format ${meta.format ?? 'unknown'}; this version reads format ${DATA_FORMAT}. ` +
          `Point ATLAS_DATA_DIR at a new folder or re-import your data`,
      );
    }
  } else if (existsSync(dir)) {
    const entries = readdirSafe(dir).filter((e) => e !== LOCK_FILE);
    if (entries.length > 0 && !entries.includes('base')) {
      throw new DatabaseStartupError(
        `ATLAS_DATA_DIR ${dir} exists and is not an Atlas data folder; choose an empty folder`,
      );
    }
  }
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** One process per data folder: PGlite corrupts a folder opened twice. */
function lockDataFolder(dir: string): () => void {
  const lockFile = join(dir, LOCK_FILE);
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new DatabaseStartupError(`The data folder ${dir} is in use by another process (pid ${pid}); stop it first`);
    }
  }
  writeFileSync(lockFile, String(process.pid));
  let released = false;
  return () => {
    if (released) return;
    released = true;
    rmSync(lockFile, { force: true });
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// ---------------------------------------------------------------- capabilities

async function probeCapabilities(db: Queryable): Promise<Capabilities> {
  const works = async (sql: string) => {
    try {
      await db.query(sql);
      return true;
    } catch {
      return false;
    }
  };
  const { rows } = await db.query<{ postgis: string; server: string }>(
    `SELECT postgis_lib_version() AS postgis, current_setting('server_version') AS server`,
  );
  return {
    asMvt: await works(
      `SELECT ST_AsMVT(q, 'probe') FROM (SELECT 1 AS a, ST_AsMVTGeom(ST_MakePoint(1, 1), ST_MakeEnvelope(0, 0, 4096, 4096)) AS geom) q`,
    ),
    postgisVersion: rows[0]?.postgis ?? 'unknown',
    serverVersion: rows[0]?.server ?? 'unknown',
  };
}
