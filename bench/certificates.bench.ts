// Issue 5: informative urbanism certificates on the bench city in PostGIS, through a real server process.
// Reference (the floor): the parcel's zoning answer alone (GET /api/parcels), measured in the same run.
// Goals: median under 150 ms for the JSON and the PDF of one certificate; a batch of 1,000 under 60 s.
import { createHash } from 'node:crypto';
import { benchCity } from './bench-db.ts';
import type { BenchContext } from './run.ts';
import { startServerProcess } from './server-process.ts';
import { stats, timeIt, type Row } from './table.ts';

const UAT = 54975;
const BATCH_MAX = 500;

export async function run(ctx: BenchContext): Promise<Row[]> {
  const { db, url } = await benchCity(ctx.adminUrl, ctx.parcels);
  const n = ctx.smoke ? 30 : 200;
  const batchSize = ctx.smoke ? 100 : 1000;
  const { rows: sample } = await db.query<{ cadastral_number: string }>(
    `SELECT cadastral_number FROM parcels WHERE valid_to IS NULL AND uat_siruta = $1 ORDER BY md5(id::text) LIMIT $2`,
    [UAT, Math.max(n, batchSize)],
  );
  await db.close();
  const numbers = sample.map((r) => r.cadastral_number);

  const server = await startServerProcess(url, {
    ATLAS_CERT_RATE_PER_MIN: '0',
    ATLAS_PUBLIC_URL: 'https://atlas.example.ro',
  });
  const rows: Row[] = [];
  try {
    const base = server.baseUrl;
    const get = async (path: string): Promise<Buffer> => {
      const res = await fetch(base + path);
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return Buffer.from(await res.arrayBuffer());
    };
    const issue = async (body: unknown): Promise<unknown> => {
      const res = await fetch(`${base}/api/certificates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`POST /api/certificates: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const at = (i: number) => numbers[i % numbers.length]!;

    const answer = stats(await timeIt(n, (i) => get(`/api/parcels?uat=${UAT}&number=${at(i)}`), 10));
    const post = stats(await timeIt(n, (i) => issue({ uat: UAT, number: at(i + n) }), 10));
    let mismatches = 0;
    const both = stats(
      await timeIt(
        n,
        async (i) => {
          const c = (await issue({ uat: UAT, number: at(i + 2 * n) })) as { number: string; sha256: string };
          const pdf = await get(`/api/certificates/${c.number}.pdf`);
          if (createHash('sha256').update(pdf).digest('hex') !== c.sha256) mismatches++;
        },
        10,
      ),
    );

    // A batch as a script sends it: chunks of 500, then every PDF downloaded and checked.
    const items = Array.from({ length: batchSize }, (_, i) => ({ uat: UAT, number: at(i) }));
    let t = process.hrtime.bigint();
    const issued: { number: string; sha256: string }[] = [];
    for (let i = 0; i < items.length; i += BATCH_MAX) {
      const body = (await issue(items.slice(i, i + BATCH_MAX))) as {
        results: { certificate?: { number: string; sha256: string } }[];
      };
      for (const r of body.results) if (r.certificate) issued.push(r.certificate);
    }
    const batchIssue = Number(process.hrtime.bigint() - t) / 1e9;
    t = process.hrtime.bigint();
    for (const c of issued) {
      const pdf = await get(`/api/certificates/${c.number}.pdf`);
      if (createHash('sha256').update(pdf).digest('hex') !== c.sha256) mismatches++;
    }
    const batchTotal = batchIssue + Number(process.hrtime.bigint() - t) / 1e9;
    // A batch goal scaled to the smoke size, so that --smoke checks the same rate.
    const batchGoal = (60 * batchSize) / 1000;

    const s = 'certificates';
    rows.push(
      { suite: s, case: 'GET /api/parcels (zoning answer, floor)', metric: 'p50', value: answer.p50, unit: 'ms' },
      {
        suite: s,
        case: 'POST /api/certificates (JSON; PDF drawn for its hash)',
        metric: 'p50',
        value: post.p50,
        unit: 'ms',
        reference: 'zoning answer p50',
        ratio: post.p50 / answer.p50,
      },
      {
        suite: s,
        case: 'POST + GET .pdf (JSON and PDF of one certificate)',
        metric: 'p50',
        value: both.p50,
        unit: 'ms',
        reference: 'zoning answer p50',
        ratio: both.p50 / answer.p50,
        goal: '< 150 ms',
        pass: both.p50 < 150,
      },
      {
        suite: s,
        case: 'POST + GET .pdf (JSON and PDF of one certificate)',
        metric: 'p95',
        value: both.p95,
        unit: 'ms',
        reference: 'zoning answer p95',
        ratio: both.p95 / answer.p95,
      },
      {
        suite: s,
        case: `batch of ${batchSize}: POST in chunks of ${BATCH_MAX}`,
        metric: 'total',
        value: batchIssue,
        unit: 's',
        reference: `${batchSize} × zoning answer p50`,
        ratio: batchIssue / ((batchSize * answer.p50) / 1000),
      },
      {
        suite: s,
        case: `batch of ${batchSize}: POST + every PDF downloaded and checked`,
        metric: 'total',
        value: batchTotal,
        unit: 's',
        reference: `${batchSize} × zoning answer p50`,
        ratio: batchTotal / ((batchSize * answer.p50) / 1000),
        goal: `< ${batchGoal} s`,
        pass: batchTotal < batchGoal && issued.length === batchSize,
      },
      {
        suite: s,
        case: 'PDFs whose hash differs from the issued one',
        metric: 'count',
        value: mismatches,
        unit: '',
        goal: '0',
        pass: mismatches === 0,
      },
    );
  } finally {
    await server.stop();
  }
  return rows;
}
