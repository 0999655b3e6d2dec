// Issue 14's setup: app instances that write to a primary and read from its streaming replica (clusters of
// pg-replication.ts), behind a small round-robin reverse proxy, as a load balancer in front of them would be. Shared by
// test/scale/replicas.integration.test.ts and the failover of bench/scale.bench.ts; each starts the instances its own
// way.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Cluster } from './pg-replication.ts';

export interface Instance {
  readonly baseUrl: string;
  stop(): Promise<void>;
}

export interface ReplicaHealth {
  replicas: { healthy: boolean; eligible: boolean }[];
}

/** An instance's GET /api/health: how it sees its replicas. */
export const replicaHealth = async (baseUrl: string): Promise<ReplicaHealth> =>
  (await fetch(`${baseUrl}/api/health`)).json() as Promise<ReplicaHealth>;

/** Resolves once every instance has the (first) replica in service; throws after `ms`. */
export async function untilReplicaInService(baseUrls: readonly string[], ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  const inService = async () =>
    (await Promise.all(baseUrls.map(replicaHealth))).every((h) => h.replicas[0]?.eligible === true);
  while (!(await inService().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`the instances did not take the replica into service within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A round-robin reverse proxy over `targets` (base URLs) on a free loopback port. */
export function roundRobinProxy(targets: readonly string[]): Promise<Server> {
  let next = 0;
  const server = createServer((req, res) => {
    const target = new URL(targets[next++ % targets.length]!);
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** What `startReplicatedApps` gives each instance's environment. */
export type ReplicatedEnv = Readonly<
  Record<'DATABASE_URL' | 'DATABASE_READ_URL' | 'DB_POOL_MAX' | 'ATLAS_PUBLIC_URL', string>
>;

export interface ReplicatedApps<A extends Instance> {
  readonly apps: readonly A[];
  /** The proxy's base URL. */
  readonly proxyUrl: string;
  /** Closes the proxy, then stops the instances. */
  close(): Promise<void>;
}

/**
 * `count` instances started one after the other by `start`, each given DATABASE_URL the primary and DATABASE_READ_URL
 * the replica (database `database`), a pool of 4 and a public URL; then the proxy in front of them. Resolves once every
 * instance has taken the replica into service; on a failure, stops what it started.
 */
export async function startReplicatedApps<A extends Instance>(
  primary: Cluster,
  replica: Cluster,
  database: string,
  start: (env: ReplicatedEnv, index: number) => Promise<A>,
  count = 2,
): Promise<ReplicatedApps<A>> {
  const env: ReplicatedEnv = {
    DATABASE_URL: primary.url(database),
    DATABASE_READ_URL: replica.url(database),
    DB_POOL_MAX: '4',
    ATLAS_PUBLIC_URL: 'http://atlas.test',
  };
  const apps: A[] = [];
  let proxy: Server | undefined;
  const close = async () => {
    await new Promise((r) => (proxy ? proxy.close(r) : r(undefined)));
    await Promise.all(apps.map((a) => a.stop()));
  };
  try {
    for (let i = 0; i < count; i++) apps.push(await start(env, i));
    proxy = await roundRobinProxy(apps.map((a) => a.baseUrl));
    await untilReplicaInService(apps.map((a) => a.baseUrl));
  } catch (err) {
    await close();
    throw err;
  }
  return { apps, proxyUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, close };
}
