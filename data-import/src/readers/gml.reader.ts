// GML 3.2 (and the GML 2/3.1 spellings GDAL and older WFS servers write), streamed with saxes: the file is read a
// chunk at a time (decoded by ChunkDecoder below: an ASCII chunk, most of a GML file, is copied as Latin-1; others go
// through a streaming TextDecoder, about three times faster than Node's StringDecoder on text with diacritics) and
// each feature is handed on as soon as its end tag is parsed; the next chunk is read only once the
// importer has taken every feature of the last one, so memory stays bounded by one chunk's features, whatever the
// size of the file.
//
// Coordinates go straight from the text of `posList` into flat arrays (flat-geometry.ts), as the GeoJSON and WKB
// readers do: numbers read by a fast path (exactly as Number() reads them), no array per position. Polygons and
// multipolygons whose rings are closed and long enough reach the importer in that form; anything else comes back as
// plain GeoJSON, so that the importer's usual checks say what is wrong with it.
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
import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { fileSize } from './file-size.ts';
import { basename } from 'node:path';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { BATCHES, ImportError, type BatchedFeatures, type GeoJsonFeature } from '../import-job.ts';
import { parseSrs, type Srs } from '../crs/crs.ts';
import { FlatGeojsonGeometry } from '../flat-geometry.ts';
import { readHead, requireSrs, type FeatureSource } from './geojson.reader.ts';

/** Bytes read at a time: below the size at which Node makes a decoded chunk an external string (about 1 MB). */
const CHUNK = 256 * 1024;
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

/** Doubles per block of the coordinates handed on (a feature's coordinates are a view of one block). */
const BLOCK = 1 << 16;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

interface GeometryState {
  /** local name of the top geometry element */
  top: string;
  srsName: string | undefined;
  /** the file's axis order is latitude/northing first: positions are stored swapped */
  swap: boolean;
  dims: number;
  /** offset (in doubles, into the parser's `xy`) where the positions of the line or ring being read start */
  seq: number;
  /** where a composite gml:Ring being assembled from its curve members starts (-1: none) */
  ring: number;
  /** start and end offsets of the rings of the polygon being read */
  rings: number[];
  /** the polygons read: the start and end offsets of their rings */
  polygons: number[][];
  /** start and end offsets of the lines read */
  lines: number[];
  /** offsets of the points read */
  points: number[];
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

/** What the parser needs to know of an element name, worked out once per qualified name. */
interface TagKind {
  qname: string;
  local: string;
  member: boolean;
  geometry: boolean;
  curved: boolean;
  /** a PLU DimensioningIndication…Value */
  indication: boolean;
  /** the element opened after this one last time (a file repeats its features' layout: usually the next one again) */
  next: TagKind | undefined;
}

class GmlFeatureParser {
  readonly parser = new SaxesParser({ xmlns: false, position: false });
  readonly out: GeoJsonFeature[] = [];
  /** srsName met outside geometries (the collection's envelope), inherited by geometries without one */
  private inherited: string | undefined;
  /** the open elements (an end tag closes the last one: saxes checks that it names it) */
  private stack: TagKind[] = [];
  private feature: FeatureState | undefined;
  private geom: GeometryState | undefined;
  private geomDepth = 0;
  private skipDepth = 0;
  /** positions of the geometry being read, x y x y … (in GeoJSON axis order); `n` doubles used */
  private xy = new Float64Array(4096);
  private n = 0;
  /** the block the flat coordinates handed on are views of */
  private block = new Float64Array(BLOCK);
  private used = 0;
  private readonly kinds = new Map<string, TagKind>();
  /** the element opened last */
  private lastOpened: TagKind | undefined;
  /** whether saxes hands text on (only where text() keeps it: saxes then builds no text for the rest) */
  private textOn = true;
  private readonly onText = (t: string) => this.text(t);
  private readonly srsNames = new Map<string, ReturnType<typeof srsOfGmlName>>();
  count = 0;
  root: string | undefined;
  /** the first srsName met */
  firstSrsName: string | undefined;

