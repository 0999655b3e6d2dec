// Global setup of the unit project: the legend document as /api/client-config serves it (server/src/legend, through
// the real route and JSON), handed to the web's unit tests by `inject('servedLegend')`
// (web/src/test-support/served-legend.ts). The web keeps no copy of the map's colours, so its tests check these.
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { TestProject } from 'vitest/node';
import { clientConfigRoutes } from '../../server/src/client-config.ts';

export default async function setup(project: TestProject): Promise<void> {
  const app = express().use(clientConfigRoutes());
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/client-config`);
    if (!res.ok) throw new Error(`GET /api/client-config answered ${res.status}`);
    const body = (await res.json()) as { legend?: unknown };
    if (typeof body.legend !== 'object' || body.legend === null) throw new Error('/api/client-config has no legend');
    project.provide('servedLegend', JSON.stringify(body.legend));
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The `legend` of /api/client-config, as JSON text. */
    servedLegend: string;
  }
}
