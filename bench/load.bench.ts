// Issue 12: a mixed load on the bench city in PostGIS, through a real server process, first alone and then with 10
// hostile clients alongside (5 deep-offset OGC pagers, 5 slow readers of a whole-layer export at ~20 kB/s through raw
// sockets). Reference: the same mix without the hostile clients, measured in the same run.
// Goals: the normal traffic keeps >= 0.8x its throughput and a p99 under 1 s with the hostile clients; no errors; the
// server's RSS grows by less than 20 % from start to end.
// Rate limits: the server runs its real configuration, the per-client limits on (their defaults, counted in
// PostgreSQL), behind a trusted proxy (ATLAS_TRUST_PROXY=loopback) as in production: the normal traffic comes from
// 2,000 simulated visitors (X-Forwarded-For addresses of the benchmarking range 198.18.0.0/15, each well under its
// limits), each hostile client from an address of its own, so the limits hold the hostile clients as they would.
// Only the certificate limit is off (ATLAS_CERT_RATE_PER_MIN=0, as the certificates suite does). A 429 to the normal
// traffic is counted in its own row and NOT as an error; every other status outside 2xx/3xx, socket error or timeout
// is one. The deep pages ask for the deepest offset the server accepts (ATLAS_OGC_OFFSET_MAX, 10,000; the probe's
// 99,900 is refused with a 400 since issue 12).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import autocannon from 'autocannon';
import { benchCity, ensureCensusIndicator } from './bench-db.ts';
import type { BenchContext } from './run.ts';
import { startServerProcess } from './server-process.ts';
import type { Row } from './table.ts';
import { tileOf } from '../test/support/mvt.ts';

const UAT = 54975;
/** Simulated visitors of the normal traffic, and the address of one (198.18.0.0/15: for benchmarks, RFC 2544). */
const VISITORS = 2000;
const visitor = (i: number) => `198.18.${Math.floor(i / 250) % 256}.${1 + (i % 250)}`;
/** The address of hostile client k (0-9). */
const hostileAddress = (k: number) => `198.19.0.${1 + k}`;

interface Sample {
  number: string;
  lon: number;
  lat: number;
}

/**
 * The normal traffic per 100 requests, as a public portal sees it: mostly map tiles, then parcel answers (by number,
 * by a click on the map), autocomplete, OGC pages of a small bbox, indicator values (lookups until that route
 * exists), and 1 certificate (each draws a PDF: some 100 ms of CPU).
 */
type Kind = 'tile' | 'lookup' | 'click' | 'search' | 'certificate' | 'ogc' | 'indicator';
const WEIGHTS: readonly [Kind, number][] = [
  ['tile', 45],
  ['lookup', 20],
  ['click', 12],
  ['search', 10],
  ['ogc', 6],
  ['indicator', 6],
  ['certificate', 1],
];

/** The 100 slots, each kind spread evenly (smooth weighted round robin). */
function mixOf(weights: readonly [Kind, number][]): Kind[] {
  const total = weights.reduce((n, [, w]) => n + w, 0);
  const current = weights.map(() => 0);
  const out: Kind[] = [];
  for (let i = 0; i < total; i++) {
    weights.forEach(([, w], k) => (current[k]! += w));
    const best = current.indexOf(Math.max(...current));
    current[best]! -= total;
    out.push(weights[best]![0]);
  }
  return out;
}
const MIX = mixOf(WEIGHTS);
/** The server's deepest accepted offset (ATLAS_OGC_OFFSET_MAX's default). */
const OFFSET_MAX = 10_000;

/** RSS of a process in bytes (Linux). */
function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

interface Hostile {
  stop(): Promise<void>;
  /** Deep pages answered, their statuses, export bytes read, exports read to the end. */
  stats(): {
    pages: number;
    pageStatuses: Record<string, number>;
    exportBytes: number;
    exportsDone: number;
    exportStatuses: Record<string, number>;
  };
}

