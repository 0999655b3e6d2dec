// GML 3.2 (and the GML 2/3.1 spellings GDAL and older WFS servers write), streamed with saxes: the file is read a
// chunk at a time and each feature is handed on as soon as its end tag is parsed, so memory stays bounded by one
// feature, whatever the size of the file.
//
// What it reads:
// - Features are the children of `featureMember`, `featureMembers` and `member` elements (gml:, wfs:, base:, ogr:):
//   INSPIRE Cadastral Parcels (`cp:CadastralParcel`), Planned Land Use (`plu:ZoningElement`), and the simple
//   features `ogr2ogr -f GML` writes.
// - A feature's properties are its leaf elements, by local name (`nationalCadastralReference`, `label`, `areaValue`,
//   `NR_CAD`…); an empty element with `xlink:href` takes the last part of the reference (`…/plan#PUG_2014` →
//   `PUG_2014`); the INSPIRE PLU dimensioning indications become properties named by their `indicatorReference`
//   (`POT`, `CUT`, `maximumHeight`…), and a ZoningElement's regulation attributes are kept whole in `regulations`.
// - Its geometry is the first GML geometry that is not a reference point: Point, LineString, Polygon, Surface,
//   MultiSurface, MultiPolygon, MultiCurve, MultiLineString, MultiPoint (`pos`, `posList`, or GML 2 `coordinates`).
// - Coordinates are in the axis order of their `srsName`: the URN and URL forms (`urn:ogc:def:crs:EPSG::4326`,
//   `http://www.opengis.net/def/crs/EPSG/0/3844`) follow the EPSG order (latitude/northing first, for WGS84 and for
//   Stereo 70 alike: GDAL writes them so), the short `EPSG:4326` form and the `epsg.xml#` URL longitude/easting first.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ImportError, type GeoJsonFeature } from '../import-job.ts';
import { parseSrs, type Srs } from '../crs/crs.ts';
import { readHead, requireSrs, type FeatureSource } from './geojson.reader.ts';

const CHUNK = 1024 * 1024;
const MEMBERS = new Set(['featureMember', 'featureMembers', 'member', 'members']);
const GEOMETRIES = new Set([
  'Point',
  'LineString',
  'Polygon',
  'Surface',
  'PolyhedralSurface',
  'CompositeSurface',
  'MultiSurface',
  'MultiPolygon',
  'Curve',
  'CompositeCurve',
  'MultiCurve',
  'MultiLineString',
  'MultiPoint',
  'MultiGeometry',
]);
const CURVED = new Set([
  'Arc',
  'ArcString',
  'Circle',
  'CircleByCenterPoint',
  'ArcByCenterPoint',
  'CubicSpline',
  'Bezier',
]);
/** Geometries that are not the feature's shape (INSPIRE CP's label point). */
const NOT_THE_SHAPE = new Set(['referencePoint', 'boundedBy']);

/** The coordinate system named by a GML srsName, and whether its coordinates come latitude/northing first. */
export function srsOfGmlName(name: string): { srs: Srs; swap: boolean } | undefined {
  const srs = parseSrs(name);
  if (!srs) return undefined;
  const s = name.trim();
  if (/CRS:?84$/i.test(s)) return { srs, swap: false };
  // URN and http://www.opengis.net/def/crs/ forms: EPSG axis order (4326: lat, lon; 3844 and 31700: northing, easting).
  const epsgOrder = /^urn:(x-)?ogc:def:crs:/i.test(s) || /^https?:\/\/www\.opengis\.net\/def\/crs\//i.test(s);
  return { srs, swap: epsgOrder };
}

interface GeometryState {
  /** local name of the top geometry element */
  top: string;
  srsName: string | undefined;
  dims: number;
  points: number[][];
  lines: number[][][];
  polygons: number[][][][];
  /** the rings of the polygon being read */
  rings: number[][][];
  /** positions of a composite gml:Ring being assembled from its curve members */
  ring: number[][] | undefined;
  /** positions of the line or ring being read (pos after pos) */
  positions: number[][];
  text: string;
  curved: string | undefined;
}

interface FeatureState {
  name: string;
  id: string | undefined;
  depth: number;
  properties: Record<string, unknown>;
  geometry: GeoJsonFeature['geometry'];
  /** the leaf being read: its name and text */
  leaf: { name: string; text: string; href: string | undefined; nil: boolean } | undefined;
  /** a PLU dimensioning indication being read */
  indication: Record<string, string> | undefined;
  regulations: Record<string, unknown> | undefined;
  error: string | undefined;
}

