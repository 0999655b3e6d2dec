// The UAT polygons in force, for an import that places each feature in its UAT or checks it lies in the UAT given
// (data-import/src/uat-locator.ts).
import type { MultiPolygon } from 'geojson';
import type { Queryable } from '../connect.ts';

export interface UatShape {
  siruta: number;
  name: string;
  /** [minX, minY, maxX, maxY] in Stereo 70 metres */
  box: [number, number, number, number];
  /** the polygon in Stereo 70, to the millimetre */
  geom: MultiPolygon;
}

/** The UATs in force, or the one with `siruta` (none when there is no such UAT in force). */
export async function uatShapesInForce(q: Queryable, siruta?: number): Promise<UatShape[]> {
  const { rows } = await q.query<{
    siruta: number;
    name: string;
    g: MultiPolygon;
    box: [number, number, number, number];
  }>(
    `SELECT siruta, name, ST_AsGeoJSON(geom, 3)::json AS g,
            ARRAY[ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)] AS box
     FROM uats WHERE valid_to IS NULL${siruta === undefined ? '' : ' AND siruta = $1'}`,
    siruta === undefined ? [] : [siruta],
  );
  return rows.map((r) => ({ siruta: r.siruta, name: r.name, box: r.box.map(Number) as UatShape['box'], geom: r.g }));
}