function startHostile(baseUrl: string, offset: number): Hostile {
  const url = new URL(baseUrl);
  let running = true;
  let pages = 0;
  let exportBytes = 0;
  let exportsDone = 0;
  const pageStatuses: Record<string, number> = {};
  const exportStatuses: Record<string, number> = {};
  const agent = new http.Agent({ keepAlive: true, maxSockets: 5 });
  const sockets = new Set<net.Socket>();

  // 5 deep-offset pagers, each asking for the page at `offset` again as soon as it is answered.
  const pager = async (k: number) => {
    while (running) {
      const status = await new Promise<string>((resolve) => {
        const req = http.get(
          `${baseUrl}/ogc/collections/parcels/items?limit=100&offset=${offset}`,
          { agent, timeout: 30_000, headers: { 'x-forwarded-for': hostileAddress(k) } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(String(res.statusCode)));
            res.on('error', () => resolve('error'));
          },
        );
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', () => resolve('error'));
      });
      pages++;
      pageStatuses[status] = (pageStatuses[status] ?? 0) + 1;
      if (status === 'error') await new Promise((r) => setTimeout(r, 100));
    }
  };

  // 5 slow readers: a raw socket reads 2 kB every 100 ms of /api/export/parcels.geojson; when the export ends,
  // another starts.
  const reader = async (k: number) => {
    while (running) {
      await new Promise<void>((resolve) => {
        const socket = net.connect(Number(url.port), url.hostname);
        sockets.add(socket);
        const done = () => {
          clearInterval(timer);
          sockets.delete(socket);
          socket.destroy();
          resolve();
        };
        socket.on('connect', () =>
          socket.write(
            `GET /api/export/parcels.geojson HTTP/1.1\r\nHost: ${url.host}\r\nX-Forwarded-For: ${hostileAddress(5 + k)}\r\n` +
              'Connection: close\r\nAccept-Encoding: identity\r\n\r\n',
          ),
        );
        socket.on('end', () => {
          exportsDone++;
          done();
        });
        socket.on('error', done);
        socket.on('close', done);
        let head = true;
        // A budget of 2 kB per 100 ms (at most 8 kB saved up): ~20 kB/s, whatever size the server's chunks are.
        let budget = 0;
        const timer = setInterval(() => {
          if (!running) return done();
          budget = Math.min(budget + 2048, 8192);
          const n = Math.min(budget, socket.readableLength);
          const chunk = n > 0 ? (socket.read(n) as Buffer | null) : null;
          if (chunk) {
            if (head) {
              head = false;
              const status = /^HTTP\/1\.1 (\d+)/.exec(chunk.toString('latin1'))?.[1] ?? 'other';
              exportStatuses[status] = (exportStatuses[status] ?? 0) + 1;
            }
            exportBytes += chunk.length;
            budget -= chunk.length;
          }
        }, 100);
      });
      if (running) await new Promise((r) => setTimeout(r, 100));
    }
  };

  const all = [...Array.from({ length: 5 }, (_, k) => pager(k)), ...Array.from({ length: 5 }, (_, k) => reader(k))];
  return {
    async stop() {
      running = false;
      for (const s of sockets) s.destroy();
      await Promise.all(all);
      agent.destroy();
    },
    stats: () => ({ pages, pageStatuses, exportBytes, exportsDone, exportStatuses }),
  };
}

interface MixResult {
  rps: number;
  p99: number;
  p50: number;
  requests: number;
  errors: number;
  tooMany: number;
  statuses: Record<string, number>;
}

/**
 * The tiles of the mix: around the first 20 sample parcels at z14 (zoning) and z15-16 (parcels), a set small enough
 * that a warm server answers them from its cache, as it does for a city's map views.
 */
function tilesOf(sample: Sample[]): string[] {
  const out = new Set<string>();
  for (const s of sample.slice(0, 20)) {
    for (const z of [14, 15, 16]) {
      const { x, y } = tileOf(s.lon, s.lat, z);
      out.add(`/tiles/${z >= 15 ? 'parcels' : 'zoning'}/${z}/${x}/${y}.mvt`);
    }
  }
  return [...out];
}

