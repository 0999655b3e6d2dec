// npm run certificates -- --uat SIRUTA --numbers list.csv --out DIR [--lang ro|en] [--server URL]
// Issues an informative urbanism certificate for every cadastral number of the list and writes DIR/<number>.pdf,
// DIR/<number>.json and DIR/certificates.csv (one line per input: status, certificate number, SHA-256 or error).
// Without --server it works on the database directly (stop a server that uses the same embedded data folder first);
// with --server it goes through the HTTP API of a running Atlas, as any batch script would.
// Exit 0 when every certificate was issued, 1 when some were not, 2 on a usage error.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connect, DatabaseStartupError } from '../../../db/src/connect.ts';
import { migrate } from '../../../db/src/migrate.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { loadAuthority } from './authority.ts';
import { DEFAULT_SLIVER } from '../parcels/parcel.service.ts';
import { BATCH_MAX, issueCertificates, type CertificateView, type IssueRequest } from './certificate.service.ts';
import { LANGUAGES, type Language } from './format.ts';
import { NumberListError, readNumbers } from './number-list.ts';

const USAGE = `usage: npm run certificates -- --uat SIRUTA --numbers list.csv --out DIR [--lang ro|en] [--server URL]
  list.csv: one cadastral number per line, or a CSV with a header naming a "number" (or "cadastral_number")
            column and optionally a "uat" column`;

class UsageError extends Error {}

interface Outcome {
  uat: number;
  number: string;
  status: number;
  certificate?: CertificateView;
  pdf?: Buffer;
  error?: string;
}

async function issueDirect(items: IssueRequest[], log: (m: string) => void): Promise<Outcome[]> {
  const config = loadConfig();
  const publicUrl = config.ATLAS_PUBLIC_URL?.replace(/\/$/, '') ?? `http://localhost:${config.PORT}`;
  if (!config.ATLAS_PUBLIC_URL) log(`ATLAS_PUBLIC_URL is not set: the QR codes point at ${publicUrl}`);
  const authority = loadAuthority(config);
  const db = await connect({ databaseUrl: config.DATABASE_URL, dataDir: config.ATLAS_DATA_DIR });
  try {
    await migrate(db);
    const sliver = {
      pct: config.ATLAS_SLIVER_PCT ?? DEFAULT_SLIVER.pct,
      m2: config.ATLAS_SLIVER_M2 ?? DEFAULT_SLIVER.m2,
    };
    const out: Outcome[] = [];
    for (let i = 0; i < items.length; i += BATCH_MAX) {
      const chunk = items.slice(i, i + BATCH_MAX);
      const results = await issueCertificates(db, chunk, {
        publicUrl,
        sliver,
        authority,
        validityMonths: config.ATLAS_CERT_VALIDITY_MONTHS || null,
      });
      results.forEach((r, k) => {
        const { uat, number } = chunk[k]!;
        out.push(
          r.ok
            ? { uat, number, status: 201, certificate: r.issued.certificate, pdf: r.issued.pdf }
            : { uat, number, status: r.error.status, error: r.error.message },
        );
      });
      log(`${Math.min(i + BATCH_MAX, items.length)} / ${items.length}`);
    }
    return out;
  } finally {
    await db.close();
  }
}

async function issueOverHttp(items: IssueRequest[], server: string, log: (m: string) => void): Promise<Outcome[]> {
  const base = server.replace(/\/$/, '');
  const out: Outcome[] = [];
  for (let i = 0; i < items.length; i += BATCH_MAX) {
    const chunk = items.slice(i, i + BATCH_MAX);
    const res = await fetch(`${base}/api/certificates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chunk),
    });
    const body = (await res.json()) as {
      detail?: string;
      results?: { status: number; certificate?: CertificateView; error?: { detail?: string } }[];
    };
    if (!body.results) throw new Error(`${base} answered ${res.status}: ${body.detail ?? 'no results'}`);
    for (const [k, r] of body.results.entries()) {
      const { uat, number } = chunk[k]!;
      if (!r.certificate) {
        out.push({ uat, number, status: r.status, error: r.error?.detail ?? `status ${r.status}` });
        continue;
      }
      const pdfRes = await fetch(`${base}/api/certificates/${r.certificate.number}.pdf`);
      const pdf = Buffer.from(await pdfRes.arrayBuffer());
      const hash = createHash('sha256').update(pdf).digest('hex');
      out.push(
        hash === r.certificate.sha256
          ? { uat, number, status: 201, certificate: r.certificate, pdf }
          : { uat, number, status: 502, certificate: r.certificate, error: `PDF hash ${hash} is not the issued one` },
      );
    }
    log(`${Math.min(i + BATCH_MAX, items.length)} / ${items.length}`);
  }
  return out;
}

const csvField = (v: string | number | undefined) => {
  const s = v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      uat: { type: 'string' },
      numbers: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string', default: 'ro' },
      server: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const log = (m: string) => process.stderr.write(`atlas certificates: ${m}\n`);
  try {
    if (!values.numbers || !values.out) throw new UsageError('--numbers and --out are required');
    const uat = values.uat === undefined ? undefined : Number(values.uat);
    if (uat !== undefined && (!Number.isInteger(uat) || uat <= 0)) throw new UsageError(`--uat must be a SIRUTA code`);
    if (!(LANGUAGES as readonly string[]).includes(values.lang)) throw new UsageError('--lang must be ro or en');
    const language = values.lang as Language;
    const list = readNumbers(readFileSync(values.numbers, 'utf8'), uat);
    if (!list.length) throw new UsageError(`${values.numbers} holds no cadastral number`);
    const items = list.map((i) => ({ ...i, language }));
    const outDir = resolve(values.out);
    mkdirSync(outDir, { recursive: true });

    const started = Date.now();
    const outcomes = values.server ? await issueOverHttp(items, values.server, log) : await issueDirect(items, log);
    const lines = ['uat,cadastral_number,status,certificate,sha256,error'];
    for (const o of outcomes) {
      if (o.certificate && o.pdf) {
        writeFileSync(join(outDir, `${o.certificate.number}.pdf`), o.pdf);
        writeFileSync(join(outDir, `${o.certificate.number}.json`), JSON.stringify(o.certificate, null, 2) + '\n');
      }
      lines.push(
        [o.uat, o.number, o.status, o.certificate?.number, o.certificate?.sha256, o.error].map(csvField).join(','),
      );
    }
    writeFileSync(join(outDir, 'certificates.csv'), lines.join('\n') + '\n');
    const issued = outcomes.filter((o) => o.status === 201).length;
    process.stdout.write(
      `${issued} issued, ${outcomes.length - issued} failed, in ${((Date.now() - started) / 1000).toFixed(1)} s → ` +
        `${join(outDir, 'certificates.csv')}\n`,
    );
    return issued === outcomes.length ? 0 : 1;
  } catch (err) {
    if (err instanceof UsageError || err instanceof NumberListError) {
      process.stderr.write(`atlas certificates: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const known = err instanceof ConfigError || err instanceof DatabaseStartupError;
    process.stderr.write(
      `atlas certificates: ${known ? (err as Error).message : ((err as Error).stack ?? String(err))}\n`,
    );
    process.exit(1);
  },
);
