import { connect } from '/work/wt-answers/db/src/connect.ts';
import { sql } from '/work/wt-answers/db/src/sql.ts';
const db = await connect({ dataDir: '/tmp/answers/pg' });
const lookup = sql('parcels.lookup').replace('{{parcel}}', sql('parcels.select-by-number'));
const now = new Date().toISOString(); const day = now.slice(0, 10);
for (const n of ['87007', '212730', '100001']) {
  try {
    const r = await db.prepared('x' + n, lookup, [54975, n, now, day]);
    console.log(n, r.rows.length, JSON.stringify(r.rows[0]?.overlay ?? null).slice(0, 300));
  } catch (e) { console.log(n, 'ERR', (e as Error).message); }
  try {
    const r = await db.query(lookup, [54975, n, now, day]);
    console.log(n, 'q', r.rows.length);
  } catch (e) { console.log(n, 'ERR', (e as Error).message); }
}
await db.close();
