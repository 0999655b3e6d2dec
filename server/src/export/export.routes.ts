// Data export of every layer: GeoJSON (EPSG:4326), CSV (attributes + WKT in EPSG:4326), FlatGeobuf (EPSG:3844).
// Streamed page by page (keyset paging as of one instant, so the file is one consistent state), with back-pressure:
// a slow reader holds neither a database connection nor more than one page in memory. Concurrent exports are bounded
// (busy: 503 with Retry-After) and a reader that takes nothing for the stall timeout is cut off.
import { Router } from 'express';
import type { Db } from '../../../db/src/connect.ts';
import { LAYERS, type Layer } from '../../../db/src/datasets.repository.ts';
import {
  countAsOf,
  itemsAfter,
  LAYER_GEOMETRY,
  LAYER_PROPERTIES,
  publishedKinds,
  snapshotTime,
  type FeatureRow,
} from '../../../db/src/features.repository.ts';
import { isMapLayer, mapLayerDef } from '../../../db/src/layers/registry.ts';
import { HttpError, notFound } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { Gate } from '../gate.ts';
import { MEDIA } from '../ogc/constants.ts';
import { FlatGeobufWriter } from './flatgeobuf-writer.ts';
import { ResponseSink } from './response-sink.ts';

/** Features per database page: about 300 kB of GeoJSON parcels. */
export const EXPORT_PAGE = 500;
const FORMATS = { geojson: MEDIA.geojson, csv: 'text/csv; charset=utf-8', fgb: 'application/flatgeobuf' } as const;
type Format = keyof typeof FORMATS;

export interface ExportOptions {
  /** Exports that may run at once (ATLAS_EXPORTS_MAX). */
  maxConcurrent: number;
  /** Seconds a reader may take nothing before the export is cut off (ATLAS_EXPORT_STALL_S). */
  stallSeconds: number;
  log: Logger;
}

export function exportRoutes(db: Db, opts: ExportOptions): Router {
  const router = Router();
  const gate = new Gate(opts.maxConcurrent);
  router.get('/api/export/:file', async (req, res) => {
    const m = /^([a-z]+)\.(geojson|csv|fgb)$/.exec(req.params.file);
    const layer = m?.[1];
    const format = m?.[2] as Format | undefined;
    if (!layer || !format || !isMapLayer(layer)) {
      throw notFound('Export', `${req.params.file} (expected {${LAYERS.join('|')}}.{geojson|csv|fgb})`);
    }
    const release = await gate.acquire();
    if (!release) {
      res.setHeader('Retry-After', '10');
      throw new HttpError(
        503,
        'ExportsBusy',
        `Too many exports in progress (${opts.maxConcurrent}); retry in a few seconds / prea multe exporturi în curs, reîncercați`,
      );
    }
    const sink = new ResponseSink(res, opts.stallSeconds * 1000);
    res.once('close', release);
    try {
      const asOf = await snapshotTime(db.reader);
      const produce = { geojson: streamGeojson, csv: streamCsv, fgb: streamFgb }[format];
      await produce(db, layer as Layer, asOf, sink, () => {
        res.setHeader('Content-Type', FORMATS[format]);
        res.setHeader('Content-Disposition', `attachment; filename="atlas-${layer}.${format}"`);
        res.setHeader('X-Atlas-As-Of', asOf);
      });
    } catch (err) {
      if (!res.headersSent) throw err;
      // Mid-stream (database gone, pool closed): cut the connection so the client sees an incomplete download.
      opts.log.warn({ err: (err as Error).message, layer, format }, 'export aborted');
      sink.abort();
    }
  });
  return router;
}

type Producer = (db: Db, layer: Layer, asOf: string, sink: ResponseSink, headers: () => void) => Promise<void>;

/** Pages of features in force at `asOf`, in id order; stops as soon as the client is gone. */
async function* pages(
  db: Db,
  layer: Layer,
  asOf: string,
  sink: ResponseSink,
  format: Parameters<typeof itemsAfter>[4],
): AsyncGenerator<FeatureRow[]> {
  let after = 0;
  while (sink.open) {
    const rows = await itemsAfter(db.reader, layer, after, EXPORT_PAGE, format, asOf);
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

const streamGeojson: Producer = async (db, layer, asOf, sink, headers) => {
  headers();
  if (!(await sink.write('{"type":"FeatureCollection","features":['))) return;
  let first = true;
  for await (const rows of pages(db, layer, asOf, sink, 'geojson')) {
    const chunk = rows
      .map((r) => JSON.stringify({ type: 'Feature', id: r.id, geometry: r.geometry, properties: r.properties }))
      .join(',');
    if (!(await sink.write((first ? '' : ',') + chunk))) return;
    first = false;
  }
  sink.end(']}\n');
};

const streamCsv: Producer = async (db, layer, asOf, sink, headers) => {
  headers();
  const columns = ['id', ...LAYER_PROPERTIES[layer], 'wkt'];
  if (!(await sink.write('\uFEFF' + columns.join(',') + '\r\n'))) return;
  for await (const rows of pages(db, layer, asOf, sink, 'wkt')) {
    const lines = rows.map((r) => {
      const values = [r.id, ...LAYER_PROPERTIES[layer].map((c) => r.properties[c]), r.geometry];
      return values.map(csvCell).join(',');
    });
    if (!(await sink.write(lines.join('\r\n') + '\r\n'))) return;
  }
  sink.end();
};

const streamFgb: Producer = async (db, layer, asOf, sink, headers) => {
  const writer = new FlatGeobufWriter({
    name: layer,
    title: mapLayerDef(layer).title.ro,
    description: `${mapLayerDef(layer).title.en}; Atlas export as of ${asOf}`,
    geometryType: LAYER_GEOMETRY[layer],
    columns: publishedKinds(layer),
    featuresCount: await countAsOf(db.reader, layer, asOf),
    epsg: 3844,
  });
  headers();
  if (!(await sink.write(writer.start()))) return;
  for await (const rows of pages(db, layer, asOf, sink, 'geojson3844')) {
    const parts = rows.map((r) => writer.feature(r.geometry, { id: r.id, ...r.properties }));
    if (!(await sink.write(Buffer.concat(parts)))) return;
  }
  sink.end();
};

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = Array.isArray(v) ? v.join('; ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
