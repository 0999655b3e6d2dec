import { connect } from '/work/wt-answers/db/src/connect.ts';
import { sql } from '/work/wt-answers/db/src/sql.ts';
const db = await connect({ dataDir: '/tmp/answers/pg' });
const sel = sql('parcels.select-by-number');
const now = new Date().toISOString(); const day = now.slice(0, 10);
const q = async (label: string, s: string, p: unknown[]) => { try { const r = await db.query(s, p); console.log(label, JSON.stringify(r.rows).slice(0, 500)); } catch (e) { console.log(label, 'ERR', (e as Error).message); } };
const P = [54975, '87007', now];
const parts = `WITH p AS MATERIALIZED (${sel}),
u AS (SELECT ST_Union(ST_Intersection(zp.geom, p.geom)) g FROM zoning_unit_parts zp, p WHERE zp.unit_id = 113 AND zp.geom && p.geom GROUP BY zp.unit_id),
o AS (SELECT ST_Union(ST_Intersection(pp.geom, p.geom)) g FROM plan_parts pp, p WHERE pp.plan_id = 6 AND pp.geom && p.geom GROUP BY pp.plan_id)`;
await q('a', parts + ` SELECT ST_AsText(u.g) ug, ST_AsText(o.g) og FROM u, o`, P);
await q('diff', parts + ` SELECT ST_Area(ST_Difference(u.g, o.g)) FROM u, o`, P);
await q('diff-grid', parts + ` SELECT ST_Area(ST_Difference(u.g, o.g, 1e-6)) FROM u, o`, P);
await q('union-o', parts + ` SELECT ST_Area(ST_Union(o.g)) FROM o`, P);
await q('isvalid', parts + ` SELECT ST_IsValidReason(u.g), ST_IsValidReason(o.g) FROM u, o`, P);
await q('one', `SELECT 1 AS x WHERE ST_Area(ST_Difference('POLYGON((0 0,1 0,1 1,0 1,0 0))'::geometry, 'POLYGON((0.5 0,1 0,1 1,0.5 0))'::geometry)) > 0`, []);
await db.close();
