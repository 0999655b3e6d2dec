// The single definition of Stereo 70 (EPSG:3844) used everywhere in Atlas.
// The rotations of +towgs84 are the position-vector ones: the string found in PostGIS's spatial_ref_sys and in many
// copies (0.309,-0.325,-0.497) follows the coordinate-frame convention and lands about 38 m off in proj4js.
// Pinned by stereo70.test.ts with a control point computed by PROJ.
import proj4 from 'proj4';

export const STEREO70_PROJ4 =
  '+proj=sterea +lat_0=46 +lon_0=25 +k=0.99975 +x_0=500000 +y_0=500000 +ellps=krass ' +
  '+towgs84=2.329,-147.042,-92.08,-0.309,0.325,0.497,5.69 +units=m +no_defs';

export const STEREO70_EPSG = 'EPSG:3844';
/** deprecated code for the same system, accepted as an alias */
export const STEREO70_EPSG_ALIAS = 'EPSG:31700';
export const STEREO70_OGC_URN = 'urn:ogc:def:crs:EPSG::3844';

proj4.defs(STEREO70_EPSG, STEREO70_PROJ4);
proj4.defs(STEREO70_EPSG_ALIAS, STEREO70_PROJ4);

const converter = proj4('EPSG:4326', STEREO70_EPSG);

/** WGS84 [lon, lat] → Stereo 70 [easting, northing] in metres. */
export function toStereo70(lonLat: readonly [number, number] | readonly number[]): [number, number] {
  const [lon, lat] = lonLat;
  if (lon === undefined || lat === undefined) throw new Error('toStereo70: expected [lon, lat]');
  const [e, n] = converter.forward([lon, lat]);
  return [e as number, n as number];
}

/** Stereo 70 [easting, northing] in metres → WGS84 [lon, lat]. */
export function fromStereo70(en: readonly [number, number] | readonly number[]): [number, number] {
  const [e, n] = en;
  if (e === undefined || n === undefined) throw new Error('fromStereo70: expected [easting, northing]');
  const [lon, lat] = converter.inverse([e, n]);
  return [lon as number, lat as number];
}