  constructor(
    private readonly name: string,
    private readonly fixed: { srs: Srs; swap: boolean } | undefined,
    private readonly fileSrs: () => Srs | undefined,
  ) {
    this.parser.on('opentag', (t) => {
      this.open(t);
      this.updateText();
    });
    this.parser.on('closetag', () => {
      this.close();
      this.updateText();
    });
    this.parser.on('text', this.onText);
    this.parser.on('cdata', (t) => this.text(t));
  }

  private kind(qname: string): TagKind {
    const guess = this.lastOpened?.next;
    if (guess !== undefined && guess.qname === qname) return (this.lastOpened = guess);
    let k = this.kinds.get(qname);
    if (!k) {
      const local = localName(qname);
      k = {
        qname: own(qname),
        local,
        member: MEMBERS.has(local),
        geometry: GEOMETRIES.has(local),
        curved: CURVED.has(local),
        indication: /DimensioningIndication\w*Value$/.test(local),
        next: undefined,
      };
      // (a schema has few element names; a file that makes up endless new ones is not cached, nor linked as `next`)
      if (this.kinds.size >= 10_000) return (this.lastOpened = k);
      this.kinds.set(k.qname, k);
    }
    if (this.lastOpened) this.lastOpened.next = k;
    return (this.lastOpened = k);
  }

  /** Text is wanted inside a geometry and inside a feature's leaf (what text() keeps), outside skipped elements. */
  private updateText(): void {
    const want = !this.skipDepth && (this.geom !== undefined || this.feature?.leaf !== undefined);
    if (want === this.textOn) return;
    this.textOn = want;
    if (want) this.parser.on('text', this.onText);
    else this.parser.off('text');
  }

  /** the srsName looked up last, and what it names (a file usually has one) */
  private lastSrsName: string | undefined;
  private lastSrs: ReturnType<typeof srsOfGmlName>;

  private srsOf(srsName: string): ReturnType<typeof srsOfGmlName> {
    if (srsName === this.lastSrsName) return this.lastSrs;
    let info: ReturnType<typeof srsOfGmlName>;
    if (this.srsNames.has(srsName)) info = this.srsNames.get(srsName);
    else {
      info = srsOfGmlName(srsName);
      this.srsNames.set(srsName, info);
    }
    this.lastSrsName = own(srsName);
    this.lastSrs = info;
    return info;
  }

