// Issue 5: the informative urbanism certificate. Golden content for the hand-made Florești parcels (and a Baciu
// parcel without zoning data), the PDF's text and determinism, the HTTP API with its bad input, verification and
// the rate limit. Runs on the embedded engine and, with DATABASE_URL, on PostGIS.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateContent, CertificateItem } from '../../server/src/certificates/certificate-content.ts';
import { renderCertificatePdf } from '../../server/src/certificates/certificate-pdf.ts';
import { issueCertificates, type CertificateView } from '../../server/src/certificates/certificate.service.ts';
import { DEFAULT_SLIVER } from '../../server/src/parcels/parcel.service.ts';
import { testDb } from '../support/db.ts';
import { FLORESTI, BACIU } from '../support/fixtures.ts';
import { ROOT } from '../support/paths.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const GOLDEN_DIR = join(ROOT, 'test/fixtures/issue-5-certificates/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const NOW = new Date('2026-11-24T08:00:00Z');
const NUMBER = /^CUI-(\d+)-(\d{4})-(\d{6})$/;
const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: { ATLAS_PUBLIC_URL: 'https://atlas.example.ro' } });
});
afterAll(() => server.close());

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function post(body: unknown, path = '/api/certificates', base = server.baseUrl): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function issue(number: string, uat = FLORESTI, extra: Record<string, unknown> = {}): Promise<CertificateView> {
  const res = await post({ uat, number, ...extra });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as CertificateView;
}

async function pdfOf(number: string): Promise<{ bytes: Buffer; res: Response }> {
  const res = await fetch(`${server.baseUrl}/api/certificates/${number}.pdf`);
  expect(res.status).toBe(200);
  return { bytes: Buffer.from(await res.arrayBuffer()), res };
}

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-cert-'));
  writeFileSync(join(dir, 'c.pdf'), pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'c.pdf'), '-'], { encoding: 'utf8' });
}

// ---------------------------------------------------------------------------------------------------------------
// Golden content
// ---------------------------------------------------------------------------------------------------------------

/** What the golden files hold: the content without what changes from run to run (number, code, import times). */
function goldenOf(content: CertificateContent) {
  const stable = (s: string) =>
    s
      .replace(/CUI-(\d+)-(\d{4})-\d{6}/g, 'CUI-$1-$2-NNNNNN')
      .replace(/code=[A-Z2-7]{16}/g, 'code=CODE')
      .replace(/#\d+ /g, '#ID ')
      .replace(/\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2} UTC/g, 'IMPORTED_AT')
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/g, 'TIMESTAMP');
  const item = (i: CertificateItem) => {
    // Dataset version ids depend on the order of imports: left out.
    const withoutIds = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(withoutIds)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).flatMap(([k, x]) => (k === 'id' ? [] : [[k, withoutIds(x)]])))
          : v;
    const value =
      i.id === 'data_versions'
        ? (i.value as { layer: string; source_file: string }[]).map((v) => `${v.layer}: ${v.source_file}`)
        : i.id === 'sources' || i.id === 'synthetic'
          ? withoutIds(i.value)
          : i.value;
    return JSON.parse(stable(JSON.stringify({ ...i, value: value ?? null }))) as CertificateItem;
  };
  return {
    title: content.title,
    number_line: stable(content.number_line),
    reflects_date: content.reflects_date,
    uat: content.uat,
    cadastral_number: content.cadastral_number,
    sections: content.sections.map((s) => ({ id: s.id, title: s.title, items: s.items.map(item) })),
    zones_table: content.zones_table,
    map: {
      frame: content.map.frame,
      zones: content.map.zones.map((z) => `${z.code} ${z.fill}`),
      plans: content.map.plans.map((p) => `${p.kind} ${p.code}`),
      restrictions: content.map.restrictions.map((r) => `${r.kind} ${r.color} ${r.direction}`),
      neighbours: content.map.parcels.length,
      labels: content.map.labels.map((l) => l.text),
      legend: content.map.legend.map((l) => l.label),
      streets: (content.map.streets ?? []).map((s) => s.name),
      caption: content.map.caption,
    },
    synthetic: content.synthetic_data ? content.synthetic_data.datasets.map((d) => d.layer) : null,
    notices: content.notices,
  };
}

