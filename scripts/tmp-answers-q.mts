import { connect } from '/work/wt-answers/db/src/connect.ts';
const db = await connect({ dataDir: '/tmp/answers/pg' });
const q = async (s: string, p: unknown[] = []) => { try { const r = await db.query(s, p); console.log(JSON.stringify(r.rows).slice(0, 600)); } catch (e) { console.log('ERR', (e as Error).message); } };
await q(`SELECT id, uat_siruta, cadastral_number, valid_from, valid_to FROM parcels WHERE cadastral_number = '87007'`);
await q(`SELECT p.id FROM parcels p WHERE p.uat_siruta = $1 AND p.cadastral_number COLLATE "C" = $2 AND p.valid_from <= now() AND (p.valid_to IS NULL OR p.valid_to > now()) AND (p.valid_to IS NULL OR p.valid_to > p.valid_from) LIMIT 1`, [54975, '87007']);
await q(`SET enable_indexscan = off`); await q(`SET enable_bitmapscan = off`);
await q(`SELECT p.id FROM parcels p WHERE p.uat_siruta = $1 AND p.cadastral_number COLLATE "C" = $2 AND p.valid_from <= now() AND (p.valid_to IS NULL OR p.valid_to > now()) AND (p.valid_to IS NULL OR p.valid_to > p.valid_from) LIMIT 1`, [54975, '87007']);
await db.close();
