// The legend document the server serves (`legend` in /api/client-config), for the web's unit tests: read from the
// server's own code by the unit project's global setup (test/support/served-legend-setup.ts), never a hand copy.
import { inject } from 'vitest';
import type { LegendDocument } from '../lib/map/palette.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    servedLegend: string;
  }
}

/** A fresh copy of the served legend document on each call (tests may change it). */
export function servedLegend(): LegendDocument {
  const json = inject('servedLegend');
  if (!json) throw new Error('No served legend: run the web unit tests with the unit project (vitest --project unit)');
  return JSON.parse(json) as LegendDocument;
}
