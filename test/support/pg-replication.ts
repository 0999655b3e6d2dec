// A primary and its streaming replicas, clusters of the test's own on loopback ports, made with Debian's PostgreSQL
// tools (initdb, pg_ctl, pg_basebackup): never the shared server. As root, the tools run as the `postgres` user.
import { execFile } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.ts';

const run = promisify(execFile);
export const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface Cluster {
  readonly port: number;
  readonly dir: string;
  /** postgres://postgres@127.0.0.1:port/<database> */
  url(database?: string): string;
  query<R extends pg.QueryResultRow = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    database?: string,
  ): Promise<R[]>;
  start(): Promise<void>;
  /** `fast` shuts down cleanly; `immediate` is a crash as far as the clients can tell. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  remove(): Promise<void>;
}

function asPostgres(bin: string, args: string[]): Promise<{ stdout: string }> {
  const root = process.getuid?.() === 0;
  return root ? run('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args]) : run(join(PG_BIN, bin), args);
}

function ownedDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  return dir;
}

let pgUser: { uid: number; gid: number } | undefined;
function postgresUser(): { uid: number; gid: number } {
  if (pgUser) return pgUser;
  // /etc/passwd: name:x:uid:gid:...
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root needs a postgres user to own the cluster');
  const [, , uid, gid] = line.split(':');
  return (pgUser = { uid: Number(uid), gid: Number(gid) });
}

function cluster(dir: string, port: number): Cluster {
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    dir,
    url,
    async query(sql, params, database) {
      const client = new pg.Client({ connectionString: url(database), connectionTimeoutMillis: 5_000 });
      client.on('error', () => undefined);
      await client.connect();
      try {
        return (await client.query(sql, params)).rows;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    async start() {
      await asPostgres('pg_ctl', ['-D', dir, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
    },
    async stop(mode = 'fast') {
      await asPostgres('pg_ctl', ['-D', dir, '-m', mode, '-w', '-t', '60', 'stop']).catch(() => undefined);
    },
    async remove() {
      await this.stop('immediate');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const SETTINGS = (port: number, dir: string) => `
listen_addresses = '127.0.0.1'
port = ${port}
unix_socket_directories = '${dir}'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 128MB
max_connections = 100
wal_level = replica
max_wal_senders = 5
hot_standby = on
shared_preload_libraries = 'pg_stat_statements'
`;

/** A new primary with trust authentication on loopback, replication allowed. */
export async function createPrimary(): Promise<Cluster> {
  const dir = ownedDir('atlas-pg-primary-');
  const port = await freePort();
  await asPostgres('initdb', ['-D', dir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
  appendFileSync(join(dir, 'postgresql.conf'), SETTINGS(port, dir));
  const c = cluster(dir, port);
  await c.start();
  return c;
}

/** A streaming replica of `primary` made by `pg_basebackup -R`, started on a port of its own. */
export async function createReplica(primary: Cluster): Promise<Cluster> {
  const dir = ownedDir('atlas-pg-replica-');
  const port = await freePort();
  await asPostgres('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '-D',
    dir,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
  ]);
  // The copied settings name the primary's port and socket folder: the replica takes its own.
  appendFileSync(join(dir, 'postgresql.conf'), `port = ${port}\nunix_socket_directories = '${dir}'\n`);
  writeFileSync(join(dir, 'server.log'), '');
  if (process.getuid?.() === 0) chownSync(join(dir, 'server.log'), postgresUser().uid, postgresUser().gid);
  const c = cluster(dir, port);
  await c.start();
  return c;
}
