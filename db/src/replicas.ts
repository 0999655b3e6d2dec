// Reads on PostgreSQL streaming replicas (DATABASE_READ_URL), writes on the primary (DATABASE_URL).
//
// A replica serves reads only while it is answering and has replayed the primary's WAL up to the last change of what
// is served (a dataset version opened or closed): a new dataset version is never served by a replica that does not
// have it yet. A probe reads, every `probeMs`, the primary's data fingerprint and WAL position and each replica's
// replay position. A read that fails on a replica for a connection-level reason (replica stopped, restarting,
// unreachable, timed out) is run again on the primary, and the replica is taken out until a probe finds it back: the
// client never sees the replica's fault. Reads are idempotent, so running one twice is safe.
import pg from 'pg';
import type { QueryResult } from './connect.ts';

export interface Reader {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  prepared<R = Record<string, unknown>>(name: string, sql: string, params: readonly unknown[]): Promise<QueryResult<R>>;
  /** Several reads on one connection in one (read-only on a replica) transaction, e.g. with SET LOCAL settings. */
  readTransaction<T>(fn: (tx: Pick<Reader, 'query'>) => Promise<T>): Promise<T>;
}

export interface ReplicaStatus {
  /** host:port/database, never the password. */
  readonly where: string;
  readonly healthy: boolean;
  /** Has replayed the last change of the served data: takes reads. */
  readonly eligible: boolean;
  readonly replayLsn: string | null;
  readonly lastError: string | null;
}

interface Replica {
  readonly where: string;
  readonly pool: pg.Pool;
  healthy: boolean;
  replayLsn: bigint | null;
  lastError: string | null;
}

/** A PostgreSQL LSN ("16/B374D848") as a number that orders like the WAL. */
export function parseLsn(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  if (hi === undefined || lo === undefined) throw new Error(`not an LSN: ${lsn}`);
  return (BigInt(`0x${hi}`) << 32n) | BigInt(`0x${lo}`);
}

function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '53300', // too_many_connections
  '40001', // serialization_failure: a standby query cancelled by a conflicting WAL replay
]);

/** A fault of the replica (or the way to it), not of the query: the same read may succeed on the primary. */
export function isReplicaFault(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code && (CONNECTION_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    e.message ?? '',
  );
}

function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'an invalid URL';
  }
}

export interface ReplicaSetOptions {
  readonly urls: readonly string[];
  readonly primary: Reader;
  readonly poolMax: number;
  readonly pgOptions: string;
  /** How long a read waits for a replica's connection before it goes to the primary. */
  readonly acquireTimeoutMs?: number;
  /** A read that a replica has not answered in this time goes to the primary (a frozen replica). */
  readonly queryTimeoutMs?: number | undefined;
  readonly probeMs?: number;
  readonly log?: (msg: string, fields?: Record<string, unknown>) => void;
}

export class ReplicaSet implements Reader {
  private readonly replicas: Replica[];
  private readonly primary: Reader;
  private readonly log: ReplicaSetOptions['log'];
  private fingerprint: string | null = null;
  /** The primary's WAL position when the served data last changed: a replica must have replayed it. */
  private requiredLsn: bigint | null = null;
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | undefined;
  private closed = false;

  constructor(opts: ReplicaSetOptions) {
    this.primary = opts.primary;
    this.log = opts.log;
    this.replicas = opts.urls.map((url) => {
      const pool = new pg.Pool({
        connectionString: url,
        max: opts.poolMax,
        connectionTimeoutMillis: opts.acquireTimeoutMs ?? 2_000,
        ...(opts.queryTimeoutMs ? { query_timeout: opts.queryTimeoutMs } : {}),
        idleTimeoutMillis: 30_000,
        options: opts.pgOptions,
      });
      const replica: Replica = { where: describe(url), pool, healthy: false, replayLsn: null, lastError: null };
      // A replica that goes away must never take the process with it.
      pool.on('error', (err) => this.markDown(replica, err));
      return replica;
    });
    const probeMs = opts.probeMs ?? 500;
    this.timer = setInterval(() => void this.probe(), probeMs);
    this.timer.unref();
  }

  /** The first probe: reads go to the primary until it has found the replicas. */
  async start(): Promise<void> {
    await this.probe();
  }

  status(): ReplicaStatus[] {
    return this.replicas.map((r) => ({
      where: r.where,
      healthy: r.healthy,
      eligible: this.eligible(r),
      replayLsn: r.replayLsn === null ? null : formatLsn(r.replayLsn),
      lastError: r.lastError,
    }));
  }

