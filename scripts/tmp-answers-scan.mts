import { connect } from '/work/wt-answers/db/src/connect.ts';
import { parcelLookup } from '/work/wt-answers/db/src/parcels.repository.ts';
const db = await connect({ dataDir: '/tmp/answers/pg' });
const { rows } = await db.query<{ uat_siruta: number; cadastral_number: string }>(
  'SELECT uat_siruta, cadastral_number FROM parcels WHERE valid_to IS NULL ORDER BY 1, 2');
console.log('parcels', rows.length);
const t0 = Date.now();
let missing = 0, errors = 0;
for (const r of rows) {
  try {
    const day = new Date().toISOString().slice(0, 10);
    const x = await parcelLookup(db, { uat: r.uat_siruta, number: r.cadastral_number }, undefined, day);
    if (!x) { missing++; if (missing < 10) console.log('missing', r); }
  } catch (e) { errors++; if (errors < 10) console.log('error', r, (e as Error).message); }
}
console.log({ missing, errors, ms: Date.now() - t0 });
await db.close();