async function runMix(
  baseUrl: string,
  kinds: readonly Kind[],
  sample: Sample[],
  opts: { connections: number; duration: number; ogcBbox: (s: Sample) => string; indicatorPath?: string },
): Promise<MixResult> {
  let k = 0;
  const tilePaths = tilesOf(sample);
  const result = await autocannon({
    url: baseUrl,
    connections: opts.connections,
    duration: opts.duration,
    timeout: 10,
    requests: [
      {
        setupRequest: (raw) => {
          const i = k++;
          const req = { ...raw, headers: { ...raw.headers, 'x-forwarded-for': visitor((i * 7919) % VISITORS) } };
          const s = sample[i % sample.length]!;
          const kind = kinds[i % kinds.length]!;
          switch (kind) {
            case 'tile':
              return { ...req, method: 'GET', path: tilePaths[i % tilePaths.length]! };
            case 'lookup':
              return { ...req, method: 'GET', path: `/api/parcels?uat=${UAT}&number=${encodeURIComponent(s.number)}` };
            case 'click':
              return { ...req, method: 'GET', path: `/api/parcels/at?lon=${s.lon}&lat=${s.lat}` };
            case 'search':
              return {
                ...req,
                method: 'GET',
                path: `/api/parcels/search?q=${encodeURIComponent(s.number.slice(0, 3))}`,
              };
            case 'ogc':
              return {
                ...req,
                method: 'GET',
                path: `/ogc/collections/parcels/items?limit=10&bbox=${opts.ogcBbox(s)}`,
              };
            case 'indicator':
              return { ...req, method: 'GET', path: opts.indicatorPath! };
            case 'certificate':
              return {
                ...req,
                method: 'POST',
                path: '/api/certificates',
                headers: { ...req.headers, 'content-type': 'application/json' },
                body: JSON.stringify({ uat: UAT, number: s.number }),
              };
          }
        },
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [code, v] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = (v as { count: number }).count;
  const bad = Object.entries(statuses)
    .filter(([code]) => !/^[23]/.test(code) && code !== '429')
    .reduce((n, [, c]) => n + c, 0);
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    p50: result.latency.p50,
    requests: result.requests.total,
    errors: bad + result.errors + result.timeouts,
    tooMany: statuses['429'] ?? 0,
    statuses,
  };
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  const { db, url } = await benchCity(ctx.adminUrl, ctx.parcels);
  await ensureCensusIndicator(db, ctx.log);
  const { rows: sample } = await db.query<Sample>(
    `SELECT cadastral_number AS number, ST_X(c) AS lon, ST_Y(c) AS lat
     FROM (SELECT cadastral_number, ST_Transform(ST_PointOnSurface(geom), 4326) AS c FROM parcels
           WHERE valid_to IS NULL AND uat_siruta = $1 ORDER BY md5(id::text) LIMIT 1000) s`,
    [UAT],
  );
  const { rows: count } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM parcels`);
  await db.close();
  // The deepest page the server accepts (the probe's 99,900 is refused since issue 12), or the last page of a smaller
  // (smoke) city.
  const offset = Math.max(0, Math.min(OFFSET_MAX, count[0]!.n - 100));
  const connections = ctx.smoke ? 20 : 100;
  // ATLAS_BENCH_LOAD_S: another phase length, for experiments (the goals are stated for 60 s).
  const duration = Number(process.env.ATLAS_BENCH_LOAD_S ?? (ctx.smoke ? 3 : 60));

  const server = await startServerProcess(
    url,
    {
      // The real per-client limits (their defaults), behind a trusted proxy: see the head of this file.
      ATLAS_RATE_LIMITS: 'on',
      ATLAS_TRUST_PROXY: 'loopback',
      ATLAS_CERT_RATE_PER_MIN: '0',
      ATLAS_PUBLIC_URL: 'https://atlas.example.ro',
    },
    // V8 reports each full collection, with the heap left alive after it: what a leak would make grow.
    ['--trace-gc', '--trace-gc-ignore-scavenger'],
  );
  const pid = server.child.pid!;
  const rows: Row[] = [];
  try {
    const base = server.baseUrl;
    const ogcBbox = (s: Sample) =>
      [s.lon - 0.001, s.lat - 0.001, s.lon + 0.001, s.lat + 0.001].map((v) => v.toFixed(6)).join(',');
    // Indicator values (the census population of every UAT) join the mix when the route answers on this database.
    const indicatorPath = '/api/indicators/population_census/values?year=2011';
    const probe = await fetch(base + indicatorPath);
    await probe.arrayBuffer();
    const withIndicators = probe.status === 200;
    const kinds = MIX.map((k) => (k === 'indicator' && !withIndicators ? 'lookup' : k));
    ctx.log(
      `  load: ${connections} connections × ${duration} s; per 100 requests ${WEIGHTS.map(([k, w]) => `${w} ${k}`).join(', ')}; indicator values ${withIndicators ? 'in the mix' : `not in the mix (${indicatorPath} → ${probe.status})`}`,
    );

    // Warm-up: the mix's tiles rendered and cached, every pooled connection prepares its statements, V8 compiles
    // the request paths.
    for (const path of tilesOf(sample)) await (await fetch(base + path)).arrayBuffer();
    await runMix(base, kinds, sample, { connections, duration: ctx.smoke ? 1 : 5, ogcBbox, indicatorPath });
    const rssStart = rssOf(pid);
    const gcFrom = server.output().length;
    let rssPeak = rssStart;
    // RSS every 250 ms for the peak, every 10 s for the log.
    const series: number[] = [];
    let ticks = 0;
    const sampler = setInterval(() => {
      try {
        const rss = rssOf(pid);
        rssPeak = Math.max(rssPeak, rss);
        if (ticks++ % 40 === 0) series.push(Math.round(rss / 1024 / 1024));
      } catch {
        /* the process ended */
      }
    }, 250);

    ctx.log('  load: normal traffic alone …');
    const alone = await runMix(base, kinds, sample, { connections, duration, ogcBbox, indicatorPath });
    const rssAlone = rssOf(pid);
    ctx.log('  load: normal traffic with 10 hostile clients …');
    const hostile = startHostile(base, offset);
    await new Promise((r) => setTimeout(r, ctx.smoke ? 500 : 2000));
    const attacked = await runMix(base, kinds, sample, { connections, duration, ogcBbox, indicatorPath });
    const h = hostile.stats();
    await hostile.stop();
    // The end: after the hostile clients left, once the server had a moment to release what they held.
    await new Promise((r) => setTimeout(r, 1000));
    clearInterval(sampler);
    let alive = true;
    let rssEnd = NaN;
    try {
      rssEnd = rssOf(pid);
      const health = await fetch(`${base}/api/health`);
      await health.arrayBuffer();
    } catch {
      alive = false;
    }
    const growth = rssEnd / rssStart - 1;
    const live = liveHeaps(server.output(), gcFrom);
    const mb = (b: number) => b / 1024 / 1024;
    const s = 'load';
    const ratio = attacked.rps / alone.rps;
    ctx.log(
      `  statuses alone ${JSON.stringify(alone.statuses)}; with hostile ${JSON.stringify(attacked.statuses)}; ` +
        `deep pages ${JSON.stringify(h.pageStatuses)}; exports ${JSON.stringify(h.exportStatuses)}; ` +
        `RSS every 10 s (MB): ${series.join(' ')}; live heap after each full GC from the start (MB): ${live.after.join(' ') || 'none'}`,
    );
    rows.push(
      {
        suite: s,
        case: `normal mix alone (${connections} conn, ${duration} s)`,
        metric: 'throughput',
        value: alone.rps,
        unit: 'req/s',
      },
      { suite: s, case: 'normal mix alone', metric: 'p99', value: alone.p99, unit: 'ms' },
      {
        suite: s,
        case: 'normal mix + 10 hostile clients',
        metric: 'throughput',
        value: attacked.rps,
        unit: 'req/s',
        reference: 'normal mix alone',
        ratio,
        goal: '>= 0.8x',
        pass: ratio >= 0.8,
      },
      {
        suite: s,
        case: 'normal mix + 10 hostile clients',
        metric: 'p99',
        value: attacked.p99,
        unit: 'ms',
        reference: 'normal mix alone p99',
        ratio: attacked.p99 / alone.p99,
        goal: '< 1000 ms',
        pass: attacked.p99 < 1000,
      },
      {
        suite: s,
        case: 'errors (non-2xx/3xx except 429, socket errors, timeouts; both runs)',
        metric: 'count',
        value: alone.errors + attacked.errors,
        unit: '',
        goal: '0',
        pass: alone.errors + attacked.errors === 0,
      },
      {
        suite: s,
        case: '429 answers to the normal mix (not errors; both runs)',
        metric: 'count',
        value: alone.tooMany + attacked.tooMany,
        unit: '',
      },
      {
        suite: s,
        case: `hostile: deep OGC pages (offset ${offset}) answered`,
        metric: 'count',
        value: h.pages,
        unit: '',
      },
      {
        suite: s,
        case: 'hostile: export bytes read by 5 slow readers',
        metric: 'total',
        value: mb(h.exportBytes),
        unit: 'MB',
      },
      { suite: s, case: 'server RSS at start (after warm-up)', metric: 'rss', value: mb(rssStart), unit: 'MB' },
      {
        suite: s,
        case: 'server RSS after the normal mix alone',
        metric: 'rss',
        value: mb(rssAlone),
        unit: 'MB',
        reference: 'RSS at start',
        ratio: rssAlone / rssStart,
      },
      {
        suite: s,
        case: 'server RSS peak',
        metric: 'rss',
        value: mb(rssPeak),
        unit: 'MB',
        reference: 'RSS at start',
        ratio: rssPeak / rssStart,
      },
      {
        suite: s,
        case: 'server RSS at end',
        metric: 'rss',
        value: mb(rssEnd),
        unit: 'MB',
        reference: 'RSS at start',
        ratio: rssEnd / rssStart,
        goal: '< 1.2x (growth < 20 %)',
        pass: alive && growth < 0.2,
      },
      ...liveHeapRows(s, live),
      {
        suite: s,
        case: 'server alive and answering at the end',
        metric: 'alive',
        value: alive ? 1 : 0,
        unit: '',
        goal: '1',
        pass: alive,
      },
    );
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) await server.stop();
  }
  return rows;
}

/** The server's live heap after full collections (V8's --trace-gc lines), the last one before `from` and those after. */
interface LiveHeaps {
  start: number | undefined;
  after: number[];
}

/**
 * Reads V8's Mark-Compact lines (`Mark-Compact 242.8 (275.4) -> 64.6 (258.1) MB`: the heap before and after, with
 * what V8 has reserved) of the server's main thread (the isolate with the most of them; worker threads have their
 * own), from its output.
 */
function liveHeaps(output: string, from: number): LiveHeaps {
  const lines = [...output.matchAll(/^\[\d+:(0x[0-9a-f]+)\][^\n]*Mark-Compact[^\n]*?-> ([\d.]+) \(/gm)].map((m) => ({
    isolate: m[1]!,
    mb: Number(m[2]),
    at: m.index,
  }));
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l.isolate, (counts.get(l.isolate) ?? 0) + 1);
  const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const own = lines.filter((l) => l.isolate === main);
  return { start: own.filter((l) => l.at < from).at(-1)?.mb, after: own.filter((l) => l.at >= from).map((l) => l.mb) };
}

/**
 * RSS measures what V8 has reserved, which it sizes to the allocation rate (under this load a few times the live heap),
 * not what the server holds. A leak shows as the live heap after full collections growing from start to end.
 */
function liveHeapRows(suite: string, live: LiveHeaps): Row[] {
  const start = live.start ?? live.after[0];
  const end = live.after.at(-1);
  if (start === undefined || end === undefined || live.after.length < 2) {
    return [
      {
        suite,
        case: `server live heap after full GCs: not measured (${live.after.length} full collection(s) in the run)`,
        metric: 'heap',
        value: NaN,
        unit: 'MB',
      },
    ];
  }
  return [
    { suite, case: 'server live heap after a full GC, at start', metric: 'heap', value: start, unit: 'MB' },
    {
      suite,
      case: 'server live heap after the last full GC (a leak would grow it)',
      metric: 'heap',
      value: end,
      unit: 'MB',
      reference: 'live heap at start',
      ratio: end / start,
    },
  ];
}
