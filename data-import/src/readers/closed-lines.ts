// The built-up area limits (layer intravilan) often come from CAD drawings as closed lines rather than polygons: a
// LineString whose last point is its first becomes a Polygon, a MultiLineString of closed lines a MultiPolygon (one
// polygon per line). A line that is not closed is refused, saying so.
import { ImportError, type GeoJsonFeature } from '../import-job.ts';

type Position = number[];

const closed = (line: unknown): line is Position[] =>
  Array.isArray(line) &&
  line.length >= 4 &&
  Array.isArray(line[0]) &&
  Array.isArray(line[line.length - 1]) &&
  (line[0] as Position)[0] === (line[line.length - 1] as Position)[0] &&
  (line[0] as Position)[1] === (line[line.length - 1] as Position)[1];

export async function* closedLinesAsPolygons(
  features: AsyncIterable<GeoJsonFeature> | Iterable<GeoJsonFeature>,
  sourceFile: string,
): AsyncGenerator<GeoJsonFeature> {
  let index = 0;
  for await (const f of features) {
    const g = f?.geometry;
    if (g && (g.type === 'LineString' || g.type === 'MultiLineString')) {
      const lines = (g.type === 'LineString' ? [g.coordinates] : g.coordinates) as unknown[];
      const open = lines.findIndex((l) => !closed(l));
      if (open >= 0 || lines.length === 0) {
        throw new ImportError(`${sourceFile}: 1 feature(s) refused`, [
          {
            feature: index,
            id: f.id,
            reason: `the ${g.type}${g.type === 'MultiLineString' ? ` (line ${open})` : ''} is not closed (its last point is not its first, or it has fewer than 4 points): a built-up area limit is a polygon or a closed line`,
          },
        ]);
      }
      const polygons = (lines as Position[][]).map((l) => [l]);
      yield {
        ...f,
        geometry:
          polygons.length === 1
            ? { type: 'Polygon', coordinates: polygons[0] }
            : { type: 'MultiPolygon', coordinates: polygons },
      };
    } else yield f;
    index++;
  }
}
