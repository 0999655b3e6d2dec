// Issue 17: answers a citizen can rely on. Every parcel any endpoint lists is found and certifiable; every restriction
// kind has its own name on the API and the certificate; the PUG of extravilan parcels; expired plans hidden from the
// map as from the answer; overrides that account for the whole parcel. Runs on the embedded engine and, with
// DATABASE_URL, on PostGIS.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { crc32, deflateSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../support/db.ts';
import { decodeMvt, tileOf } from '../support/mvt.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const CLUJ = 54975;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: { ATLAS_PUBLIC_URL: 'https://atlas.example.ro' } });
});
afterAll(() => server.close());

interface Restriction {
  kind: string;
  kind_name: { ro: string; en: string };
  code: string;
  share_pct: number;
}
interface Answer {
  cadastral_number: string;
  intravilan: boolean;
  area_m2: number;
  zoning: {
    units: { id: number; code: string; plan: { code: string }; area_m2: number; share_pct: number }[];
    not_zoned: { area_m2: number; share_pct: number } | null;
    boundary_noise: { id: number; code: string; plan_code: string; area_m2: number; share_pct: number }[];
    overridden: { id: number; code: string; plan_code: string; area_m2: number; share_pct: number; by: string[] }[];
    plans: { code: string; kind: string; role: string; scope?: string; share_pct: number; area_m2: number }[];
    restrictions: Restriction[];
  };
}

async function lookup(uat: number, number: string): Promise<Response> {
  return fetch(`${server.baseUrl}/api/parcels?uat=${uat}&number=${encodeURIComponent(number)}`);
}

async function answer(uat: number, number: string): Promise<Answer> {
  const res = await lookup(uat, number);
  expect(res.status, `${uat}/${number}: ${await res.clone().text()}`).toBe(200);
  return (await res.json()) as Answer;
}

async function certificate(uat: number, number: string): Promise<{ number: string; content: unknown }> {
  const res = await fetch(`${server.baseUrl}/api/certificates`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ uat, number }),
  });
  expect(res.status, `${uat}/${number}: ${await res.clone().text()}`).toBe(201);
  return (await res.json()) as { number: string; content: unknown };
}

async function pdfText(number: string): Promise<string> {
  const res = await fetch(`${server.baseUrl}/api/certificates/${number}.pdf`);
  expect(res.status).toBe(200);
  const dir = mkdtempSync(join(tmpdir(), 'atlas-answers-'));
  writeFileSync(join(dir, 'c.pdf'), Buffer.from(await res.arrayBuffer()));
  return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'c.pdf'), '-'], { encoding: 'utf8' });
}

async function firstRow<T>(sql: string, params: unknown[] = []): Promise<T> {
  const db = await testDb();
  const { rows } = await db.query<T>(sql, params);
  expect(rows.length, sql).toBeGreaterThan(0);
  return rows[0]!;
}

describe('every parcel listed is found and certifiable', () => {
  it('finds by UAT and number every parcel that the OGC items, the export and the autocomplete list, over the whole sample', async () => {
    const listed: { uat: number; number: string }[] = [];
    let url: string | undefined = `${server.baseUrl}/ogc/collections/parcels/items?limit=2000`;
    while (url) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      const page = (await res.json()) as {
        features: { properties: { uat_siruta: number; cadastral_number: string } }[];
        links: { rel: string; href: string }[];
      };
      for (const f of page.features)
        listed.push({ uat: f.properties.uat_siruta, number: f.properties.cadastral_number });
      const next = page.links.find((l) => l.rel === 'next')?.href;
      url = next ? new URL(new URL(next).pathname + new URL(next).search, server.baseUrl).href : undefined;
    }
    expect(listed.filter((p) => p.uat === CLUJ).length).toBe(6000);
    const key = (p: { uat: number; number: string }) => `${p.uat}/${p.number}`;
    const keys = new Set(listed.map(key));
    expect(keys.size).toBe(listed.length);

    // The export lists exactly the same parcels.
    const exported = (await (await fetch(`${server.baseUrl}/api/export/parcels.geojson`)).json()) as {
      features: { properties: { uat_siruta: number; cadastral_number: string } }[];
    };
    const exportedKeys = exported.features.map((f) =>
      key({ uat: f.properties.uat_siruta, number: f.properties.cadastral_number }),
    );
    expect(new Set(exportedKeys)).toEqual(keys);

    // The autocomplete offers each of them (every 20th, by its full number): what it offers, the lookup must find.
    const offered: string[] = [];
    for (const p of listed.filter((_, i) => i % 20 === 0)) {
      const res = await fetch(`${server.baseUrl}/api/parcels/search?q=${encodeURIComponent(`${p.uat}/${p.number}`)}`);
      expect(res.status).toBe(200);
      const { results } = (await res.json()) as { results: { uat_siruta: number; cadastral_number: string }[] };
      const hit = results.find((r) => r.uat_siruta === p.uat && r.cadastral_number === p.number);
      if (!hit) offered.push(`not offered: ${key(p)}`);
      for (const r of results)
        if (!keys.has(key({ uat: r.uat_siruta, number: r.cadastral_number })))
          offered.push(`offered but not listed: ${r.uat_siruta}/${r.cadastral_number}`);
    }
    expect(offered).toEqual([]);

    const missing: string[] = [];
    const queue = [...listed];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let p = queue.shift(); p; p = queue.shift()) {
          const res = await lookup(p.uat, p.number);
          if (res.status !== 200) missing.push(`${p.uat}/${p.number}: ${res.status}`);
          else await res.arrayBuffer();
        }
      }),
    );
    expect(missing).toEqual([]);
  }, 900_000);

  it('certifies 87007 in Cluj-Napoca (once missing on the embedded engine) and every 300th parcel', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ n: string }>(
      `SELECT cadastral_number AS n FROM parcels WHERE uat_siruta = $1 AND valid_to IS NULL ORDER BY cadastral_number`,
      [CLUJ],
    );
    const numbers = ['87007', ...rows.filter((_, i) => i % 300 === 0).map((r) => r.n)];
    for (const n of numbers) expect((await certificate(CLUJ, n)).number).toMatch(/^CUI-54975-/);
  }, 300_000);
});

