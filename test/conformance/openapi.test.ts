// Issue 17: the HTTP API is documented as an OpenAPI 3 document that matches the routes, and every route answers
// as documented (status, media type, body schema validated with ajv).
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { testDb } from '../support/db.ts';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

interface Operation {
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
  'x-atlas-example'?: string;
  'x-atlas-pending'?: string;
}
interface Doc {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
}

/**
 * Routes of the app that the document does not describe, with the reason. Routes other branches add (indicators,
 * UATs, health/live, health/ready) appear in the failure message of the coverage test until they are documented.
 */
const NOT_DOCUMENTED: Record<string, string> = {
  'GET /tiles/{}/{}/{}/{}': 'answers 400 for a tile path without .mvt (an error route, not an operation)',
};
/** Express path → documented path where the two spell it differently. */
const ALIASES: Record<string, string> = { 'GET /tiles/{}': 'GET /tiles/{}.json' };

let server: TestServer;
let doc: Doc;
beforeAll(async () => {
  server = await startTestServer();
  doc = (await (await fetch(`${server.baseUrl}/api`)).json()) as Doc;
});
afterAll(() => server.close());

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}
function appRoutes(): string[] {
  const out = new Set<string>();
  const walk = (stack: Layer[]) => {
    for (const l of stack) {
      if (l.route && typeof l.route.path === 'string') {
        for (const m of Object.keys(l.route.methods)) {
          if (m === '_all') continue;
          out.add(`${m.toUpperCase()} ${l.route.path.replace(/:(\w+)/g, '{}')}`);
        }
      } else if (l.handle?.stack) walk(l.handle.stack);
    }
  };
  walk((server.app as unknown as { router: { stack: Layer[] } }).router.stack);
  return [...out].sort();
}
const normalise = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`;

describe('OpenAPI document', () => {
  it('is served at /api, /api/openapi.json and (its /ogc part) /ogc/api', async () => {
    expect(doc.openapi).toMatch(/^3\.0\./);
    const again = (await (await fetch(`${server.baseUrl}/api/openapi.json`)).json()) as Doc;
    expect(Object.keys(again.paths)).toEqual(Object.keys(doc.paths));
    const ogc = await fetch(`${server.baseUrl}/ogc/api`);
    expect(ogc.headers.get('content-type')).toMatch(/application\/vnd\.oai\.openapi\+json/);
    const ogcDoc = (await ogc.json()) as Doc;
    expect(ogcDoc.servers[0]!.url).toMatch(/\/ogc$/);
    expect(Object.keys(ogcDoc.paths)).toEqual(expect.arrayContaining(['/', '/collections/{collectionId}/items']));
  });

  it('accepts as collectionId every collection that /ogc/collections lists, the indicators too', async () => {
    const ogc = (await (await fetch(`${server.baseUrl}/ogc/api`)).json()) as Doc;
    const body = (await (await fetch(`${server.baseUrl}/ogc/collections`)).json()) as { collections: { id: string }[] };
    const ids = body.collections.map((c) => c.id);
    expect(ids.some((id) => id.startsWith('indicator-'))).toBe(true);
    const ajv = new Ajv({ strict: false });
    for (const path of ['/collections/{collectionId}', '/collections/{collectionId}/items']) {
      const param = ogc.paths[path]!.get!.parameters!.find((p) => p.name === 'collectionId') as unknown as {
        schema: object;
      };
      const valid = ajv.compile(param.schema);
      expect(ids.filter((id) => !valid(id))).toEqual([]);
      expect(valid('buildings')).toBe(false);
    }
  });

  it('documents every route of the app (the message lists any that is not)', () => {
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => normalise(m, p))),
    );
    const undocumented = appRoutes()
      .map((r) => ALIASES[r] ?? r)
      .filter((r) => !documented.has(r) && !NOT_DOCUMENTED[r]);
    expect(undocumented, `routes missing from server/src/ogc/openapi.ts: ${undocumented.join(', ')}`).toEqual([]);
  });

  it('documents no route the app does not have (except those marked x-atlas-pending)', () => {
    const routes = new Set(appRoutes().map((r) => ALIASES[r] ?? r));
    const stale = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => !op['x-atlas-pending'])
        .map(([m]) => normalise(m, p))
        .filter((r) => !routes.has(r)),
    );
    expect(stale).toEqual([]);
  });

  it('every route answers as documented: status, media type and body schema', async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(JSON.parse(JSON.stringify({ components: doc.components }).replaceAll('"#/', '"api#/')), 'api');
    const db = await testDb();
    const { rows } = await db.query<{ uat: number; nr: string }>(
      'SELECT uat_siruta AS uat, cadastral_number AS nr FROM parcels WHERE valid_to IS NULL ORDER BY id LIMIT 1',
    );
    const zoning = (await (await fetch(`${server.baseUrl}/ogc/collections/zoning/items?limit=1`)).json()) as {
      features: { id: number }[];
    };
    const issued = await fetch(`${server.baseUrl}/api/certificates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ uat: rows[0]!.uat, number: rows[0]!.nr }),
    });
    expect(issued.status).toBe(201);
    const cert = (await issued.json()) as { number: string };
    // Requests whose example comes from the data, and the documented error answers.
    const extra: [string, string, number][] = [
      ['/api/parcels', `/api/parcels?uat=${rows[0]!.uat}&number=${encodeURIComponent(rows[0]!.nr)}`, 200],
      [
        '/ogc/collections/{collectionId}/items/{featureId}',
        `/ogc/collections/zoning/items/${zoning.features[0]!.id}`,
        200,
      ],
      ['/api/certificates/{ref}', `/api/certificates/${cert.number}`, 200],
      ['/api/certificates/{ref}', `/api/certificates/${cert.number}.pdf`, 200],
      ['/api/certificates/{ref}', '/api/certificates/NOSUCH-1', 404],
      ['/ogc/collections/{collectionId}/items', '/ogc/collections/parcels/items?offset=99999', 400],
      ['/ogc/collections/{collectionId}/items', '/ogc/collections/parcels/items?filter=nosuch%3D1', 400],
      ['/ogc/collections/{collectionId}', '/ogc/collections/nosuch', 404],
      ['/api/export/{file}', '/api/export/parcels.shp', 404],
      ['/api/parcels/at', '/api/parcels/at?lon=1&lat=1', 400],
    ];
    const requests: [string, string, number][] = [
      ...Object.entries(doc.paths).flatMap(([p, ops]) =>
        Object.values(ops)
          .filter((op) => op['x-atlas-example'] && !op['x-atlas-pending'])
          .map((op) => [p, op['x-atlas-example']!, -1] as [string, string, number]),
      ),
      ...extra,
    ];
    const checked: string[] = [];
    for (const [path, url, want] of requests) {
      const op = doc.paths[path]!.get!;
      const res = await fetch(`${server.baseUrl}${url}`);
      if (want !== -1) expect(res.status, url).toBe(want);
      const documented = op.responses[String(res.status)];
      expect(documented, `${url}: status ${res.status} is documented`).toBeDefined();
      const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
      const body = await res.arrayBuffer();
      if (!documented!.content) continue;
      const media = Object.keys(documented!.content).find((m) => m.split(';')[0] === type);
      expect(media, `${url}: ${type} is a documented media type of ${res.status}`).toBeDefined();
      const schema = documented!.content[media!]!.schema;
      if (!schema) continue;
      const validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/', '"api#/')) as object);
      const value: unknown = JSON.parse(new TextDecoder().decode(body));
      expect(validate(value) ? [] : validate.errors, `${url} body against the documented schema`).toEqual([]);
      checked.push(url);
    }
    expect(checked.length).toBeGreaterThanOrEqual(20);
  });
});
