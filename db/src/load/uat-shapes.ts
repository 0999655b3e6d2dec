// The UAT polygons in force, for an import that places each feature in its UAT (data-import/src/uat-locator.ts).
import type { MultiPolygon } from 'geojson';
import type { Queryable } from '../connect.ts';

export interface UatShape {
  siruta: number;
  /** [minX, minY, maxX, maxY] in Stereo 70 metres */
  box: [number, number, number, number];
  /** the polygon in Stereo 70, to the millimetre */
  geom: MultiPolygon;
}

export async function uatShapesInForce(q: Queryable): Promise<UatShape[]> {
  const { rows } = await q.query<{ siruta: number; g: MultiPolygon; box: [number, number, number, number] }>(
    `SELECT siruta, ST_AsGeoJSON(geom, 3)::json AS g,
            ARRAY[ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)] AS box
     FROM uats WHERE valid_to IS NULL`,
  );
  return rows.map((r) => ({ siruta: r.siruta, box: r.box.map(Number) as UatShape['box'], geom: r.g }));
}

/** One UAT in force, with its name (undefined when there is none with that SIRUTA). */
export async function uatShapeInForce(
  q: Queryable,
  siruta: number,
): Promise<(UatShape & { name: string }) | undefined> {
  const { rows } = await q.query<{
    siruta: number;
    name: string;
    g: MultiPolygon;
    box: [number, number, number, number];
  }>(
    `SELECT siruta, name, ST_AsGeoJSON(geom, 3)::json AS g,
            ARRAY[ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)] AS box
     FROM uats WHERE valid_to IS NULL AND siruta = $1`,
    [siruta],
  );
  const r = rows[0];
  return r && { siruta: r.siruta, name: r.name, box: r.box.map(Number) as UatShape['box'], geom: r.g };
}