class GmlFeatureParser {
  readonly parser = new SaxesParser({ xmlns: false, position: false });
  readonly out: GeoJsonFeature[] = [];
  /** srsName met outside geometries (the collection's envelope), inherited by geometries without one */
  private inherited: string | undefined;
  private stack: string[] = [];
  private feature: FeatureState | undefined;
  private geom: GeometryState | undefined;
  private geomDepth = 0;
  private skipDepth = 0;
  count = 0;
  root: string | undefined;
  /** the first srsName met */
  firstSrsName: string | undefined;

  constructor(
    private readonly name: string,
    private readonly fixed: { srs: Srs; swap: boolean } | undefined,
    private readonly fileSrs: () => Srs | undefined,
  ) {
    this.parser.on('opentag', (t) => this.open(t));
    this.parser.on('closetag', (t) => this.close(t));
    this.parser.on('text', (t) => this.text(t));
    this.parser.on('cdata', (t) => this.text(t));
  }

  private open(tag: SaxesTagPlain): void {
    const local = localName(tag.name);
    const parent = this.stack[this.stack.length - 1];
    this.stack.push(local);
    const attrs = tag.attributes as Record<string, string>;
    if (this.stack.length === 1) this.root = local;
    const srsName = attrs.srsName;
    if (srsName !== undefined) this.firstSrsName ??= srsName;
    const f = this.feature;
    if (!f) {
      if (srsName !== undefined) this.inherited = srsName;
      if (parent !== undefined && MEMBERS.has(parent)) {
        this.feature = {
          name: local,
          id: attrs['gml:id'] ?? attrs.fid ?? attrs.id,
          depth: this.stack.length,
          properties: {},
          geometry: null,
          leaf: undefined,
          indication: undefined,
          regulations: local === 'ZoningElement' ? {} : undefined,
          error: undefined,
        };
      }
      return;
    }
    if (this.skipDepth) return;
    const g = this.geom;
    if (g) {
      if (CURVED.has(local)) g.curved ??= local;
      if (attrs.srsDimension) g.dims = Number(attrs.srsDimension) || 2;
      if (local === 'Ring') g.ring = [];
      if (local === 'LinearRing' || local === 'LineString' || local === 'LineStringSegment') g.positions = [];
      g.text = '';
      return;
    }
    if (GEOMETRIES.has(local)) {
      if (f.geometry || NOT_THE_SHAPE.has(parent ?? '')) {
        this.skipDepth = this.stack.length;
        return;
      }
      this.geomDepth = this.stack.length;
      this.geom = {
        top: local,
        srsName: srsName ?? this.inherited,
        dims: Number(attrs.srsDimension) || 2,
        points: [],
        lines: [],
        polygons: [],
        rings: [],
        ring: undefined,
        positions: [],
        text: '',
        curved: undefined,
      };
      if (local === 'LineString') this.geom.positions = [];
      return;
    }
    if (/DimensioningIndication\w*Value$/.test(local)) f.indication = {};
    if (local === 'boundedBy') {
      this.skipDepth = this.stack.length;
      return;
    }
    const nil = attrs['xsi:nil'] === 'true';
    const href = attrs['xlink:href'];
    f.leaf = { name: local, text: '', href, nil };
    if (href !== undefined && attrs['xlink:title'] && !f.properties[`${local}Title`]) {
      f.properties[`${local}Title`] = attrs['xlink:title'];
    }
  }

  private text(t: string): void {
    if (this.skipDepth) return;
    if (this.geom) this.geom.text += t;
    else if (this.feature?.leaf) this.feature.leaf.text += t;
  }

