// One point inside each current UAT (ST_PointOnSurface, EPSG:4326): where the atlas draws a UAT's proportional circle.
import type { Queryable } from './connect.ts';

export interface UatPointRow {
  siruta: number;
  lon: number;
  lat: number;
}

export async function uatPoints(db: Queryable): Promise<UatPointRow[]> {
  const { rows } = await db.query<{ siruta: number; lon: number | string; lat: number | string }>(
    `SELECT siruta, round(ST_X(p)::numeric, 5)::float8 AS lon, round(ST_Y(p)::numeric, 5)::float8 AS lat
     FROM (SELECT siruta, ST_Transform(ST_PointOnSurface(geom), 4326) AS p FROM uats WHERE valid_to IS NULL) u
     ORDER BY siruta`,
  );
  return rows.map((r) => ({ siruta: Number(r.siruta), lon: Number(r.lon), lat: Number(r.lat) }));
}
