// Data export of every layer: GeoJSON (EPSG:4326), CSV (attributes + WKT in EPSG:4326), FlatGeobuf (EPSG:3844).
import { Router, type Response } from 'express';
import type { Db } from '../../../db/src/connect.ts';
import { LAYERS, type Layer } from '../../../db/src/datasets.repository.ts';
import { flatgeobuf, itemsAfter, LAYER_PROPERTIES } from '../../../db/src/features.repository.ts';
import { notFound } from '../errors.ts';
import { MEDIA } from '../ogc/constants.ts';

const PAGE = 5000;
const FORMATS = { geojson: MEDIA.geojson, csv: 'text/csv; charset=utf-8', fgb: 'application/flatgeobuf' } as const;

export function exportRoutes(db: Db): Router {
  const router = Router();
  router.get('/api/export/:file', async (req, res) => {
    const m = /^([a-z]+)\.(geojson|csv|fgb)$/.exec(req.params.file);
    const layer = m?.[1];
    const format = m?.[2] as keyof typeof FORMATS | undefined;
    if (!layer || !format || !(LAYERS as readonly string[]).includes(layer)) {
      throw notFound('Export', `${req.params.file} (expected {${LAYERS.join('|')}}.{geojson|csv|fgb})`);
    }
    res.setHeader('Content-Type', FORMATS[format]);
    res.setHeader('Content-Disposition', `attachment; filename="atlas-${layer}.${format}"`);
    if (format === 'fgb') return void res.end(await flatgeobuf(db, layer as Layer));
    await (format === 'csv' ? streamCsv : streamGeojson)(db, layer as Layer, res);
  });
  return router;
}

async function streamGeojson(db: Db, layer: Layer, res: Response): Promise<void> {
  res.write('{"type":"FeatureCollection","features":[');
  let after = 0;
  let first = true;
  for (;;) {
    const rows = await itemsAfter(db, layer, after, PAGE, 'geojson');
    if (!rows.length) break;
    const chunk = rows
      .map((r) => JSON.stringify({ type: 'Feature', id: r.id, geometry: r.geometry, properties: r.properties }))
      .join(',');
    res.write((first ? '' : ',') + chunk);
    first = false;
    after = rows[rows.length - 1]!.id;
  }
  res.end(']}\n');
}

async function streamCsv(db: Db, layer: Layer, res: Response): Promise<void> {
  const columns = ['id', ...LAYER_PROPERTIES[layer], 'wkt'];
  res.write('\uFEFF' + columns.join(',') + '\r\n');
  let after = 0;
  for (;;) {
    const rows = await itemsAfter(db, layer, after, PAGE, 'wkt');
    if (!rows.length) break;
    const lines = rows.map((r) => {
      const values = [r.id, ...LAYER_PROPERTIES[layer].map((c) => r.properties[c]), r.geometry];
      return values.map(csvCell).join(',');
    });
    res.write(lines.join('\r\n') + '\r\n');
    after = rows[rows.length - 1]!.id;
  }
  res.end();
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = Array.isArray(v) ? v.join('; ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