describe('restriction kinds', () => {
  it('calls the historic centre a protected built area (Law 422/2001), on the API and the certificate', async () => {
    const { n } = await firstRow<{ n: string }>(
      `SELECT p.cadastral_number AS n FROM parcels p JOIN restrictions r ON r.code = 'ZCP-CJ-CENTRU' AND r.valid_to IS NULL
       WHERE p.uat_siruta = $1 AND p.valid_to IS NULL AND ST_Within(p.geom, r.geom)
       ORDER BY p.cadastral_number LIMIT 1`,
      [CLUJ],
    );
    const a = await answer(CLUJ, n);
    const zcp = a.zoning.restrictions.find((r) => r.code === 'ZCP-CJ-CENTRU')!;
    expect(zcp).toMatchObject({
      kind: 'built_heritage_zone',
      kind_name: { ro: 'Zonă construită protejată', en: 'Protected built heritage zone' },
    });
    for (const r of a.zoning.restrictions) expect(r.kind_name.ro, r.kind).not.toBe(r.kind);
    const c = await certificate(CLUJ, n);
    const text = (await pdfText(c.number)).replace(/\s+/g, ' ');
    expect(text).toContain('Zonă construită protejată: Zona construită protejată - centrul istoric');
    expect(text).not.toContain('Arie naturală protejată');
  });

  it('names every kind present in the sample with its own name on the API', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ kind: string; n: string }>(
      `SELECT DISTINCT ON (r.kind) r.kind, p.cadastral_number AS n
       FROM restrictions r JOIN parcels p ON p.geom && r.geom AND ST_Within(p.geom, r.geom)
       WHERE r.valid_to IS NULL AND p.valid_to IS NULL AND p.uat_siruta = $1
       ORDER BY r.kind, p.cadastral_number`,
      [CLUJ],
    );
    expect(rows.map((r) => r.kind).sort()).toEqual([
      'built_heritage_zone',
      'flood_zone',
      'monument_zone',
      'utility_corridor',
    ]);
    const names: Record<string, string> = {};
    for (const { kind, n } of rows) {
      const r = (await answer(CLUJ, n)).zoning.restrictions.find((x) => x.kind === kind)!;
      names[kind] = `${r.kind_name.ro} / ${r.kind_name.en}`;
    }
    expect(names).toEqual({
      built_heritage_zone: 'Zonă construită protejată / Protected built heritage zone',
      flood_zone: 'Zonă inundabilă / Flood zone',
      monument_zone: 'Zonă de protecție a monumentelor / Monument protection zone',
      utility_corridor: 'Culoar de protecție a rețelelor / Utility protection corridor',
    });
  });
});