  private open(tag: SaxesTagPlain): void {
    const kind = this.kind(tag.name);
    const local = kind.local;
    const parent = this.stack[this.stack.length - 1]?.local;
    this.stack.push(kind);
    const attrs = tag.attributes as Record<string, string>;
    if (this.stack.length === 1) this.root = local;
    const srsName = attrs.srsName;
    if (srsName !== undefined) this.firstSrsName ??= srsName;
    const f = this.feature;
    if (!f) {
      if (srsName !== undefined) this.inherited = srsName;
      if (this.stack.length > 1 && this.stack[this.stack.length - 2]!.member) {
        this.feature = {
          name: local,
          id: own(attrs['gml:id'] ?? attrs.fid ?? attrs.id),
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
      if (kind.curved) g.curved ??= local;
      if (attrs.srsDimension) g.dims = Number(attrs.srsDimension) || 2;
      if (local === 'Ring') g.ring = this.ringEnd = this.n;
      if (local === 'LinearRing' || local === 'LineString' || local === 'LineStringSegment') g.seq = this.n;
      g.text = '';
      return;
    }
    if (kind.geometry) {
      if (f.geometry || NOT_THE_SHAPE.has(parent ?? '')) {
        this.skipDepth = this.stack.length;
        return;
      }
      this.geomDepth = this.stack.length;
      const declared = srsName ?? this.inherited;
      let swap = this.fixed?.swap ?? false;
      if (declared !== undefined && !this.fixed) swap = this.srsOf(declared)?.swap ?? swap;
      this.n = 0;
      this.geom = {
        top: local,
        srsName: declared,
        swap,
        dims: Number(attrs.srsDimension) || 2,
        seq: 0,
        ring: -1,
        rings: [],
        polygons: [],
        lines: [],
        points: [],
        text: '',
        curved: undefined,
      };
      return;
    }
    if (kind.indication) f.indication = {};
    if (local === 'boundedBy') {
      this.skipDepth = this.stack.length;
      return;
    }
    const nil = attrs['xsi:nil'] === 'true';
    const href = attrs['xlink:href'];
    f.leaf = { name: local, text: '', href, nil };
    if (href !== undefined && attrs['xlink:title'] && !f.properties[`${local}Title`]) {
      f.properties[`${local}Title`] = own(attrs['xlink:title']);
    }
  }

  private text(t: string): void {
    if (this.skipDepth) return;
    if (this.geom) this.geom.text += t;
    else if (this.feature?.leaf) this.feature.leaf.text += t;
  }

  private close(): void {
    const depth = this.stack.length;
    const kind = this.stack.pop()!;
    const f = this.feature;
    if (!f) return;
    if (this.skipDepth) {
      if (depth === this.skipDepth) this.skipDepth = 0;
      return;
    }
    const local = kind.local;
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
      const text = own(leaf.text.trim());
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
    if (f.indication && kind.indication) {
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

  /** One position (x, y as written in the file) at the end of `xy`. */
  private push(g: GeometryState, a: number, b: number): void {
    if (this.n + 2 > this.xy.length) {
      const grown = new Float64Array(this.xy.length * 2);
      grown.set(this.xy);
      this.xy = grown;
    }
    if (g.swap) {
      this.xy[this.n] = b;
      this.xy[this.n + 1] = a;
    } else {
      this.xy[this.n] = a;
      this.xy[this.n + 1] = b;
    }
    this.n += 2;
  }

  private closeGeometry(g: GeometryState, local: string, f: FeatureState): void {
    const text = g.text;
    g.text = '';
    switch (local) {
      case 'pos': {
        const v = text.trim().split(/\s+/);
        if (v.length >= 2) this.push(g, Number(v[0]), Number(v[1]));
        if (v.length < 2 || !Number.isFinite(Number(v[0])) || !Number.isFinite(Number(v[1]))) {
          f.error ??= `a gml:pos that is not a position (${JSON.stringify(text.trim().slice(0, 40))})`;
        }
        return;
      }
      case 'posList':
        if ((g.dims === 2 || g.dims === 3) && this.posList(text, g, f)) return;
        this.numbers(text, g, f, false);
        return;
      case 'coordinates':
        this.numbers(text, g, f, true);
        return;
      case 'Point':
        if (this.n > g.seq) g.points.push(this.n - 2);
        g.seq = this.n;
        return;
      case 'LinearRing':
        if (g.ring >= 0) this.appendRing(g);
        else g.rings.push(g.seq, this.n);
        g.seq = this.n;
        return;
      case 'LineString':
      case 'LineStringSegment':
        if (g.ring >= 0) this.appendRing(g);
        else g.lines.push(g.seq, this.n);
        g.seq = this.n;
        return;
      case 'Ring':
        if (g.ring >= 0) g.rings.push(g.ring, this.ringEnd);
        g.ring = -1;
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

  /** Where the composite ring being assembled ends. */
  private ringEnd = 0;

  /**
   * The positions just read (from `g.seq`), a curve member of a composite gml:Ring: moved to the end of the ring
   * (they follow it unless something stray came between), the point it shares with the previous member once.
   */
  private appendRing(g: GeometryState): void {
    const xy = this.xy;
    const end = this.ringEnd;
    let from = g.seq;
    if (end > g.ring && this.n > from && xy[end - 2] === xy[from] && xy[end - 1] === xy[from + 1]) from += 2;
    if (from !== end) xy.copyWithin(end, from, this.n);
    this.n = end + (this.n - from);
    this.ringEnd = this.n;
  }

  /**
   * A posList of 2 or 3 dimensions read straight into `xy` (numbers by a fast path, else Number()). False when the
   * text holds something other than ASCII white space between the numbers: the general reader takes it then.
   */
  private posList(text: string, g: GeometryState, f: FeatureState): boolean {
    const stride = g.dims;
    const len = text.length;
    const start = this.n;
    let count = 0;
    let a = 0;
    let b = 0;
    let aFrom = 0;
    let aTo = 0;
    let bad: string | undefined;
    let i = 0;
    for (;;) {
      let c = 0;
      while (i < len && ((c = text.charCodeAt(i)) === 32 || (c >= 9 && c <= 13))) i++;
      if (i >= len) break;
      const s = i;
      // one number: [-]digits[.digits], at most 15 significant digits, is exact as mantissa / 10^k (Clinger)
      let neg = false;
      if (c === 45) {
        neg = true;
        i++;
      }
      let m = 0;
      let digits = 0;
      let frac = -1;
      let plain = true;
      for (; i < len; i++) {
        c = text.charCodeAt(i);
        if (c >= 48 && c <= 57) {
          m = m * 10 + (c - 48);
          digits++;
          if (frac >= 0) frac++;
        } else if (c === 46 && frac < 0) frac = 0;
        else if (c === 32 || (c >= 9 && c <= 13)) break;
        else if (c > 127) {
          this.n = start;
          return false;
        } else plain = false;
      }
      let v: number;
      if (plain && digits > 0 && digits <= 15) {
        v = frac > 0 ? m / POW10[frac]! : m;
        if (neg) v = -v;
      } else v = Number(text.slice(s, i));
      const k = count % stride;
      if (k === 0) {
        a = v;
        aFrom = s;
        aTo = i;
      } else if (k === 1) {
        b = v;
        if (bad === undefined && !(Number.isFinite(a) && Number.isFinite(b))) {
          bad = `coordinates that are not numbers (${JSON.stringify(text.slice(aFrom, aTo))} ${JSON.stringify(text.slice(s, i))})`;
        }
      }
      count++;
      if (count % stride === 0) this.push(g, a, b);
    }
    if (count % stride !== 0) f.error ??= `${count} coordinate values in a posList of dimension ${stride}`;
    if (bad !== undefined) f.error ??= bad;
    return true;
  }

  /** The general reader of a posList or GML 2 coordinates (a tuple's values separated by commas). */
  private numbers(text: string, g: GeometryState, f: FeatureState, gml2: boolean): void {
    const parts = text.trim().split(gml2 ? /[\s,]+/ : /\s+/);
    const stride = gml2 ? (text.trim().split(/\s+/)[0]!.split(',').length ?? 2) : g.dims;
    if (parts.length === 1 && parts[0] === '') return;
    if (parts.length % stride !== 0) {
      f.error ??= `${parts.length} coordinate values in a ${gml2 ? 'coordinates' : 'posList'} of dimension ${stride}`;
    }
    for (let i = 0; i + stride <= parts.length; i += stride) {
      const a = Number(parts[i]);
      const b = Number(parts[i + 1]);
      if (!Number.isFinite(a) || !Number.isFinite(b)) {
        f.error ??= `coordinates that are not numbers (${JSON.stringify(parts[i])} ${JSON.stringify(parts[i + 1])})`;
      }
      this.push(g, a, b);
    }
  }

  /** Positions from..to of `xy` as GeoJSON positions. */
  private positions(from: number, to: number): number[][] {
    const out: number[][] = [];
    for (let k = from; k < to; k += 2) out.push([this.xy[k]!, this.xy[k + 1]!]);
    return out;
  }

  private nestedPolygon(rings: number[]): number[][][] {
    const out: number[][][] = [];
    for (let r = 0; r < rings.length; r += 2) out.push(this.positions(rings[r]!, rings[r + 1]!));
    return out;
  }

  /**
   * The polygons as flat coordinates, when every polygon has rings and every ring at least four positions, closed
   * on its first: what the importer takes without further structural checks. Undefined otherwise.
   */
  private flatPolygons(type: string, polygons: number[][]): FlatGeojsonGeometry | undefined {
    const xy = this.xy;
    let total = 0;
    for (const p of polygons) {
      if (p.length === 0) return undefined;
      for (let r = 0; r < p.length; r += 2) {
        const s = p[r]!;
        const e = p[r + 1]!;
        if (e - s < 8 || xy[s] !== xy[e - 2] || xy[s + 1] !== xy[e - 1]) return undefined;
        total += e - s;
      }
    }
    if (this.used + total > this.block.length) {
      this.block = new Float64Array(Math.max(BLOCK, total));
      this.used = 0;
    }
    const out = this.block.subarray(this.used, this.used + total);
    this.used += total;
    const rings: number[] = [];
    const polys: number[] = [];
    let o = 0;
    for (const p of polygons) {
      for (let r = 0; r < p.length; r += 2) {
        const s = p[r]!;
        const e = p[r + 1]!;
        out.set(xy.subarray(s, e), o);
        o += e - s;
        rings.push((e - s) / 2);
      }
      polys.push(p.length / 2);
    }
    return new FlatGeojsonGeometry(type, { xy: out, rings, polys, point: false });
  }

  private finishGeometry(g: GeometryState, f: FeatureState): GeoJsonFeature['geometry'] {
    if (g.curved) {
      f.error ??= `curved geometry (gml:${g.curved}) is not supported: stroke it into straight segments first (ogr2ogr -nlt CONVERT_TO_LINEAR)`;
      return null;
    }
    const declared = g.srsName;
    if (declared !== undefined && !this.fixed) {
      const info = this.srsOf(declared);
      const fileSrs = this.fileSrs();
      if (!info) {
        f.error ??= `unsupported coordinate system ${JSON.stringify(declared)}`;
        return null;
      }
      if (fileSrs && info.srs !== fileSrs) {
        f.error ??= `the geometry is in ${declared}, the file's first geometry in ${fileSrs}: one coordinate system per file`;
        return null;
      }
    }
    // (positions were stored in GeoJSON axis order as they were read: g.swap)
    const kinds = (g.polygons.length ? 1 : 0) + (g.lines.length ? 1 : 0) + (g.points.length ? 1 : 0);
    if (kinds > 1) {
      const lines: { type: string; coordinates: unknown }[] = [];
      for (let l = 0; l < g.lines.length; l += 2) {
        lines.push({ type: 'LineString', coordinates: this.positions(g.lines[l]!, g.lines[l + 1]!) });
      }
      return {
        type: 'GeometryCollection',
        coordinates: undefined,
        geometries: [
          ...g.polygons.map((p) => ({ type: 'Polygon', coordinates: this.nestedPolygon(p) })),
          ...lines,
          ...g.points.map((k) => ({ type: 'Point', coordinates: [this.xy[k]!, this.xy[k + 1]!] })),
        ],
      } as GeoJsonFeature['geometry'];
    }
    const single = !/^Multi|^Composite|Surface$/.test(g.top) || g.top === 'Surface';
    if (g.polygons.length) {
      const type = single && g.polygons.length === 1 ? 'Polygon' : 'MultiPolygon';
      const flat = this.flatPolygons(type, g.polygons);
      if (flat) return flat;
      const nested = g.polygons.map((p) => this.nestedPolygon(p));
      return { type, coordinates: type === 'Polygon' ? nested[0] : nested };
    }
    if (g.lines.length) {
      const lines: number[][][] = [];
      for (let l = 0; l < g.lines.length; l += 2) lines.push(this.positions(g.lines[l]!, g.lines[l + 1]!));
      return lines.length === 1 && !/^Multi/.test(g.top)
        ? { type: 'LineString', coordinates: lines[0] }
        : { type: 'MultiLineString', coordinates: lines };
    }
    if (g.points.length) {
      const points = g.points.map((k) => [this.xy[k]!, this.xy[k + 1]!]);
      return g.top === 'Point'
        ? { type: 'Point', coordinates: points[0] }
        : { type: 'MultiPoint', coordinates: points };
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
  return own(i < 0 ? qname : qname.slice(i + 1));
}

/**
 * A copy of a string saxes gave, sharing no memory with the chunk of the file it was read from: V8 makes a substring
 * of 13 characters or more a view of its parent, and one such value kept past its chunk (in a feature waiting for the
 * database) would keep the whole chunk alive until the next full garbage collection.
 */
function own<T extends string | undefined>(s: T): T {
  return (s === undefined || s.length < 13 ? s : ` ${s}`.slice(1)) as T;
}

function lastPart(href: string): string {
  const h = href.trim();
  const hash = h.lastIndexOf('#');
  if (hash >= 0 && hash < h.length - 1) return h.slice(hash + 1);
  const slash = h.replace(/\/+$/, '').lastIndexOf('/');
  return slash >= 0 ? h.replace(/\/+$/, '').slice(slash + 1) : h;
}

function addRegulation(regulations: Record<string, unknown>, key: string, value: unknown): void {
  if (!(key in regulations)) regulations[key] = value;
  else if (Array.isArray(regulations[key])) (regulations[key] as unknown[]).push(value);
  else regulations[key] = [regulations[key], value];
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
  /** The features parsed from each chunk of the file, a batch at a time. */
  async function* batches(): AsyncGenerator<GeoJsonFeature[]> {
    const p = new GmlFeatureParser(name, fixed, () => srs);
    const stream = createReadStream(path, { highWaterMark: CHUNK });
    const decoder = new ChunkDecoder();
    const write = (text: string) => void p.parser.write(text);
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        read += chunk.length;
        try {
          decoder.decodeEach(chunk, write);
        } catch (err) {
          throw xmlError(err, name, p.count);
        }
        if (p.out.length) yield p.out.splice(0);
      }
      try {
        const rest = decoder.end();
        if (rest) p.parser.write(rest);
        p.parser.close();
      } catch (err) {
        throw xmlError(err, name, p.count);
      }
      if (p.out.length) yield p.out.splice(0);
    } finally {
      stream.destroy();
    }
  }
  async function* features(): AsyncGenerator<GeoJsonFeature> {
    for await (const batch of batches()) yield* batch;
  }
  const all: BatchedFeatures = Object.assign(features(), { [BATCHES]: batches });
  return { srs, format: 'gml', size: { bytes, read: () => read }, features: all };
}

/** Bytes decoded at a time within a chunk (see ChunkDecoder). */
const PIECE = 4096;

/**
 * UTF-8 bytes to text, a chunk at a time, as a streaming TextDecoder makes it (a byte order mark at the start left
 * out, malformed bytes as U+FFFD). A run of ASCII bytes only, when the decoder holds no part of a character cut before
 * it, is the same text read as Latin-1, which Node makes several times faster (a copy of the bytes). A chunk is
 * decoded in pieces of 4 KB: most pieces of a GML file are ASCII even where its chunks are not (a diacritic in an
 * address every few dozen lines), and the TextDecoder is faster on the small pieces that are not (the 200,000-parcel
 * city: 0.1 s instead of 0.5 s).
 */
export class ChunkDecoder {
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /** the decoder may hold the first bytes of a character cut at the end of the last chunk */
  private held = false;
  /** the file's first bytes, until there are three to tell a byte order mark by (then undefined) */
  private head: Buffer | undefined = Buffer.alloc(0);

  /** The text of the next chunk of bytes, in one string. */
  decode(bytes: Buffer): string {
    let text = '';
    this.decodeEach(bytes, (t) => (text += t));
    return text;
  }

  /**
   * The text of the next chunk of bytes, handed to `each` a piece at a time: a flat string each (saxes reads a string
   * glued from pieces markedly slower than the pieces one after the other).
   */
  decodeEach(bytes: Buffer, each: (text: string) => void): void {
    let chunk = bytes;
    if (this.head) {
      // (the decoder keeps BOMs: it would drop one met at the start of its own input, which is not the file's start)
      chunk = Buffer.concat([this.head, chunk]);
      if (chunk.length < 3) {
        this.head = chunk;
        return;
      }
      this.head = undefined;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    if (!this.held && isAscii(chunk)) {
      each(chunk.toString('latin1'));
      return;
    }
    for (let at = 0; at < chunk.length; at += PIECE) {
      const text = this.piece(chunk.subarray(at, at + PIECE));
      if (text) each(text);
    }
  }

  private piece(bytes: Buffer): string {
    if (!this.held && isAscii(bytes)) return bytes.toString('latin1');
    const text = this.decoder.decode(bytes, { stream: true });
    // An ASCII byte ends whatever character came before it: after one, the decoder holds nothing.
    if (bytes.length > 0) this.held = bytes[bytes.length - 1]! >= 0x80;
    return text;
  }

  end(): string {
    const head = this.head;
    this.head = undefined;
    return head?.length ? this.decoder.decode(head) : this.decoder.decode();
  }
}

function xmlError(err: unknown, name: string, features: number): Error {
  if (err instanceof ImportError) return err;
  const message = (err as Error).message.replace(/^undefined:/, '').trim();
  return new ImportError(`${name}: not well-formed XML after ${features} feature(s): ${message}`, [
    { feature: features, reason: message },
  ]);
}
