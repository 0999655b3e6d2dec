// The reference for the tile benchmark: the least a Node tile server can do. node:http, one pg pool, the same
// prepared tile SQL as Atlas, optionally a Map as cache. Usage: tsx bench/minimal-tile-server.ts URL PORT CACHE(0|1)
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import pg from 'pg';
import { TILE_LAYERS, isLayer } from '../tiles/src/layers.ts';
import { mvtSql, tileParams } from '../tiles/src/tile-query.ts';

const [url, port, cacheOn] = process.argv.slice(2);
const pool = new pg.Pool({
  connectionString: url,
  max: Math.max(4, 2 * availableParallelism()), // the same pool size as Atlas's default (DB_POOL_MAX)
  options: '-c jit=off -c max_parallel_workers_per_gather=0',
});
const cache = new Map<string, Buffer>();
const re = /^\/tiles\/([a-z]+)\/(\d+)\/(\d+)\/(\d+)\.mvt$/;

const server = createServer(async (req, res) => {
  const m = re.exec(req.url ?? '');
  if (!m || !isLayer(m[1]!)) {
    res.statusCode = 404;
    return res.end();
  }
  const key = req.url!;
  let body = cacheOn === '1' ? cache.get(key) : undefined;
  if (!body) {
    const layer = m[1]!;
    const [z, x, y] = [Number(m[2]), Number(m[3]), Number(m[4])];
    const r = await pool.query({
      name: `t_${layer}`,
      text: mvtSql(TILE_LAYERS[layer]),
      values: tileParams(layer, z, x, y),
    });
    body = (r.rows[0]?.mvt as Buffer | undefined) ?? Buffer.alloc(0);
    if (cacheOn === '1') cache.set(key, body);
  }
  if (!body.length) {
    res.statusCode = 204;
    return res.end();
  }
  res.setHeader('Content-Type', 'application/vnd.mapbox-vector-tile');
  res.end(body);
});
server.listen(Number(port), '127.0.0.1', () =>
  process.stdout.write(`is running at http://127.0.0.1:${(server.address() as AddressInfo).port}/\n`),
);
