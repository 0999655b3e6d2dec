// A PostgreSQL cluster of the test's own, on a free loopback port, for fault tests that stop, restart and freeze the
// database (issue 12): never the shared server. initdb/pg_ctl from Debian's PostgreSQL (PostGIS from its package);
// run as the postgres user when the tests run as root (PostgreSQL refuses to run as root).
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

const BIN_CANDIDATES = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

/** The folder of initdb and pg_ctl, when this machine has them (and PostGIS for that major); undefined otherwise. */
export function postgresBin(): string | undefined {
  for (const bin of BIN_CANDIDATES) {
    const major = /postgresql\/(\d+)\//.exec(bin)![1];
    if (existsSync(join(bin, 'initdb')) && existsSync(`/usr/share/postgresql/${major}/extension/postgis.control`)) {
      return bin;
    }
  }
  return undefined;
}

export interface PgCluster {
  port: number;
  url: (database?: string) => string;
  dir: string;
  /** pg_ctl restart -m fast: every connection is terminated (57P01), the server is back when this resolves. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT of the postmaster and all its children: the server accepts TCP but answers nothing. */
  freeze(): void;
  thaw(): void;
  /** Runs SQL with psql on `database`; returns its output (unaligned, tuples only). */
  psql(sql: string, database?: string): string;
  destroy(): void;
}

export async function startCluster(): Promise<PgCluster> {
  const bin = postgresBin();
  if (!bin) throw new Error('no PostgreSQL with PostGIS under /usr/lib/postgresql/*/bin');
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'atlas-fault-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[], allowFail = false) => {
    const full = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    const r = spawnSync(full[0] as string, full[1] as string[], { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0 && !allowFail) {
      throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout || r.error?.message}`);
    }
    return r.stdout;
  };
  const port = await freePort();
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '-N']);
  const opts = [
    `-p ${port}`,
    `-k ${dir}`,
    `-c listen_addresses=127.0.0.1`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c shared_buffers=64MB',
    '-c max_connections=60',
  ].join(' ');
  // pg_ctl asynchronously: the test process keeps serving its HTTP clients while the server restarts.
  const ctl = (...args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const [cmd, argv] = asRoot
        ? ['runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', data, ...args]]
        : [join(bin, 'pg_ctl'), ['-D', data, ...args]];
      execFile(cmd as string, argv as string[], { timeout: 90_000 }, (err, _out, stderr) =>
        err ? reject(new Error(`pg_ctl ${args.join(' ')}: ${stderr || err.message}`)) : resolve(),
      );
    });
  const log = join(dir, 'server.log');
  const start = () => ctl('-o', opts, '-l', log, '-w', '-t', '60', 'start');
  await start();
  const psql = (sql: string, database = 'postgres') =>
    run('/usr/bin/psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-Atq', '-c', sql]);

  const processes = (): number[] => {
    const pidFile = join(data, 'postmaster.pid');
    if (!existsSync(pidFile)) return [];
    const main = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    const children = readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === main;
        } catch {
          return false;
        }
      })
      .map(Number);
    return [main, ...children];
  };
  const signal = (sig: NodeJS.Signals) => {
    for (const pid of processes()) {
      try {
        process.kill(pid, sig);
      } catch {
        // gone already
      }
    }
  };

  return {
    port,
    dir,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    restart: () => ctl('-m', 'fast', '-w', '-t', '60', '-o', opts, '-l', log, 'restart'),
    stop: () => ctl('-m', 'fast', '-w', 'stop'),
    start,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    psql,
    destroy() {
      signal('SIGCONT');
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'], true);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