describe('the PUG of extravilan parcels', () => {
  it('names the PUG (scope: the UAT) for a parcel its UTRs do not reach, and says the data holds no UTR there', async () => {
    const { n } = await firstRow<{ n: string }>(
      `SELECT p.cadastral_number AS n FROM parcels p
       WHERE p.uat_siruta = $1 AND p.valid_to IS NULL AND NOT p.intravilan
         AND NOT EXISTS (SELECT 1 FROM plans pl WHERE pl.valid_to IS NULL AND pl.geom && p.geom AND ST_Intersects(pl.geom, p.geom))
       ORDER BY p.cadastral_number LIMIT 1`,
      [CLUJ],
    );
    const a = await answer(CLUJ, n);
    expect(a.intravilan).toBe(false);
    expect(a.zoning.units).toEqual([]);
    expect(a.zoning.plans).toEqual([
      expect.objectContaining({
        code: 'PUG-54975-2014',
        kind: 'PUG',
        role: 'base',
        scope: 'uat',
        note: {
          ro: expect.stringContaining('inclusiv extravilanul; datele nu conțin nicio UTR'),
          en: expect.stringContaining('outside the built-up area too'),
        },
      }),
    ]);
    const c = await certificate(CLUJ, n);
    const text = (await pdfText(c.number)).replace(/\s+/g, ' ');
    expect(text).toContain('PUG PUG-54975-2014');
    expect(text).toContain('reglementează întregul teritoriu administrativ al UAT, inclusiv extravilanul');
    expect(text).toContain('Imobilul se află pe teritoriul reglementat de PUG-54975-2014');
    expect(text).not.toContain('Datele nu conțin nicio documentație de urbanism în vigoare');
  });
});

describe('overrides', () => {
  it('lists every replaced part and every plan that changes the answer, for every parcel a PUZ reaches', async () => {
    const db = await testDb();
    const { rows } = await db.query<{ n: string }>(
      `SELECT DISTINCT p.cadastral_number AS n FROM parcels p JOIN plans pl ON pl.overrides_pug AND pl.valid_to IS NULL
         AND pl.geom && p.geom AND ST_Intersects(pl.geom, p.geom)
       WHERE p.uat_siruta = $1 AND p.valid_to IS NULL ORDER BY 1`,
      [CLUJ],
    );
    expect(rows.length).toBeGreaterThan(50);
    const wrong: string[] = [];
    for (const { n } of rows) {
      const a = await answer(CLUJ, n);
      const z = a.zoning;
      const planCodes = new Set(z.plans.map((p) => p.code));
      for (const o of z.overridden) {
        for (const by of o.by)
          if (!planCodes.has(by)) wrong.push(`${n}: ${by} overrides ${o.code} but is not in plans`);
      }
      // What the PUG lost is what the overriding plans' units took (no overlapping PUZs in the sample).
      const replacing = new Set(z.plans.filter((p) => p.role === 'overrides').map((p) => p.code));
      const taken =
        z.units.filter((u) => replacing.has(u.plan.code)).reduce((s, u) => s + u.area_m2, 0) +
        z.boundary_noise.filter((u) => replacing.has(u.plan_code)).reduce((s, u) => s + u.area_m2, 0);
      const lost = z.overridden.reduce((s, o) => s + o.area_m2, 0);
      if (Math.abs(taken - lost) > 0.05)
        wrong.push(`${n}: overridden ${lost.toFixed(2)} m², replaced by ${taken.toFixed(2)} m²`);
    }
    expect(wrong).toEqual([]);
  }, 300_000);
});

describe('plans on the map as in the answer', () => {
  it('leaves a plan whose validity ended out of the plans and zoning tiles, as /api/parcels does', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const expired = await firstRow<{ code: string; lon: number; lat: number }>(
      `SELECT code, ST_X(c) AS lon, ST_Y(c) AS lat
       FROM (SELECT code, ST_Transform(ST_PointOnSurface(geom), 4326) AS c FROM plans
             WHERE valid_to IS NULL AND uat_siruta = $1 AND in_force_to < $2::date ORDER BY code LIMIT 1) s`,
      [CLUJ, today],
    );
    const current = await firstRow<{ code: string; lon: number; lat: number }>(
      `SELECT code, ST_X(c) AS lon, ST_Y(c) AS lat
       FROM (SELECT code, ST_Transform(ST_PointOnSurface(geom), 4326) AS c FROM plans
             WHERE valid_to IS NULL AND uat_siruta = $1 AND kind = 'PUZ' AND in_force_to IS NULL ORDER BY code LIMIT 1) s`,
      [CLUJ],
    );
    const codesIn = async (layer: 'plans' | 'zoning', lon: number, lat: number) => {
      const { z, x, y } = tileOf(lon, lat, 15);
      const res = await fetch(`${server.baseUrl}/tiles/${layer}/${z}/${x}/${y}.mvt`);
      expect(res.status).toBe(200);
      // The tile depends on the day: its ETag says which.
      expect(res.headers.get('etag')).toContain(`.d${today.replaceAll('-', '')}`);
      const features = decodeMvt(new Uint8Array(await res.arrayBuffer()))[layer] ?? [];
      return features.map((f) => String(f.properties[layer === 'plans' ? 'code' : 'plan_code']));
    };
    expect(await codesIn('plans', expired.lon, expired.lat)).not.toContain(expired.code);
    expect(await codesIn('zoning', expired.lon, expired.lat)).not.toContain(expired.code);
    expect(await codesIn('plans', current.lon, current.lat)).toContain(current.code);
    expect(await codesIn('zoning', current.lon, current.lat)).toContain(current.code);

    // The answer ignores it too: a parcel under the expired plan does not list it.
    const { n } = await firstRow<{ n: string }>(
      `SELECT p.cadastral_number AS n FROM parcels p JOIN plans pl ON pl.code = $2 AND pl.valid_to IS NULL
       WHERE p.uat_siruta = $1 AND p.valid_to IS NULL AND ST_Intersects(p.geom, pl.geom)
       ORDER BY ST_Area(ST_Intersection(p.geom, pl.geom)) DESC LIMIT 1`,
      [CLUJ, expired.code],
    );
    expect((await answer(CLUJ, n)).zoning.plans.map((p) => p.code)).not.toContain(expired.code);
  });
});