  private close(tag: SaxesTagPlain): void {
    const local = localName(tag.name);
    const depth = this.stack.length;
    this.stack.pop();
    const f = this.feature;
    if (!f) return;
    if (this.skipDepth) {
      if (depth === this.skipDepth) this.skipDepth = 0;
      return;
    }
    const g = this.geom;
    if (g) {
      this.closeGeometry(g, local, f);
      if (depth === this.geomDepth) {
        f.geometry = this.finishGeometry(g, f);
        this.geom = undefined;
      }
      return;
    }
    if (depth === f.depth) {
      this.finishFeature(f);
      return;
    }
    const leaf = f.leaf;
    if (leaf && leaf.name === local) {
      const text = leaf.text.trim();
      const value: unknown = leaf.nil
        ? null
        : text === '' && leaf.href !== undefined
          ? lastPart(leaf.href)
          : text === ''
            ? undefined
            : text;
      if (value !== undefined) {
        if (f.indication) f.indication[local] = String(value);
        else if (!(local in f.properties)) f.properties[local] = value;
        if (f.regulations && !f.indication) addRegulation(f.regulations, local, value);
      }
      f.leaf = undefined;
      return;
    }
    if (f.indication && /DimensioningIndication\w*Value$/.test(local)) {
      const ref = f.indication.indicatorReference;
      const v = f.indication.value;
      if (ref && v !== undefined) {
        const n = Number(v);
        const value = Number.isFinite(n) ? n : v;
        if (!(ref in f.properties)) f.properties[ref] = value;
        if (f.regulations) {
          const dims = (f.regulations.dimensioningIndication ??= {}) as Record<string, unknown>;
          dims[ref] = value;
        }
      }
      f.indication = undefined;
    }
  }

  private closeGeometry(g: GeometryState, local: string, f: FeatureState): void {
    const text = g.text;
    g.text = '';
    switch (local) {
      case 'pos': {
        const v = text.trim().split(/\s+/);
        if (v.length >= 2) g.positions.push([Number(v[0]), Number(v[1])]);
        if (v.length < 2 || !Number.isFinite(Number(v[0])) || !Number.isFinite(Number(v[1]))) {
          f.error ??= `a gml:pos that is not a position (${JSON.stringify(text.trim().slice(0, 40))})`;
        }
        return;
      }
      case 'posList':
      case 'coordinates':
        g.positions.push(...this.numbers(text, g, f, local === 'coordinates'));
        return;
      case 'Point':
        if (g.positions.length) g.points.push(g.positions[g.positions.length - 1]!);
        g.positions = [];
        return;
      case 'LinearRing':
        if (g.ring) appendRing(g.ring, g.positions);
        else g.rings.push(g.positions);
        g.positions = [];
        return;
      case 'LineString':
      case 'LineStringSegment':
        if (g.ring) appendRing(g.ring, g.positions);
        else g.lines.push(g.positions);
        g.positions = [];
        return;
      case 'Ring':
        if (g.ring) g.rings.push(g.ring);
        g.ring = undefined;
        return;
      case 'Polygon':
      case 'PolygonPatch':
        g.polygons.push(g.rings);
        g.rings = [];
        return;
      default:
        return;
    }
  }

  private numbers(text: string, g: GeometryState, f: FeatureState, gml2 = false): number[][] {
    const parts = text.trim().split(gml2 ? /[\s,]+/ : /\s+/);
    const stride = gml2 ? (text.trim().split(/\s+/)[0]!.split(',').length ?? 2) : g.dims;
    if (parts.length === 1 && parts[0] === '') return [];
    const out: number[][] = [];
    if (parts.length % stride !== 0) {
      f.error ??= `${parts.length} coordinate values in a ${gml2 ? 'coordinates' : 'posList'} of dimension ${stride}`;
    }
    for (let i = 0; i + stride <= parts.length; i += stride) {
      const a = Number(parts[i]);
      const b = Number(parts[i + 1]);
      if (!Number.isFinite(a) || !Number.isFinite(b)) {
        f.error ??= `coordinates that are not numbers (${JSON.stringify(parts[i])} ${JSON.stringify(parts[i + 1])})`;
      }
      out.push([a, b]);
    }
    return out;
  }

