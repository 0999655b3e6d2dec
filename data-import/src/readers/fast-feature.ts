// The usual GeoJSON feature read straight from the file's bytes: its coordinates go into a Float64Array (no array
// per position, no number object per coordinate), its properties into a plain object. JSON.parse of the feature text
// builds an array for every position; on a parcels file that is most of the import's time in Node.
//
// Only the common shape is read here: an object with "type": "Feature", "properties" (an object or null), "geometry"
// (null, or a Point, Polygon or MultiPolygon of two-number positions, rings of at least four positions closed on
// their first one) and optionally "id", each member once, strings without escapes outside the properties. Anything
// else, including every kind of malformed input, returns undefined: the caller then takes the general path
// (JSON.parse and geojson-validation), which also says what is wrong. Numbers are read exactly as JSON.parse reads
// them (Clinger's fast path: up to 15 significant digits over a power of ten up to 1e22, else Number()).
import { FlatGeojsonGeometry, type FlatCoordinates } from '../flat-geometry.ts';
import type { GeoJsonFeature } from '../import-job.ts';
import { BACKSLASH, COLON, COMMA, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET } from './json-bytes.ts';

const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Something this reader does not take: the general path reads the feature. */
const BAIL = -1;

/** Coordinates are written into shared blocks; each feature keeps a view of its part. */
const BLOCK = 1 << 16;

export class FastFeatureReader {
  private block = new Float64Array(BLOCK);
  private used = 0;
  // the feature being read
  private buf!: Buffer;
  private n = 0;
  private xy: number[] = [];
  private rings: number[] = [];
  private polys: number[] = [];

  /**
   * The feature whose '{' is at `start`, when it is the common kind and ends before `end`: the feature and the offset
   * just past its '}'. Undefined otherwise.
   */
  read(buf: Buffer, start: number, end: number): { feature: GeoJsonFeature; next: number } | undefined {
    this.buf = buf;
    this.n = end;
    let i = start + 1;
    let seen = 0;
    let id: unknown;
    let properties: unknown;
    let geometry: FlatGeojsonGeometry | null = null;
    i = this.ws(i);
    if (buf[i] === RBRACE) return undefined;
    for (;;) {
      if (i >= end || buf[i] !== QUOTE) return undefined;
      const k = this.key(i);
      if (k < 0) return undefined;
      i = this.ws(this.keyEnd);
      if (buf[i] !== COLON) return undefined;
      i = this.ws(i + 1);
      if (seen & (1 << k)) return undefined;
      seen |= 1 << k;
      switch (k) {
        case 0: // type
          if (!this.word(i, '"Feature"')) return undefined;
          i += 9;
          break;
        case 1: {
          // id
          const e = this.scalarEnd(i);
          if (e < 0) return undefined;
          try {
            id = JSON.parse(buf.toString('utf8', i, e));
          } catch {
            return undefined;
          }
          i = e;
          break;
        }
        case 2: {
          // properties
          const e = this.properties(i);
          if (e < 0) return undefined;
          properties = this.props;
          i = e;
          break;
        }
        case 3: {
          // geometry
          if (this.word(i, 'null')) {
            i += 4;
            geometry = null;
            break;
          }
          const e = this.geometry(i);
          if (e < 0) return undefined;
          geometry = this.geom;
          i = e;
          break;
        }
      }
      i = this.ws(i);
      if (buf[i] === COMMA) {
        i = this.ws(i + 1);
        continue;
      }
      // The closing '}' must lie before `end` (found by the property tests: a feature cut at `end` was read whole
      // from the bytes past it; the splitter passes the chunk's length, so this never happened in an import).
      if (i < this.n && buf[i] === RBRACE) break;
      return undefined;
    }
    if (seen !== 0b1101 && seen !== 0b1111) return undefined;
    const feature = { type: 'Feature', properties, geometry } as GeoJsonFeature;
    if (seen & 2) (feature as { id?: unknown }).id = id;
    return { feature, next: i + 1 };
  }

  private keyEnd = 0;

