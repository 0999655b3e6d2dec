// The longitude/latitude box around data stored in Stereo 70 (EPSG:3844), for collection extents and TileJSON bounds.
//
// A straight edge of an EPSG:3844 box is a curve in longitude/latitude: the box's top edge bulges north between its
// corners (by about 0.1° across Romania). Transforming the box's four corners alone gives a box that cuts that bulge
// off, and with it the country's northern UATs. The edges are densified first, so that the result holds every feature.

/** Vertex spacing, in metres, of the densified box: far below a millimetre of bulge between two vertices. */
const STEP_M = 1000;

/** SQL: the EPSG:4326 geometry of an EPSG:3844 box (a `box2d`, e.g. `ST_Extent(geom)`), edges densified. */
export function wgs84OfStereo70Box(box: string): string {
  return `ST_Transform(ST_Segmentize(ST_SetSRID((${box})::geometry, 3844), ${STEP_M}), 4326)`;
}

/** A box rounded outward to `digits` decimals, so that rounding never cuts a feature off. */
export function roundOutward(
  b: readonly [number, number, number, number],
  digits: number,
): [number, number, number, number] {
  const f = 10 ** digits;
  const down = (v: number) => Math.floor(v * f + 1e-9) / f;
  const up = (v: number) => Math.ceil(v * f - 1e-9) / f;
  return [down(b[0]), down(b[1]), up(b[2]), up(b[3])];
}