const GOLDEN_CASES: [string, number, string][] = [
  ['split between two UTRs', FLORESTI, '100001'],
  ['half under a PUZ that overrides the PUG', FLORESTI, '100002'],
  ['80 % in a protected area', FLORESTI, '100003'],
  ['with a hole', FLORESTI, '100004'],
  ['extravilan, 75 % without zoning', FLORESTI, '100006'],
  ['without any zoning data', BACIU, '300001'],
];

describe('certificate content (golden)', () => {
  let issued: Map<string, CertificateView>;
  beforeAll(async () => {
    const db = await testDb();
    const results = await issueCertificates(
      db,
      GOLDEN_CASES.map(([, uat, number]) => ({ uat, number, language: 'ro' as const })),
      { publicUrl: 'https://atlas.example.ro', sliver: DEFAULT_SLIVER, now: () => NOW },
    );
    issued = new Map(
      results.map((r, i) => {
        if (!r.ok) throw r.error;
        return [GOLDEN_CASES[i]![2], r.issued.certificate];
      }),
    );
  });

  it.each(GOLDEN_CASES)('matches the golden content of a parcel %s (%i/%s), item by item', (_, uat, number) => {
    const actual = goldenOf(issued.get(number)!.content);
    const file = join(GOLDEN_DIR, `${uat}-${number}.json`);
    if (UPDATE || !existsSync(file)) {
      if (!UPDATE) throw new Error(`missing golden file ${file}; run with UPDATE_GOLDEN=1`);
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, JSON.stringify(actual, null, 2) + '\n');
    }
    const golden = JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof goldenOf>;
    const { sections, ...rest } = actual;
    const { sections: goldenSections, ...goldenRest } = golden;
    expect(sections.map((s) => s.id)).toEqual(goldenSections.map((s) => s.id));
    for (const [i, section] of sections.entries()) {
      const expected = goldenSections[i]!;
      expect(section.title).toBe(expected.title);
      expect(
        section.items.map((x) => x.id),
        section.id,
      ).toEqual(expected.items.map((x) => x.id));
      for (const [k, item] of section.items.entries())
        expect(item, `${section.id} › ${item.id}`).toEqual(expected.items[k]);
    }
    expect(rest).toEqual(goldenRest);
  });

  it('puts the arithmetic of the fixtures into the certificate', () => {
    const items = (n: string) =>
      Object.fromEntries(issued.get(n)!.content.sections.flatMap((s) => s.items.map((i) => [i.id, i])));
    expect(items('100001')['zones']!.text).toContain('Liu — ');
    expect(items('100001')['zone.Liu.envelope']!.text).toContain('pe 1.600 m² (40 %)');
    expect(items('100001')['envelope']!.text).toContain('amprentă la sol maximă 1.520 m²');
    expect(items('100001')['envelope']!.text).toContain('6.240 m²');
    expect(items('100002')['plans']!.text).toContain('HCL nr. 45 din 30.06.2025');
    expect(items('100002')['overrides']!.text).toContain('PUZ-57706-2025-001 înlocuiește UTR M3 pe 2.000 m² (50 %)');
    expect(items('100003')['protected_areas']!.text).toContain('1.600 m² (80 % din imobil)');
    expect(items('100004')['area']!.text).toContain('8.400 m²');
    expect(items('100006')['location']!.text).toContain('extravilan');
    expect(items('100006')['coverage']!.text).toContain('3.000 m² (75 %)');
    expect(items('300001')['zones']).toMatchObject({ status: 'not_in_data' });
    expect(items('300001')['plans']).toMatchObject({ status: 'none_in_data' });
    expect(issued.get('300001')!.content.zones_table.empty).toBeTruthy();
  });

  it('names the data versions it used and consulted, and the day they reflect', () => {
    const c = issued.get('100003')!;
    expect(c.reflects_date).toBe('2026-11-24');
    const layers = [...new Set((c.data_versions as { layer: string }[]).map((v) => v.layer))].sort();
    expect(layers).toEqual(['parcels', 'plans', 'restrictions', 'streets', 'zoning']);
    expect(c.issued_at).toBe('2026-11-24T08:00:00Z');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// HTTP API
// ---------------------------------------------------------------------------------------------------------------

describe('POST /api/certificates', () => {
  it('issues a certificate with a readable number, the PDF hash and the verify URL', async () => {
    const c = await issue('100001');
    const year = new Date().getUTCFullYear();
    expect(c.number).toMatch(NUMBER);
    expect(c.number.startsWith(`CUI-${FLORESTI}-`)).toBe(true);
    expect(Math.abs(Number(NUMBER.exec(c.number)![2]) - year)).toBeLessThanOrEqual(1);
    expect(c.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(c.pdf_url).toBe(`https://atlas.example.ro/api/certificates/${c.number}.pdf`);
    expect(c.verify_url).toMatch(
      new RegExp(`^https://atlas\\.example\\.ro/api/certificates/${c.number}/verify\\?code=[A-Z2-7]{16}$`),
    );
    expect(c.content.language).toBe('ro');
    expect(c.content.sections.map((s) => s.id)).toEqual([
      'identification',
      'purpose',
      'legal',
      'economic',
      'technical',
      'data',
    ]);
    expect((c.data_versions as unknown[]).length).toBeGreaterThanOrEqual(3);
  });

  it('numbers certificates uniquely, one sequence per UAT and year', async () => {
    const a = await issue('100003');
    const b = await issue('100003');
    const seq = (n: string) => Number(NUMBER.exec(n)![3]);
    expect(b.number).not.toBe(a.number);
    expect(seq(b.number)).toBe(seq(a.number) + 1);
  });

  it('stores the certificate: GET returns the same JSON and a PDF with the stored hash', async () => {
    const c = await issue('100002');
    const res = await fetch(`${server.baseUrl}/api/certificates/${c.number}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(c)));
    const { bytes, res: pdfRes } = await pdfOf(c.number);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(sha256(bytes)).toBe(c.sha256);
    expect(pdfRes.headers.get('x-certificate-sha256')).toBe(c.sha256);
  });

  it('renders the same bytes every time (determinism on this engine)', async () => {
    const c = await issue('100004');
    const first = await pdfOf(c.number);
    const second = await pdfOf(c.number);
    expect(Buffer.compare(first.bytes, second.bytes)).toBe(0);
    expect(sha256(second.bytes)).toBe(c.sha256);
  });

  it('stores no personal data about the requester', async () => {
    const c = await issue('100006');
    const db = await testDb();
    const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM certificates WHERE number = $1', [
      c.number,
    ]);
    expect(Object.keys(rows[0]!).sort()).toEqual([
      'cadastral_number',
      'content',
      'data_versions',
      'issued_at',
      'language',
      'number',
      'pdf_sha256',
      'reflects_date',
      'uat_siruta',
      'verification_code',
    ]);
    expect(JSON.stringify(rows[0])).not.toMatch(/127\.0\.0\.1|user-agent/i);
  });

  it('speaks English on request, by ?lang=en or per item', async () => {
    const viaQuery = (await (
      await post({ uat: FLORESTI, number: '100001' }, '/api/certificates?lang=en')
    ).json()) as CertificateView;
    expect(viaQuery.content.title).toBe('Informative urbanism certificate');
    const viaBody = await issue('100001', FLORESTI, { language: 'en' });
    expect(viaBody.language).toBe('en');
    expect(viaBody.content.sections[2]!.title).toBe('3. Legal regime');
  });

  it('issues a certificate that says so for a parcel without zoning data', async () => {
    const c = await issue('300001', BACIU);
    const zones = c.content.sections.flatMap((s) => s.items).find((i) => i.id === 'zones')!;
    expect(zones.text).toBe('Datele nu conțin zonificarea acestei unități administrativ-teritoriale.');
  });

  it('issues a batch with per-item results and errors', async () => {
    const res = await post([
      { uat: FLORESTI, number: '100001' },
      { uat: FLORESTI, number: '999999' },
      { uat: '57706', number: '100007', language: 'en' },
    ]);
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      count: number;
      issued: number;
      failed: number;
      results: {
        index: number;
        status: number;
        certificate?: CertificateView;
        error?: { status: number; parameter: string };
      }[];
    };
    expect(body).toMatchObject({ count: 3, issued: 2, failed: 1 });
    expect(body.results.map((r) => [r.index, r.status])).toEqual([
      [0, 201],
      [1, 404],
      [2, 201],
    ]);
    expect(body.results[1]!.error).toMatchObject({ status: 404, parameter: 'number' });
    expect(body.results[2]!.certificate!.language).toBe('en');
    const { bytes } = await pdfOf(body.results[0]!.certificate!.number);
    expect(sha256(bytes)).toBe(body.results[0]!.certificate!.sha256);
  });

  it('answers an unknown parcel or UAT with 404 problem+json', async () => {
    for (const [body, parameter] of [
      [{ uat: FLORESTI, number: '999999' }, 'number'],
      [{ uat: 99999, number: '1' }, 'uat'],
    ] as const) {
      const res = await post(body);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({ status: 404, parameter });
    }
  });

  it.each([
    ['not JSON', '{"uat": 57706,', {}],
    ['a string', '"100001"', {}],
    ['no number', { uat: FLORESTI }, { parameter: 'number' }],
    ['a bad UAT', { uat: 'Florești', number: '1' }, { parameter: 'uat' }],
    ['an unknown member', { uat: FLORESTI, number: '1', nr: '1' }, { parameter: 'nr' }],
    ['a bad language', { uat: FLORESTI, number: '1', language: 'hu' }, { parameter: 'language' }],
    ['an empty batch', [], { parameter: 'body' }],
    [
      'a bad item in a batch',
      [
        { uat: FLORESTI, number: '100001' },
        { uat: FLORESTI, number: '1 OR 1=1' },
      ],
      { item: 1, parameter: 'number' },
    ],
    [
      'a batch over 500',
      Array.from({ length: 501 }, () => ({ uat: FLORESTI, number: '100001' })),
      { parameter: 'body', item: 500 },
    ],
  ])('answers a body with %s with 400 naming the item', async (_, body, named) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ status: 400, ...named });
    if ('item' in named) expect(String(problem['detail'])).toMatch(/^Item \d+: |at most 500/);
  });
});

describe('batches: all-or-nothing and idempotent (issue 12, item 10)', () => {
  const countOf = async (sql: string, params: unknown[] = []) => {
    const db = await testDb();
    const { rows } = await db.query<{ n: number }>(sql, params);
    return rows[0]!.n;
  };
  const stored = () => countOf('SELECT count(*)::int AS n FROM certificates');
  const lastNumber = () =>
    countOf('SELECT COALESCE(max(last), 0)::int AS n FROM certificate_sequences WHERE uat_siruta = $1', [FLORESTI]);

  it('stores nothing of a batch when the database fails part-way (past the first 50)', async () => {
    const db = await testDb();
    let inserts = 0;
    // The same database, whose 51st certificate INSERT fails, as when PostgreSQL goes away mid-batch.
    const faulty = new Proxy(db, {
      get(target, prop) {
        if (prop === 'transaction') {
          return (fn: (tx: unknown) => Promise<unknown>) =>
            target.transaction((tx) =>
              fn(
                new Proxy(tx, {
                  get(t, p) {
                    const v = Reflect.get(t, p) as unknown;
                    if (p !== 'query') return typeof v === 'function' ? (v as () => unknown).bind(t) : v;
                    return (text: string, params?: unknown[]) => {
                      if (/^\s*INSERT INTO certificates /.test(text) && ++inserts > 50)
                        throw new Error('connection terminated (simulated)');
                      return t.query(text, params);
                    };
                  },
                }),
              ),
            );
        }
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === 'function' ? (v as () => unknown).bind(target) : v;
      },
    });
    const before = { stored: await stored(), last: await lastNumber() };
    const items = Array.from({ length: 60 }, () => ({ uat: FLORESTI, number: '100002', language: 'ro' as const }));
    await expect(
      issueCertificates(faulty, items, { publicUrl: 'https://atlas.example.ro', sliver: DEFAULT_SLIVER }),
    ).rejects.toThrow(/simulated/);
    expect(inserts).toBe(51);
    expect(await stored()).toBe(before.stored);
    // The numbers are given back too: no gap in the register.
    expect(await lastNumber()).toBe(before.last);
  });

  it('answers a retry with the same Idempotency-Key and body with the same certificates, issuing none', async () => {
    const key = `test-${Date.now()}-batch`;
    const body = [
      { uat: FLORESTI, number: '100001' },
      { uat: FLORESTI, number: '999999' },
      { uat: FLORESTI, number: '100005' },
    ];
    // A connection reset (the previous test kept this process busy past the keep-alive timeout) is retried: with the
    // same key, which is what the key is for.
    const send = async (b: unknown, k = key): Promise<Response> => {
      const once = () =>
        fetch(`${server.baseUrl}/api/certificates`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': k },
          body: JSON.stringify(b),
        });
      return once().catch(once);
    };
    const first = await send(body);
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as { results: { certificate?: CertificateView }[] };
    const count = await stored();
    const again = await send(body);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const againBody = (await again.json()) as typeof firstBody;
    expect(againBody).toEqual(firstBody);
    expect(againBody.results.map((r) => r.certificate?.number)).toEqual(
      firstBody.results.map((r) => r.certificate?.number),
    );
    expect(await stored()).toBe(count);

    // The same key with another body: refused, nothing issued.
    const other = await send([{ uat: FLORESTI, number: '100003' }]);
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await other.json()).toMatchObject({ status: 422, parameter: 'Idempotency-Key' });
    expect(await stored()).toBe(count);

    // One certificate, the same way.
    const one = { uat: FLORESTI, number: '100004' };
    const a = await send(one, `${key}-one`);
    const b = await send(one, `${key}-one`);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    const ca = (await a.json()) as CertificateView;
    expect(((await b.json()) as CertificateView).number).toBe(ca.number);
    expect(b.headers.get('location')).toBe(`/api/certificates/${ca.number}`);
  });

  it('answers two concurrent requests with one key with the same certificate', async () => {
    const key = `test-${Date.now()}-race`;
    const send = () =>
      fetch(`${server.baseUrl}/api/certificates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ uat: FLORESTI, number: '100006' }),
      });
    const count = await stored();
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const [ca, cb] = (await Promise.all([a.json(), b.json()])) as CertificateView[];
    expect(cb!.number).toBe(ca!.number);
    expect(await stored()).toBe(count + 1);
  });

  it('refuses a malformed Idempotency-Key with 400 naming the header', async () => {
    const res = await fetch(`${server.baseUrl}/api/certificates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'x'.repeat(300) },
      body: JSON.stringify({ uat: FLORESTI, number: '100001' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: 400, parameter: 'Idempotency-Key' });
  });
});

describe('GET /api/certificates/{number}', () => {
  it.each(['CUI-57706-2026-999999', 'nonsense', 'CUI-57706-2026-999999.pdf'])('answers %s with 404', async (n) => {
    const res = await fetch(`${server.baseUrl}/api/certificates/${n}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe.skipIf(!hasPdftotext)('the PDF', () => {
  it('holds the diacritics, the sections and the key values as text', async () => {
    const c = await issue('100001');
    const text = pdfText((await pdfOf(c.number)).bytes);
    for (const s of [
      'CERTIFICAT DE URBANISM DE INFORMARE',
      c.number,
      'Florești, județul Cluj',
      '3. Regimul juridic',
      '4. Regimul economic',
      '5. Regimul tehnic',
      'PUG-57706-2010',
      'Liu',
      'M3',
      '1.600 m²',
      '2.400 m²',
      '1.520 m²',
      '6.240 m²',
      'Zonificarea imobilului',
      'Legendă',
      'Scara 1:',
      'Pagina 1 din',
      'Nu este autorizație de construire',
    ])
      expect(text, s).toContain(s);
    for (const letter of ['ș', 'ț', 'ă', 'â', 'î', 'Î']) expect(text, letter).toContain(letter);
    expect(text).not.toMatch(/[şţŞŢ]/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Issue 17: streets on the map, the test-data mark, no near-empty page
// ---------------------------------------------------------------------------------------------------------------

const CLUJ = 54975;

/** Sample parcels of Cluj-Napoca spread over the synthetic city (every 300th by id). */
async function sampleParcels(count: number): Promise<string[]> {
  const db = await testDb();
  const { rows } = await db.query<{ cadastral_number: string }>(
    `SELECT cadastral_number FROM parcels WHERE uat_siruta = $1 AND valid_to IS NULL ORDER BY id LIMIT $2`,
    [CLUJ, count * 300],
  );
  return rows.filter((_, i) => i % 300 === 0).map((r) => r.cadastral_number);
}

describe('certificates on the sample city (#17)', () => {
  let issued: CertificateView[];
  beforeAll(async () => {
    const numbers = await sampleParcels(5);
    const results = await issueCertificates(
      await testDb(),
      [
        ...numbers.map((number) => ({ uat: CLUJ, number, language: 'ro' as const })),
        { uat: CLUJ, number: numbers[0]!, language: 'en' as const },
      ],
      { publicUrl: 'https://atlas.example.ro', sliver: DEFAULT_SLIVER, now: () => NOW },
    );
    issued = results.map((r) => {
      if (!r.ok) throw r.error;
      return r.issued.certificate;
    });
  });

  it('draws the streets in force in the frame, with the names the data gives them', async () => {
    const db = await testDb();
    for (const c of issued) {
      const streets = c.content.map.streets!;
      const [xmin, ymin, xmax, ymax] = c.content.map.frame;
      const { rows } = await db.query<{ name: string }>(
        `SELECT DISTINCT name FROM streets
         WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 3844) AND ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 3844))
           AND valid_to IS NULL AND name IS NOT NULL ORDER BY name`,
        [xmin, ymin, xmax, ymax],
      );
      expect(rows.length, c.cadastral_number).toBeGreaterThan(0);
      expect([...new Set(streets.map((s) => s.name))].sort(), c.cadastral_number).toEqual(rows.map((r) => r.name));
      for (const s of streets)
        for (const line of s.lines)
          for (const [x, y] of line) {
            expect(x).toBeGreaterThanOrEqual(xmin - 0.1);
            expect(x).toBeLessThanOrEqual(xmax + 0.1);
            expect(y).toBeGreaterThanOrEqual(ymin - 0.1);
            expect(y).toBeLessThanOrEqual(ymax + 0.1);
          }
      expect(c.content.map.caption).toMatch(/^(Nume de străzi|Street names): OpenStreetMap contributors \(ODbL\)$/);
      expect(c.content.map.legend.map((l) => l.symbol.type)).toContain('street');
    }
    // Florești has no street in the data: the map says so.
    const floresti = await issue('100001');
    expect(floresti.content.map.streets).toEqual([]);
    expect(floresti.content.map.caption).toBe('Datele nu conțin nicio stradă în cuprinsul acestei planșe.');
  });

  it('says in the JSON that the data is synthetic, naming the datasets, and credits the street names', () => {
    for (const c of issued) {
      expect(c.synthetic).toBe(true);
      const layers = c.synthetic_datasets!.map((d) => d.layer);
      for (const layer of ['parcels', 'zoning', 'streets']) expect(layers, c.cadastral_number).toContain(layer);
      expect(c.content.synthetic_data!.datasets).toEqual(c.synthetic_datasets);
      const items = Object.fromEntries(c.content.sections.flatMap((s) => s.items.map((i) => [i.id, i])));
      expect(items['sources']!.text).toMatch(
        /(străzi|streets): Atlas \(trasee sintetice\); nume de străzi: © OpenStreetMap/,
      );
      expect(items['data_versions']!.text).toMatch(/#\d+ (străzi|streets): streets\.geojson/);
    }
  });

  it.skipIf(!hasPdftotext)('marks every page, writes the street names, and leaves no page nearly empty', async () => {
    for (const c of issued) {
      const { bytes } = await pdfOf(c.number);
      expect(sha256(bytes)).toBe(c.sha256);
      const dir = mkdtempSync(join(tmpdir(), 'atlas-cert-'));
      writeFileSync(join(dir, 'c.pdf'), bytes);
      const { pageFill } = await renderCertificatePdf(c.content);
      const mark =
        c.language === 'en'
          ? 'TEST DATA (SYNTHETIC) – NO LEGAL VALUE'
          : 'DATE DE TEST (SINTETICE) – FĂRĂ VALOARE JURIDICĂ';
      for (let n = 1; n <= pageFill.length; n++) {
        const text = execFileSync(
          'pdftotext',
          ['-enc', 'UTF-8', '-f', String(n), '-l', String(n), join(dir, 'c.pdf'), '-'],
          {
            encoding: 'utf8',
          },
        );
        expect(text, `${c.number} page ${n}`).toContain(mark);
        // A page of a few lines: the mark, the footer and little else.
        const lines = text.split('\n').filter((l) => l.trim()).length;
        expect(lines, `${c.number} page ${n}: ${lines} lines`).toBeGreaterThanOrEqual(15);
        expect(pageFill[n - 1]!, `${c.number} page ${n}`).toBeGreaterThanOrEqual(0.25);
        if (n === 1) {
          const named = c.content.map.streets!.filter((s) => s.name).map((s) => s.name!);
          expect(
            named.some((name) => text.includes(name)),
            `${c.number}: a street name on the map`,
          ).toBe(true);
        }
      }
    }
  });
});

describe('GET /api/certificates/{number}/verify', () => {
  let c: CertificateView;
  let code: string;
  beforeAll(async () => {
    c = await issue('100003');
    code = new URL(c.verify_url).searchParams.get('code')!;
  });

  it('confirms a certificate with its code and refuses a wrong code', async () => {
    const ok = await fetch(`${server.baseUrl}/api/certificates/${c.number}/verify?code=${code}`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      number: c.number,
      valid: true,
      sha256: c.sha256,
      cadastral_number: '100003',
    });
    const wrong = await fetch(`${server.baseUrl}/api/certificates/${c.number}/verify?code=AAAAAAAAAAAAAAAA`);
    expect(await wrong.json()).toEqual({ number: c.number, valid: false, reason: 'code_mismatch' });
    const missing = await fetch(`${server.baseUrl}/api/certificates/${c.number}/verify`);
    expect(missing.status).toBe(400);
  });

  it('says whether a PDF matches: the issued one does, a tampered one does not', async () => {
    const { bytes } = await pdfOf(c.number);
    const check = async (pdf: Buffer) => {
      const res = await fetch(`${server.baseUrl}/api/certificates/${c.number}/verify?code=${code}`, {
        method: 'POST',
        headers: { 'content-type': 'application/pdf' },
        body: new Uint8Array(pdf),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as {
        valid: boolean;
        reason: string;
        code_valid: boolean;
        pdf: { matches: boolean; sha256: string };
      };
    };
    const genuine = await check(bytes);
    expect(genuine.pdf).toEqual({ matches: true, sha256: c.sha256 });
    expect(genuine).toMatchObject({ valid: true, reason: 'ok', code_valid: true });
    const tampered = Buffer.from(bytes);
    const at = tampered.indexOf('100003');
    tampered.write('100008', at > 0 ? at : 100, 'latin1');
    const result = await check(tampered);
    // A script reads `valid`: false whenever anything presented does not match.
    expect(result.valid).toBe(false);
    expect(result.reason).toBe('pdf_mismatch');
    expect(result.code_valid).toBe(true);
    expect(result.pdf.matches).toBe(false);
  });

  it('shows a page to a person, in Romanian, with an upload form that says when a PDF does not match', async () => {
    const page = await fetch(`${server.baseUrl}/api/certificates/${c.number}/verify?code=${code}`, {
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<html lang="ro">');
    expect(html).toContain('Certificat valid');
    expect(html).toContain('enctype="multipart/form-data"');

    const form = new FormData();
    form.set('code', code);
    form.set('pdf', new Blob([Buffer.from('%PDF-1.3 not the certificate')], { type: 'application/pdf' }), 'x.pdf');
    const posted = await fetch(`${server.baseUrl}/api/certificates/${c.number}/verify`, {
      method: 'POST',
      headers: { accept: 'text/html' },
      body: form,
    });
    expect(posted.status).toBe(200);
    const postedHtml = await posted.text();
    expect(postedHtml).toContain('nu corespunde');
    expect(postedHtml).not.toContain('Certificat valid');

    const unknown = await fetch(`${server.baseUrl}/api/certificates/CUI-57706-2026-999999/verify?code=${code}`, {
      headers: { accept: 'text/html' },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Nu există niciun certificat');
  });
});

describe('rate limit', () => {
  it('answers 429 problem+json with Retry-After past the configured rate', async () => {
    // The count is shared by every instance on the database (PostgreSQL), keyed by the client's address: this run's
    // client is a documentation address of its own, vouched for by the loopback "proxy".
    const limited = await startTestServer({ config: { ATLAS_CERT_RATE_PER_MIN: 2, ATLAS_TRUST_PROXY: 'loopback' } });
    const client = `203.0.113.${1 + Math.floor(Math.random() * 250)}`;
    await (await testDb()).query(`DELETE FROM rate_limit_hits WHERE key = $1`, [`certificates:${client}`]);
    const ask = (body: unknown) =>
      fetch(`${limited.baseUrl}/api/certificates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
        body: JSON.stringify(body),
      });
    try {
      const one = { uat: FLORESTI, number: '100001' };
      expect((await ask(one)).status).toBe(201);
      expect((await ask(one)).status).toBe(201);
      const third = await ask(one);
      expect(third.status).toBe(429);
      expect(third.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(third.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(await third.json()).toMatchObject({ status: 429, limit: 2 });
      const batch = await ask([one, one, one]);
      expect(batch.status).toBe(429);
      // Refused requests do not count: the client's count stays at the two issued.
      const { rows } = await (
        await testDb()
      ).query<{ hits: number }>(`SELECT hits FROM rate_limit_hits WHERE key = $1`, [`certificates:${client}`]);
      expect(rows[0]?.hits).toBe(2);
      // Reading and verifying are not limited.
      expect((await fetch(`${limited.baseUrl}/api/certificates/CUI-1-2026-000001`)).status).toBe(404);
    } finally {
      await limited.close();
    }
  });
});

describe('npm run certificates', () => {
  // Asynchronous: the test server answering the CLI runs in this process.
  const cli = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'server/src/certificates/cli.ts', ...args],
        { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent', ...env }, timeout: 120_000 },
        (err, stdout, stderr) =>
          resolve({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
      );
    });

  it('issues a batch from a list through the HTTP API, writing the PDFs, the JSON and a summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-cli-'));
    writeFileSync(join(dir, 'list.csv'), 'number\n100001\n100003\n999999\n');
    const out = join(dir, 'out');
    const run = await cli([
      '--uat',
      String(FLORESTI),
      '--numbers',
      join(dir, 'list.csv'),
      '--out',
      out,
      '--server',
      server.baseUrl,
    ]);
    expect(run.status, run.stderr).toBe(1); // one number is unknown
    expect(run.stdout).toMatch(/^2 issued, 1 failed/);
    const summary = readFileSync(join(out, 'certificates.csv'), 'utf8').trim().split('\n');
    expect(summary[0]).toBe('uat,cadastral_number,status,certificate,sha256,error');
    expect(summary.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      `${FLORESTI},100001,201`,
      `${FLORESTI},100003,201`,
      `${FLORESTI},999999,404`,
    ]);
    const pdfs = readdirSync(out).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(2);
    for (const pdf of pdfs) {
      const json = JSON.parse(readFileSync(join(out, pdf.replace(/\.pdf$/, '.json')), 'utf8')) as CertificateView;
      expect(sha256(readFileSync(join(out, pdf)))).toBe(json.sha256);
    }
  });

  it('refuses a call without a list, naming the usage', async () => {
    const run = await cli(['--out', tmpdir()]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: npm run certificates');
  });

  // The embedded engine's data folder is held by this test process; the direct mode is checked on PostGIS.
  it.skipIf(!process.env.DATABASE_URL)('issues directly on the database without a server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-cli-'));
    writeFileSync(join(dir, 'list.txt'), '100004\n');
    const run = await cli(['--uat', String(FLORESTI), '--numbers', join(dir, 'list.txt'), '--out', dir], {
      ATLAS_PUBLIC_URL: 'https://atlas.example.ro',
    });
    expect(run.status, run.stderr).toBe(0);
    const pdf = readdirSync(dir).find((f) => f.endsWith('.pdf'))!;
    const json = JSON.parse(readFileSync(join(dir, pdf.replace(/\.pdf$/, '.json')), 'utf8')) as CertificateView;
    expect(json.verify_url.startsWith('https://atlas.example.ro/api/certificates/')).toBe(true);
    expect(sha256(readFileSync(join(dir, pdf)))).toBe(json.sha256);
  });
});