  /** The member name at `i` (a quote): 0 type, 1 id, 2 properties, 3 geometry, -1 anything else. */
  private key(i: number): number {
    const b = this.buf;
    const q = b.indexOf(QUOTE, i + 1);
    if (q < 0 || q >= this.n) return BAIL;
    this.keyEnd = q + 1;
    const len = q - i - 1;
    const c = b[i + 1];
    if (len === 4 && c === 0x74 && this.word(i, '"type"')) return 0;
    if (len === 2 && c === 0x69 && this.word(i, '"id"')) return 1;
    if (len === 10 && c === 0x70 && this.word(i, '"properties"')) return 2;
    if (len === 8 && c === 0x67 && this.word(i, '"geometry"')) return 3;
    return BAIL;
  }

  private word(i: number, w: string): boolean {
    if (i + w.length > this.n) return false;
    for (let k = 0; k < w.length; k++) if (this.buf[i + k] !== w.charCodeAt(k)) return false;
    return true;
  }

  private ws(i: number): number {
    const b = this.buf;
    for (;;) {
      const c = b[i];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else return i;
    }
  }

  /** The end of a string (with escapes) or literal starting at `i`; -1 when it does not end in the buffer. */
  private scalarEnd(i: number): number {
    const b = this.buf;
    if (b[i] === QUOTE) {
      for (let j = i + 1; j < this.n; j++) {
        const c = b[j];
        if (c === BACKSLASH) j++;
        else if (c === QUOTE) return j + 1;
      }
      return BAIL;
    }
    let j = i;
    while (j < this.n) {
      const c = b[j]!;
      if (c === COMMA || c === RBRACE || c === RBRACKET || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break;
      j++;
    }
    return j < this.n && j > i ? j : BAIL;
  }

  // ------------------------------------------------------------ properties

  private props: Record<string, unknown> | null = null;

  /** The properties object (or null) at `i`: read into `props`; the offset after it, or -1. */
  private properties(i: number): number {
    const b = this.buf;
    if (this.word(i, 'null')) {
      this.props = null;
      return i + 4;
    }
    if (b[i] !== LBRACE) return BAIL;
    const start = i;
    const props: Record<string, unknown> = {};
    i = this.ws(i + 1);
    if (b[i] === RBRACE) {
      this.props = props;
      return i + 1;
    }
    for (let place = 0; ; place++) {
      if (b[i] !== QUOTE) return BAIL;
      const ke = this.name(i, place);
      if (ke < 0) return this.generalProperties(start);
      const name = this.lastString;
      i = this.ws(ke);
      if (b[i] !== COLON) return BAIL;
      i = this.ws(i + 1);
      const c = b[i];
      let value: unknown;
      if (c === QUOTE) {
        const e = this.plainString(i);
        if (e < 0) return this.generalProperties(start);
        value = this.lastString;
        i = e;
      } else if (c === LBRACE || c === LBRACKET) {
        return this.generalProperties(start);
      } else if (this.word(i, 'true')) {
        value = true;
        i += 4;
      } else if (this.word(i, 'false')) {
        value = false;
        i += 5;
      } else if (this.word(i, 'null')) {
        value = null;
        i += 4;
      } else {
        const e = this.number(i);
        if (e < 0) return this.generalProperties(start);
        value = this.lastNumber;
        i = e;
      }
      // A name met twice: JSON.parse keeps the last value; so does this.
      if (name === '__proto__') return this.generalProperties(start);
      props[name] = value;
      i = this.ws(i);
      if (b[i] === COMMA) {
        i = this.ws(i + 1);
        continue;
      }
      if (b[i] === RBRACE) {
        this.props = props;
        return i + 1;
      }
      return BAIL;
    }
  }

  /** Properties holding escapes or nested values: found to their end and given to JSON.parse. */
  private generalProperties(start: number): number {
    const b = this.buf;
    let depth = 0;
    for (let j = start; j < this.n; j++) {
      const c = b[j];
      if (c === QUOTE) {
        for (j++; j < this.n; j++) {
          const d = b[j];
          if (d === BACKSLASH) j++;
          else if (d === QUOTE) break;
        }
      } else if (c === LBRACE || c === LBRACKET) depth++;
      else if (c === RBRACE || c === RBRACKET) {
        depth--;
        if (depth === 0) {
          try {
            this.props = JSON.parse(b.toString('utf8', start, j + 1)) as Record<string, unknown>;
          } catch {
            return BAIL;
          }
          return j + 1;
        }
      }
    }
    return BAIL;
  }

  private lastString = '';
  /** The property names of the previous feature, by place, with their bytes: files repeat them feature after feature. */
  private readonly names: { bytes: Buffer; name: string }[] = [];

  /** The property name at `i`, the `place`-th of its object: into `lastString`; the offset after it, or -1. */
  private name(i: number, place: number): number {
    const b = this.buf;
    const known = this.names[place];
    if (known) {
      const len = known.bytes.length;
      const q = i + 1 + len;
      if (q < this.n && b[q] === QUOTE) {
        const kb = known.bytes;
        let k = 0;
        while (k < len && b[i + 1 + k] === kb[k]) k++;
        if (k === len) {
          this.lastString = known.name;
          return q + 1;
        }
      }
    }
    const e = this.plainString(i);
    if (e < 0) return BAIL;
    this.names[place] = { bytes: Buffer.from(b.subarray(i + 1, e - 1)), name: this.lastString };
    return e;
  }

  /** A string without escapes or control characters at `i`: into `lastString`; the offset after it, or -1. */
  private plainString(i: number): number {
    const b = this.buf;
    let ascii = true;
    for (let j = i + 1; j < this.n; j++) {
      const c = b[j]!;
      if (c === QUOTE) {
        this.lastString = ascii ? b.toString('latin1', i + 1, j) : b.toString('utf8', i + 1, j);
        return j + 1;
      }
      if (c === BACKSLASH || c < 0x20) return BAIL;
      if (c >= 0x80) ascii = false;
    }
    return BAIL;
  }

  private lastNumber = 0;

  /** A JSON number at `i`: into `lastNumber`; the offset after it, or -1 (not a JSON number). */
  private number(i: number): number {
    const b = this.buf;
    const start = i;
    let neg = false;
    if (b[i] === MINUS) {
      neg = true;
      i++;
    }
    let m = 0;
    let digits = 0;
    let c = b[i]! - ZERO;
    if (c === 0) {
      i++;
      c = b[i]! - ZERO;
      if (c >= 0 && c <= 9) return BAIL; // a leading zero
    } else if (c > 0 && c <= 9) {
      do {
        m = m * 10 + c;
        digits++;
        c = b[++i]! - ZERO;
      } while (c >= 0 && c <= 9);
    } else return BAIL;
    let scale = 0;
    if (b[i] === DOT) {
      c = b[++i]! - ZERO;
      if (!(c >= 0 && c <= 9)) return BAIL;
      do {
        m = m * 10 + c;
        digits++;
        scale++;
        c = b[++i]! - ZERO;
      } while (c >= 0 && c <= 9);
    }
    const e = b[i];
    if (e === 0x65 || e === 0x45 || digits > 15 || scale > 22) {
      // exponent or many digits: the general conversion of the literal (still what JSON.parse gives)
      const end = this.scalarEnd(start);
      if (end < 0) return BAIL;
      const text = b.toString('latin1', start, end);
      if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return BAIL;
      this.lastNumber = Number(text);
      return end;
    }
    if (i >= this.n) return BAIL;
    const v = scale ? m / POW10[scale]! : m;
    this.lastNumber = neg ? -v : v;
    return i;
  }

  // ------------------------------------------------------------ geometry

  private geom: FlatGeojsonGeometry | null = null;

  /** A Point, Polygon or MultiPolygon object at `i`: into `geom`; the offset after it, or -1. */
  private geometry(i: number): number {
    const b = this.buf;
    if (b[i] !== LBRACE) return BAIL;
    let type = '';
    let depth = -2;
    this.xy.length = 0;
    this.rings.length = 0;
    this.polys.length = 0;
    let seen = 0;
    i = this.ws(i + 1);
    for (;;) {
      if (b[i] !== QUOTE) return BAIL;
      let k: number;
      if (this.word(i, '"type"')) k = 1;
      else if (this.word(i, '"coordinates"')) k = 2;
      else return BAIL;
      if (seen & k) return BAIL;
      seen |= k;
      i = this.ws(i + (k === 1 ? 6 : 13));
      if (b[i] !== COLON) return BAIL;
      i = this.ws(i + 1);
      if (k === 1) {
        if (this.word(i, '"Polygon"')) type = 'Polygon';
        else if (this.word(i, '"MultiPolygon"')) type = 'MultiPolygon';
        else if (this.word(i, '"Point"')) type = 'Point';
        else return BAIL;
        i += type.length + 2;
      } else {
        depth = this.coords(i);
        if (depth < 0) return BAIL;
        i = this.coordsEnd;
      }
      i = this.ws(i);
      if (b[i] === COMMA) {
        i = this.ws(i + 1);
        continue;
      }
      if (b[i] === RBRACE) break;
      return BAIL;
    }
    if (seen !== 3) return BAIL;
    // positions at depth 0 (Point), 2 (Polygon: rings of positions) or 3 (MultiPolygon)
    const point = type === 'Point';
    if (point ? depth !== 0 : depth !== (type === 'Polygon' ? 2 : 3)) return BAIL;
    const xy = this.take(this.xy);
    const flat: FlatCoordinates = { xy, rings: this.rings.slice(), polys: this.polys.slice(), point };
    this.geom = new FlatGeojsonGeometry(type, flat);
    return i + 1;
  }

  private coordsEnd = 0;

  /**
   * Nested arrays of positions at `i`: positions into `xy`, ring sizes into `rings`, rings per polygon into `polys`.
   * Returns the depth of the positions below this array (0: this array is a position), or -1.
   */
  private coords(i: number, level = 0): number {
    const b = this.buf;
    // MultiPolygon positions are three arrays down: anything deeper is not read here.
    if (b[i] !== LBRACKET || level > 3) return BAIL;
    i = this.ws(i + 1);
    const c = b[i];
    if (c === LBRACKET) {
      let depth = -1;
      let count = 0;
      for (;;) {
        const d = this.coords(i, level + 1);
        if (d < 0 || (depth >= 0 && d !== depth)) return BAIL;
        depth = d;
        count++;
        i = this.ws(this.coordsEnd);
        if (b[i] === COMMA) {
          i = this.ws(i + 1);
          continue;
        }
        if (b[i] !== RBRACKET) return BAIL;
        break;
      }
      this.coordsEnd = i + 1;
      if (depth === 0) {
        // a ring: at least four positions, the last equal to the first
        if (count < 4) return BAIL;
        const xy = this.xy;
        const last = xy.length - 2;
        const first = last - 2 * (count - 1);
        if (xy[first] !== xy[last] || xy[first + 1] !== xy[last + 1]) return BAIL;
        this.rings.push(count);
      } else if (depth === 1) this.polys.push(count);
      else if (depth !== 2) return BAIL;
      return depth + 1;
    }
    // a position: exactly two numbers
    let e = this.number(i);
    if (e < 0) return BAIL;
    const x = this.lastNumber;
    i = this.ws(e);
    if (b[i] !== COMMA) return BAIL;
    e = this.number(this.ws(i + 1));
    if (e < 0) return BAIL;
    const y = this.lastNumber;
    i = this.ws(e);
    if (b[i] !== RBRACKET) return BAIL;
    this.xy.push(x, y);
    this.coordsEnd = i + 1;
    return 0;
  }

  /** A copy of `values` in the current block (a new block when it is full). */
  private take(values: number[]): Float64Array {
    const n = values.length;
    if (this.used + n > this.block.length) {
      this.block = new Float64Array(Math.max(BLOCK, n));
      this.used = 0;
    }
    const view = this.block.subarray(this.used, this.used + n);
    for (let k = 0; k < n; k++) view[k] = values[k]!;
    this.used += n;
    return view;
  }
}