  private finishGeometry(g: GeometryState, f: FeatureState): GeoJsonFeature['geometry'] {
    if (g.curved) {
      f.error ??= `curved geometry (gml:${g.curved}) is not supported: stroke it into straight segments first (ogr2ogr -nlt CONVERT_TO_LINEAR)`;
      return null;
    }
    const declared = g.srsName;
    let swap = this.fixed?.swap ?? false;
    if (declared !== undefined && !this.fixed) {
      const info = srsOfGmlName(declared);
      const fileSrs = this.fileSrs();
      if (!info) {
        f.error ??= `unsupported coordinate system ${JSON.stringify(declared)}`;
        return null;
      }
      if (fileSrs && info.srs !== fileSrs) {
        f.error ??= `the geometry is in ${declared}, the file's first geometry in ${fileSrs}: one coordinate system per file`;
        return null;
      }
      swap = info.swap;
    }
    if (swap) {
      const flip = (p: number[]) => {
        const t = p[0]!;
        p[0] = p[1]!;
        p[1] = t;
      };
      for (const p of g.points) flip(p);
      for (const l of g.lines) for (const p of l) flip(p);
      for (const poly of g.polygons) for (const r of poly) for (const p of r) flip(p);
    }
    const kinds = (g.polygons.length ? 1 : 0) + (g.lines.length ? 1 : 0) + (g.points.length ? 1 : 0);
    if (kinds > 1) {
      return {
        type: 'GeometryCollection',
        coordinates: undefined,
        geometries: [
          ...g.polygons.map((c) => ({ type: 'Polygon', coordinates: c })),
          ...g.lines.map((c) => ({ type: 'LineString', coordinates: c })),
          ...g.points.map((c) => ({ type: 'Point', coordinates: c })),
        ],
      } as GeoJsonFeature['geometry'];
    }
    const single = !/^Multi|^Composite|Surface$/.test(g.top) || g.top === 'Surface';
    if (g.polygons.length) {
      return single && g.polygons.length === 1
        ? { type: 'Polygon', coordinates: g.polygons[0] }
        : { type: 'MultiPolygon', coordinates: g.polygons };
    }
    if (g.lines.length) {
      return g.lines.length === 1 && !/^Multi/.test(g.top)
        ? { type: 'LineString', coordinates: g.lines[0] }
        : { type: 'MultiLineString', coordinates: g.lines };
    }
    if (g.points.length) {
      return g.top === 'Point'
        ? { type: 'Point', coordinates: g.points[0] }
        : { type: 'MultiPoint', coordinates: g.points };
    }
    return {
      type:
        g.top === 'Point' ? 'Point' : g.top.includes('Polygon') || g.top.includes('Surface') ? 'MultiPolygon' : g.top,
      coordinates: [],
    };
  }

  private finishFeature(f: FeatureState): void {
    const index = this.count++;
    this.feature = undefined;
    if (f.error) {
      throw new ImportError(`${this.name}: 1 feature(s) refused`, [
        { feature: index, id: f.id, reason: `${f.name}: ${f.error}` },
      ]);
    }
    if (f.regulations && Object.keys(f.regulations).length) f.properties.regulations ??= f.regulations;
    this.out.push({ type: 'Feature', id: f.id, properties: f.properties, geometry: f.geometry });
  }
}

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

function lastPart(href: string): string {
  const h = href.trim();
  const hash = h.lastIndexOf('#');
  if (hash >= 0 && hash < h.length - 1) return h.slice(hash + 1);
  const slash = h.replace(/\/+$/, '').lastIndexOf('/');
  return slash >= 0 ? h.replace(/\/+$/, '').slice(slash + 1) : h;
}

/** The curve members of a composite gml:Ring, end to end (a shared end point once). */
function appendRing(ring: number[][], positions: number[][]): void {
  const last = ring[ring.length - 1];
  const first = positions[0];
  const start = last && first && last[0] === first[0] && last[1] === first[1] ? 1 : 0;
  for (let i = start; i < positions.length; i++) ring.push(positions[i]!);
}

function addRegulation(regulations: Record<string, unknown>, key: string, value: unknown): void {
  if (!(key in regulations)) regulations[key] = value;
  else if (Array.isArray(regulations[key])) (regulations[key] as unknown[]).push(value);
  else regulations[key] = [regulations[key], value];
}