/** A small PNG (a red square in a blue frame), written with node:zlib. */
function logoPng(size = 32): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0);
    for (let x = 0; x < size; x++) {
      const frame = x < 4 || y < 4 || x >= size - 4 || y >= size - 4;
      rows.push(...(frame ? [21, 101, 192] : [198, 40, 40]));
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('the certificate, complete for its purpose', () => {
  it('prints the configured issuing authority with its logo, the validity, and what the data cannot fill', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-logo-'));
    const logo = join(dir, 'logo.png');
    writeFileSync(logo, logoPng());
    const issuing = await startTestServer({
      config: {
        ATLAS_PUBLIC_URL: 'https://atlas.example.ro',
        ATLAS_CERT_AUTHORITY_NAME: 'Primăria Municipiului Cluj-Napoca',
        ATLAS_CERT_AUTHORITY_ADDRESS: 'Str. Moților nr. 3, 400001 Cluj-Napoca',
        ATLAS_CERT_AUTHORITY_LOGO: logo,
        ATLAS_CERT_VALIDITY_MONTHS: 6,
      },
    });
    try {
      const res = await fetch(`${issuing.baseUrl}/api/certificates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ uat: CLUJ, number: '87007' }),
      });
      expect(res.status).toBe(201);
      const c = (await res.json()) as {
        number: string;
        content: {
          authority: { name: string; address: string; logo: { type: string } };
          sections: { items: { id: string; status: string; text: string }[] }[];
        };
      };
      expect(c.content.authority).toMatchObject({
        name: 'Primăria Municipiului Cluj-Napoca',
        address: 'Str. Moților nr. 3, 400001 Cluj-Napoca',
        logo: { type: 'png' },
      });
      const items = Object.fromEntries(c.content.sections.flatMap((s) => s.items).map((i) => [i.id, i]));
      for (const id of ['utilities', 'access', 'parking', 'approvals']) {
        expect(items[id], id).toMatchObject({
          status: 'not_in_data',
          text: expect.stringContaining('Nu figurează în datele disponibile'),
        });
      }
      expect(items['validity']!.text).toMatch(/^6 luni de la data emiterii, până la \d{2}\.\d{2}\.\d{4}/);

      const pdf = await fetch(`${issuing.baseUrl}/api/certificates/${c.number}.pdf`);
      const bytes = Buffer.from(await pdf.arrayBuffer());
      writeFileSync(join(dir, 'c.pdf'), bytes);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'c.pdf'), '-'], { encoding: 'utf8' }).replace(
        /\s+/g,
        ' ',
      );
      for (const s of [
        'Primăria Municipiului Cluj-Napoca',
        'Str. Moților nr. 3, 400001 Cluj-Napoca',
        'Echiparea tehnico-edilitară',
        'Accesul la drumul public',
        'Norme de parcare',
        'Avize și acorduri necesare',
        'Nu figurează în datele disponibile',
        'Valabilitate',
        '6 luni de la data emiterii',
      ])
        expect(text, s).toContain(s);
      // The logo is an image on the first page.
      const images = execFileSync('pdfimages', ['-list', '-f', '1', '-l', '1', join(dir, 'c.pdf')], {
        encoding: 'utf8',
      });
      expect(images).toMatch(/\b32\s+32\s+rgb\b/);
    } finally {
      await issuing.close();
    }
  });
});
