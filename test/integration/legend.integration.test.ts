// Issue 16: the server owns the map's colours, classes and names (server/src/legend) and serves them in
// /api/client-config; the certificate's PDF map draws with the same module. Until the web builds its style from the
// served document, this pins the web's palette and legend names to what is served, value for value, so that the
// colour-blind and contrast checks of web/src/lib/map/colours.test.ts check the colours actually served.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfigRoutes } from '../../server/src/client-config.ts';
import type { LegendDocument } from '../../server/src/legend/legend.ts';
import * as web from '../../web/src/lib/map/palette.ts';
import ro from '../../web/src/messages/ro.json' with { type: 'json' };
import en from '../../web/src/messages/en.json' with { type: 'json' };

let server: ReturnType<ReturnType<typeof express>['listen']>;
let legend: LegendDocument;
beforeAll(async () => {
  const app = express().use(clientConfigRoutes());
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/client-config`);
  expect(res.status).toBe(200);
  legend = ((await res.json()) as { legend: LegendDocument }).legend;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('GET /api/client-config: legend', () => {
  it('serves the colours and classes the web map draws with', () => {
    const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
    expect(legend).toMatchObject({
      ink: web.INK,
      zoneClasses: plain(web.ZONE_CLASSES),
      zonePrefixRules: plain(web.ZONE_PREFIX_RULES),
      planKinds: plain(web.PLAN_KINDS),
      planStyles: plain(web.PLAN_STYLES),
      restrictionKinds: plain(web.RESTRICTION_KINDS),
      restrictionColors: plain(web.RESTRICTION_COLORS),
      restrictionFallbackColor: web.RESTRICTION_FALLBACK_COLOR,
      restrictionHatch: plain(web.RESTRICTION_HATCH),
      restrictionSymbol: plain(web.RESTRICTION_SYMBOL),
      restrictionDash: plain(web.RESTRICTION_DASH),
      parcelColors: plain(web.PARCEL_COLORS),
    });
  });

  it('serves the names the web legend and parcel panel show, ro and en', () => {
    for (const [lang, messages] of [
      ['ro', ro],
      ['en', en],
    ] as const) {
      expect(legend.names[lang]).toEqual({
        zoneClass: messages.legend.zoneClass,
        planKind: messages.legend.planKind,
        restrictionKind: messages.legend.restrictionKind,
        landUse: messages.landUse,
      });
    }
  });

  it('names every zone class, plan and restriction kind it serves, with Romanian diacritics (comma below)', () => {
    for (const names of [legend.names.ro, legend.names.en]) {
      for (const c of legend.zoneClasses) expect(names.zoneClass[c.id], c.id).toBeTruthy();
      for (const k of legend.planKinds) expect(names.planKind[k], k).toBeTruthy();
      for (const k of legend.restrictionKinds) expect(names.restrictionKind[k], k).toBeTruthy();
    }
    expect(JSON.stringify(legend.names.ro)).not.toMatch(/[şţŞŢ]/);
  });
});
