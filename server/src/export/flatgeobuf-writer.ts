// FlatGeobuf written feature by feature with the `flatgeobuf` package's encoders (the same code on both engines:
// PostGIS 3.3's ST_AsFlatGeobuf stops at the first NULL in a non-last column). No spatial index, so the file streams:
// magic bytes and header first, then one size-prefixed feature at a time.
import * as flatbuffers from 'flatbuffers';
import { magicbytes } from 'flatgeobuf/lib/mjs/constants.js';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { Column } from 'flatgeobuf/lib/mjs/flat-geobuf/column.js';
import { Crs } from 'flatgeobuf/lib/mjs/flat-geobuf/crs.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js';
import { buildFeature } from 'flatgeobuf/lib/mjs/generic/feature.js';
import { parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import type { ColumnKind } from '../../../db/src/features.repository.ts';

export interface FgbColumn {
  name: string;
  kind: ColumnKind;
}

export interface FgbLayer {
  /** The layer name GDAL shows (`ogrinfo` lists it). */
  name: string;
  title: string;
  description: string;
  geometryType: 'MultiPolygon' | 'MultiLineString' | 'Point';
  columns: readonly FgbColumn[];
  featuresCount: number;
  /** EPSG code of the coordinates. */
  epsg: number;
}

const COLUMN_TYPES: Readonly<Record<ColumnKind, ColumnType>> = {
  int: ColumnType.Int,
  long: ColumnType.Long,
  double: ColumnType.Double,
  bool: ColumnType.Bool,
  string: ColumnType.String,
  date: ColumnType.DateTime,
};

export class FlatGeobufWriter {
  private readonly meta: HeaderMeta;

  constructor(private readonly layer: FgbLayer) {
    this.meta = {
      geometryType:
        layer.geometryType === 'Point'
          ? GeometryType.Point
          : layer.geometryType === 'MultiLineString'
            ? GeometryType.MultiLineString
            : GeometryType.MultiPolygon,
      columns: layer.columns.map((c) => ({
        name: c.name,
        type: COLUMN_TYPES[c.kind],
        title: null,
        description: null,
        width: -1,
        precision: -1,
        scale: -1,
        nullable: c.name !== 'id',
        unique: c.name === 'id',
        primary_key: c.name === 'id',
      })),
      envelope: null,
      featuresCount: layer.featuresCount,
      indexNodeSize: 0,
      crs: null,
      title: layer.title,
      description: layer.description,
      metadata: null,
    };
  }

  /** Magic bytes and the header. */
  start(): Uint8Array {
    const b = new flatbuffers.Builder(1024);
    const columns = this.meta.columns!.map((c) => {
      const name = b.createString(c.name);
      Column.startColumn(b);
      Column.addName(b, name);
      Column.addType(b, c.type);
      Column.addNullable(b, c.nullable);
      Column.addUnique(b, c.unique);
      Column.addPrimaryKey(b, c.primary_key);
      return Column.endColumn(b);
    });
    const columnsVector = Header.createColumnsVector(b, columns);
    const name = b.createString(this.layer.name);
    const title = b.createString(this.layer.title);
    const description = b.createString(this.layer.description);
    const org = b.createString('EPSG');
    Crs.startCrs(b);
    Crs.addOrg(b, org);
    Crs.addCode(b, this.layer.epsg);
    const crs = Crs.endCrs(b);
    Header.startHeader(b);
    Header.addName(b, name);
    Header.addTitle(b, title);
    Header.addDescription(b, description);
    Header.addCrs(b, crs);
    Header.addFeaturesCount(b, BigInt(this.layer.featuresCount));
    Header.addGeometryType(b, this.meta.geometryType);
    Header.addIndexNodeSize(b, 0);
    Header.addColumns(b, columnsVector);
    b.finishSizePrefixed(Header.endHeader(b));
    const header = b.asUint8Array();
    const out = new Uint8Array(magicbytes.length + header.length);
    out.set(magicbytes);
    out.set(header, magicbytes.length);
    return out;
  }

  /** One feature: a GeoJSON geometry in the layer's CRS and its attributes (missing ones are written as NULL). */
  feature(geometry: { type: string; coordinates: unknown }, properties: Record<string, unknown>): Uint8Array {
    const values: Record<string, string | number | boolean | null> = {};
    for (const c of this.layer.columns) values[c.name] = fgbValue(properties[c.name], c.kind);
    if (this.layer.geometryType === 'MultiPolygon' && geometry.type === 'Polygon') {
      geometry = { type: 'MultiPolygon', coordinates: [geometry.coordinates] };
    }
    if (this.layer.geometryType === 'MultiLineString' && geometry.type === 'LineString') {
      geometry = { type: 'MultiLineString', coordinates: [geometry.coordinates] };
    }
    const parsed = parseGeometry(geometry as Parameters<typeof parseGeometry>[0]);
    // The package leaves out `ends` for a MultiLineString of one line; GDAL then refuses the feature.
    if (geometry.type === 'MultiLineString' && !parsed.ends) parsed.ends = [parsed.xy.length / 2];
    return buildFeature(parsed, values, this.meta);
  }
}

function fgbValue(v: unknown, kind: ColumnKind): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'int':
    case 'long':
    case 'double':
      return Number(v);
    case 'bool':
      return Boolean(v);
    case 'date':
      return String(v);
    case 'string':
      return Array.isArray(v) ? v.join('; ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}