async function fileSize(path: string, name: string): Promise<number> {
  const size = await stat(path).then(
    (s) => s.size,
    (err: NodeJS.ErrnoException) => {
      throw new ImportError(`${name}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
    },
  );
  if (size === 0) throw new ImportError(`${name}: the file is empty`);
  return size;
}

/** The head of the file: XML, a feature collection, and the first srsName (when the head holds one). */
function sniffHead(head: Buffer, name: string): { srsName: string | undefined } {
  let text = head.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const start = text.trimStart();
  if (!start.startsWith('<')) {
    throw new ImportError(
      `${name}: not GML: expected an XML document, the file starts with ${JSON.stringify(start.slice(0, 20))}`,
    );
  }
  const root = /<(?![?!])([\w.-]+:)?([\w.-]+)/.exec(start);
  if (!root) throw new ImportError(`${name}: not GML: no root element in the first ${head.length} bytes`);
  if (
    !/(FeatureCollection|SpatialDataSet|featureMember|member)/.test(start) &&
    !/:?(CadastralParcel|ZoningElement)\b/.test(start)
  ) {
    throw new ImportError(
      `${name}: not a GML feature collection (the root element is <${root[1] ?? ''}${root[2]!}>; expected a FeatureCollection of features)`,
    );
  }
  const srs = /\bsrsName\s*=\s*["']([^"']+)["']/.exec(text);
  return { srsName: srs?.[1] };
}

function resolveSrs(srsName: string | undefined, name: string): { srs: Srs; swap: boolean } | undefined {
  if (srsName === undefined) return undefined;
  const info = srsOfGmlName(srsName);
  if (!info) {
    throw new ImportError(
      `${name}: unsupported coordinate system ${JSON.stringify(srsName)}; Atlas reads Stereo 70 (EPSG:3844) and WGS84 (EPSG:4326): reproject it (ogr2ogr -t_srs EPSG:3844) or give --srs`,
    );
  }
  return info;
}

/** The checks that need only the head of the file (the admin API answers them before it accepts an upload). */
export async function precheckGmlFile(path: string, srsOverride?: string): Promise<{ format: 'gml'; srs?: Srs }> {
  const name = basename(path);
  await fileSize(path, name);
  const forced = srsOverride ? requireSrs(srsOverride) : undefined;
  const { srsName } = sniffHead(await readHead(path, 64 * 1024), name);
  if (forced) return { format: 'gml', srs: forced };
  const info = resolveSrs(srsName, name);
  return info ? { format: 'gml', srs: info.srs } : { format: 'gml' };
}

/** The first srsName of the file, found by a pass over its bytes (no XML parsed) when its head has none. */
async function scanSrsName(path: string): Promise<string | undefined> {
  const re = /\bsrsName\s*=\s*["']([^"']+)["']/;
  let carry = '';
  for await (const chunk of createReadStream(path, { encoding: 'latin1', highWaterMark: CHUNK })) {
    const text = carry + (chunk as string);
    const m = re.exec(text);
    if (m) return m[1];
    carry = text.slice(-200);
  }
  return undefined;
}

export async function readGmlFile(path: string, srsOverride?: string): Promise<FeatureSource> {
  const name = basename(path);
  const bytes = await fileSize(path, name);
  const forced = srsOverride ? requireSrs(srsOverride) : undefined;
  const head = sniffHead(await readHead(path, 64 * 1024), name);
  let declared = resolveSrs(head.srsName, name);
  if (!forced && !declared) {
    declared = resolveSrs(await scanSrsName(path), name);
    if (!declared) {
      throw new ImportError(
        `${name}: no srsName says which coordinate system the geometries are in; give it with --srs (or the file has no geometry)`,
      );
    }
  }
  const srs = forced ?? declared!.srs;
  // --srs names the system; the axis order still follows the file's srsName when it has one.
  const fixed = forced
    ? { srs: forced, swap: head.srsName ? (srsOfGmlName(head.srsName)?.swap ?? false) : false }
    : undefined;
  let read = 0;
  async function* features(): AsyncGenerator<GeoJsonFeature> {
    const p = new GmlFeatureParser(name, fixed, () => srs);
    const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK });
    try {
      for await (const chunk of stream) {
        read += Buffer.byteLength(chunk as string);
        try {
          p.parser.write(chunk as string);
        } catch (err) {
          throw xmlError(err, name, p.count);
        }
        if (p.out.length) {
          const batch = p.out.splice(0);
          for (const f of batch) yield f;
        }
      }
      try {
        p.parser.close();
      } catch (err) {
        throw xmlError(err, name, p.count);
      }
      for (const f of p.out.splice(0)) yield f;
    } finally {
      stream.destroy();
    }
  }
  return { srs, format: 'gml', size: { bytes, read: () => read }, features: features() };
}

function xmlError(err: unknown, name: string, features: number): Error {
  if (err instanceof ImportError) return err;
  const message = (err as Error).message.replace(/^undefined:/, '').trim();
  return new ImportError(`${name}: not well-formed XML after ${features} feature(s): ${message}`, [
    { feature: features, reason: message },
  ]);
}
