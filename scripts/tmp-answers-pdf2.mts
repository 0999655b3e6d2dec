import { writeFileSync } from 'node:fs';
import { connect } from '/work/wt-answers/db/src/connect.ts';
import { issueCertificates } from '/work/wt-answers/server/src/certificates/certificate.service.ts';
const db = await connect({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/atlas_test_answers', dataDir: '' });
const [r] = await issueCertificates(db, [{ uat: 54975, number: process.argv[2]!, language: 'ro' }], { publicUrl: 'https://atlas.example.ro', sliver: { pct: 0.5, m2: 1 }, validityMonths: 12 });
if (!r || !r.ok) throw new Error('failed');
writeFileSync('/tmp/answers/cluj.pdf', r.issued.pdf);
await db.close();
