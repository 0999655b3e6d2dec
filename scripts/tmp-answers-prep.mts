import { connect } from '/work/wt-answers/db/src/connect.ts';
import { migrate } from '/work/wt-answers/db/src/migrate.ts';
import { loadSample } from '/work/wt-answers/data-import/src/sample/load-sample.ts';
const db = await connect({ dataDir: '/tmp/answers/pg' });
await migrate(db);
await loadSample(db);
await db.close();
console.log('done');