  query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return this.run(
      (pool) => pool.query(sql, params as unknown[] | undefined),
      () => this.primary.query<R>(sql, params),
    );
  }

  prepared<R>(name: string, sql: string, params: readonly unknown[]): Promise<QueryResult<R>> {
    return this.run(
      (pool) => pool.query({ name, text: sql, values: params as unknown[] }),
      () => this.primary.prepared<R>(name, sql, params),
    );
  }

  async readTransaction<T>(fn: (tx: Pick<Reader, 'query'>) => Promise<T>): Promise<T> {
    const replica = this.pick();
    if (!replica) return this.primary.readTransaction(fn);
    let client: pg.PoolClient;
    try {
      client = await replica.pool.connect();
    } catch (err) {
      if (!isReplicaFault(err)) throw err;
      this.markDown(replica, err);
      return this.primary.readTransaction(fn);
    }
    let broken: unknown;
    const onError = (err: unknown) => (broken = err);
    client.on('error', onError);
    try {
      await client.query('BEGIN READ ONLY');
      const result = await fn({
        query: async <R>(sql: string, params?: readonly unknown[]) => {
          const r = await client.query(sql, params as unknown[] | undefined);
          return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (!isReplicaFault(err)) throw err;
      broken = err;
      this.markDown(replica, err);
      // Reads only: the whole unit runs again on the primary.
      return this.primary.readTransaction(fn);
    } finally {
      client.off('error', onError);
      if (broken) client.on('error', () => undefined);
      client.release(broken ? (broken as Error) : undefined);
    }
  }

  /**
   * Called after a write that changes what is served (an import finished): no replica serves reads until it has
   * replayed the primary's WAL up to now.
   */
  async noteWrite(): Promise<void> {
    const { rows } = await this.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    const lsn = parseLsn(rows[0]!.lsn);
    if (this.requiredLsn === null || lsn > this.requiredLsn) this.requiredLsn = lsn;
    await this.probe();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.probing?.catch(() => undefined);
    await Promise.all(this.replicas.map((r) => r.pool.end().catch(() => undefined)));
  }

  private eligible(r: Replica): boolean {
    return r.healthy && r.replayLsn !== null && (this.requiredLsn === null || r.replayLsn >= this.requiredLsn);
  }

  private pick(): Replica | undefined {
    for (let i = 0; i < this.replicas.length; i++) {
      const r = this.replicas[(this.next + i) % this.replicas.length]!;
      if (this.eligible(r)) {
        this.next = (this.next + i + 1) % this.replicas.length;
        return r;
      }
    }
    return undefined;
  }

  private async run<R>(
    onReplica: (pool: pg.Pool) => Promise<pg.QueryResult>,
    onPrimary: () => Promise<QueryResult<R>>,
  ): Promise<QueryResult<R>> {
    const replica = this.pick();
    if (!replica) return onPrimary();
    try {
      const r = await onReplica(replica.pool);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
    } catch (err) {
      if (!isReplicaFault(err)) throw err;
      this.markDown(replica, err);
      return onPrimary();
    }
  }

  private markDown(r: Replica, err: unknown): void {
    if (r.healthy)
      this.log?.('read replica out of service; reads go to the primary', { replica: r.where, err: String(err) });
    r.healthy = false;
    r.lastError = err instanceof Error ? err.message : String(err);
  }

  private probe(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.probing ??= this.probeOnce().finally(() => (this.probing = undefined));
    return this.probing;
  }

  private async probeOnce(): Promise<void> {
    try {
      const { rows } = await this.primary.query<{ fingerprint: string; lsn: string }>(
        `SELECT (SELECT coalesce(max(id), 0) || ':' || count(valid_to) FROM dataset_versions) AS fingerprint,
                pg_current_wal_lsn()::text AS lsn`,
      );
      const { fingerprint, lsn } = rows[0]!;
      if (fingerprint !== this.fingerprint) {
        // The served data changed since the last probe (or this is the first): replicas must reach this position.
        this.fingerprint = fingerprint;
        const at = parseLsn(lsn);
        if (this.requiredLsn === null || at > this.requiredLsn) this.requiredLsn = at;
      }
    } catch {
      // The primary is down: replicas keep serving what they have; writes fail on their own.
    }
    await Promise.all(
      this.replicas.map(async (r) => {
        try {
          const { rows } = await r.pool.query<{ lsn: string | null; standby: boolean }>(
            'SELECT pg_last_wal_replay_lsn()::text AS lsn, pg_is_in_recovery() AS standby',
          );
          const row = rows[0]!;
          // A server that is not in recovery (promoted, or a misconfigured URL) has no replay position: it is
          // then as current as a primary, its WAL insert position standing in.
          r.replayLsn = row.lsn
            ? parseLsn(row.lsn)
            : parseLsn((await r.pool.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn);
          if (!r.healthy) this.log?.('read replica in service', { replica: r.where, standby: row.standby });
          r.healthy = true;
          r.lastError = null;
        } catch (err) {
          this.markDown(r, err);
        }
      }),
    );
  }
}
