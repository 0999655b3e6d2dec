// A CQL2 expression tree (built by server/src/ogc/cql2.ts) turned into parameterised SQL over the allowed properties
// of a layer. Values never enter the SQL text: every literal is a bound parameter; property names come from a list.
import type { ColumnKind } from './features.repository.ts';

export type CqlLiteral =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'date'; value: string }
  | { kind: 'timestamp'; value: string };

export type CqlExpr =
  | { op: 'and' | 'or'; args: CqlExpr[] }
  | { op: 'not'; arg: CqlExpr }
  | { op: 'cmp'; cmp: '=' | '<>' | '<' | '<=' | '>' | '>='; property: string; value: CqlLiteral }
  | { op: 'like'; property: string; pattern: string; not: boolean; caseInsensitive?: boolean }
  | { op: 'between'; property: string; low: CqlLiteral; high: CqlLiteral; not: boolean }
  | { op: 'in'; property: string; values: CqlLiteral[]; not: boolean }
  | { op: 'isNull'; property: string; not: boolean }
  | { op: 's_intersects'; property: string; geometry: { bbox: number[] } | { wkt: string } };

/** A filter that names an unknown property or compares a property with a value of another type. */
export class CqlError extends Error {
  override name = 'CqlError';
}

const CAST: Readonly<Record<ColumnKind, string>> = {
  int: 'int8',
  long: 'int8',
  double: 'float8',
  bool: 'boolean',
  string: 'text',
  date: 'date',
};

/**
 * SQL for `expr` over the feature alias `f`: `columns` are the queryable properties (the geometry is `geometry`),
 * `bind` adds a parameter and returns its placeholder ($n).
 */
export function cqlToSql(
  expr: CqlExpr,
  columns: Readonly<Record<string, ColumnKind>>,
  bind: (value: unknown) => string,
): string {
  const column = (p: string): { sql: string; kind: ColumnKind } => {
    const kind = Object.hasOwn(columns, p) ? columns[p] : undefined;
    if (!kind) throw new CqlError(`unknown property ${p}; see the collection's queryables`);
    return { sql: `f.${p}`, kind };
  };
  const literal = (p: string, kind: ColumnKind, v: CqlLiteral): string => {
    const ok =
      (v.kind === 'number' && (kind === 'int' || kind === 'long' || kind === 'double')) ||
      (v.kind === 'string' && (kind === 'string' || kind === 'date')) ||
      (v.kind === 'bool' && kind === 'bool') ||
      ((v.kind === 'date' || v.kind === 'timestamp') && kind === 'date');
    if (!ok) throw new CqlError(`property ${p} (${kind}) cannot be compared with a ${v.kind}`);
    if ((kind === 'int' || kind === 'long') && !Number.isInteger(v.value)) {
      // An integer column against a fraction: compare as numbers.
      return `${bind(v.value)}::float8`;
    }
    if (kind === 'date') {
      const s = String(v.value);
      if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(Date.parse(s))) throw new CqlError(`not a date: ${s}`);
      return `${bind(s.slice(0, 10))}::date`;
    }
    return `${bind(v.value)}::${CAST[kind]}`;
  };
  const walk = (e: CqlExpr): string => {
    switch (e.op) {
      case 'and':
      case 'or':
        return `(${e.args.map(walk).join(e.op === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `(NOT ${walk(e.arg)})`;
      case 'cmp': {
        const c = column(e.property);
        return `(${c.sql} ${e.cmp} ${literal(e.property, c.kind, e.value)})`;
      }
      case 'like': {
        const c = column(e.property);
        if (c.kind !== 'string') throw new CqlError(`LIKE needs a text property; ${e.property} is ${c.kind}`);
        return `(${c.sql} ${e.not ? 'NOT ' : ''}${e.caseInsensitive ? 'ILIKE' : 'LIKE'} ${bind(e.pattern)}::text)`;
      }
      case 'between': {
        const c = column(e.property);
        const lo = literal(e.property, c.kind, e.low);
        const hi = literal(e.property, c.kind, e.high);
        return `(${c.sql} ${e.not ? 'NOT ' : ''}BETWEEN ${lo} AND ${hi})`;
      }
      case 'in': {
        const c = column(e.property);
        const list = e.values.map((v) => literal(e.property, c.kind, v)).join(', ');
        return `(${c.sql} ${e.not ? 'NOT ' : ''}IN (${list}))`;
      }
      case 'isNull': {
        const c = column(e.property);
        return `(${c.sql} IS ${e.not ? 'NOT ' : ''}NULL)`;
      }
      case 's_intersects': {
        if (e.property !== 'geometry') throw new CqlError(`S_INTERSECTS applies to geometry, not ${e.property}`);
        let g: string;
        if ('bbox' in e.geometry) {
          const b = e.geometry.bbox;
          if (b.length !== 4 && b.length !== 6) throw new CqlError('BBOX takes 4 or 6 numbers');
          const [x1, y1, x2, y2] =
            b.length === 6 ? [b[0]!, b[1]!, b[3]!, b[4]!] : (b as [number, number, number, number]);
          if (x1 > x2 || y1 > y2) throw new CqlError('BBOX: the lower corner must come first');
          g = `ST_MakeEnvelope(${bind(x1)}::float8, ${bind(y1)}::float8, ${bind(x2)}::float8, ${bind(y2)}::float8, 4326)`;
        } else {
          g = `ST_GeomFromText(${bind(e.geometry.wkt)}::text, 4326)`;
        }
        const g3844 = `ST_Transform(${g}, 3844)`;
        return `(f.geom && ${g3844} AND ST_Intersects(f.geom, ${g3844}))`;
      }
    }
  };
  return walk(expr);
}
