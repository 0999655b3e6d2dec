// Seeded generator of the synthetic part of the sample dataset (parcels, PUG/PUZ zoning, plans, restrictions,
// permits, indicator series), laid over the REAL Cluj-Napoca boundary, UTR codes and street names.
// Same seed and options → byte-identical output (see write-dataset.ts). Everything is in EPSG:3844.
import type { FeatureCollection, MultiLineString, MultiPolygon, Point } from 'geojson';
import { buildCityLayout } from './city-layout.ts';
import type { Bbox } from './geometry.ts';
import type { GeneratedIndicators } from './indicators.ts';
import { generateIndicators } from './indicators.ts';
import { DEFAULT_INPUT_DIR, loadInputs } from './load-inputs.ts';
import type { ParcelProperties } from './parcels.ts';
import { generateParcels } from './parcels.ts';
import type { PermitProperties } from './permits.ts';
import { defaultPermitCount, generatePermits } from './permits.ts';
import type { PlanProperties } from './plans.ts';
import { generatePlans } from './plans.ts';
import type { RestrictionProperties } from './restrictions.ts';
import { buildProtectedArea, generateRestrictions } from './restrictions.ts';
import type { BlockProperties, StreetProperties } from './streets.ts';
import { generateBlocks, generateStreets } from './streets.ts';
import { buildPugCells, pugZoningFeatures } from './zoning.ts';
import type { ZoningProperties } from './zoning-rules.ts';

export const DEFAULT_SEED = 42;
export const DEFAULT_PARCELS = 6000;

export interface GenerateCityOptions {
  seed?: number | string;
  /** number of parcels (default 6000) */
  parcels?: number;
  /** number of permits (default: about 800 for the sample, 4 % of the parcels for big runs) */
  permits?: number;
  /** folder with the real inputs (default data-import/sample/real) */
  inputDir?: string;
}

export interface DatasetStats {
  seed: string;
  parcels: number;
  intravilanParcels: number;
  parcelsWithHole: number;
  /** 1 when the lots have their normal sizes; below 1 when they had to shrink to fit the count */
  lotScale: number;
  zones: number;
  pugZones: number;
  plans: number;
  restrictions: number;
  permits: number;
  streets: number;
  blocks: number;
  uats: number;
  /** bbox of the parcels, EPSG:3844 [minE, minN, maxE, maxN]; null without parcels */
  parcelsBbox: Bbox | null;
  millis: number;
}

export interface GeneratedDataset {
  parcels: FeatureCollection<MultiPolygon, ParcelProperties>;
  zoning: FeatureCollection<MultiPolygon, ZoningProperties>;
  plans: FeatureCollection<MultiPolygon, PlanProperties>;
  restrictions: FeatureCollection<MultiPolygon, RestrictionProperties>;
  permits: FeatureCollection<Point, PermitProperties>;
  /** the context under the map: street centrelines (real names, synthetic geometry) and urban blocks */
  streets: FeatureCollection<MultiLineString, StreetProperties>;
  blocks: FeatureCollection<MultiPolygon, BlockProperties>;
  indicators: GeneratedIndicators;
  stats: DatasetStats;
}

const collection = <T>(features: T[]): { type: 'FeatureCollection'; features: T[] } => ({
  type: 'FeatureCollection',
  features,
});

export function generateCity(options: GenerateCityOptions = {}): GeneratedDataset {
  const started = performance.now();
  const seed = String(options.seed ?? DEFAULT_SEED);
  const parcelCount = options.parcels ?? DEFAULT_PARCELS;
  if (!Number.isInteger(parcelCount) || parcelCount < 0)
    throw new Error(`parcels must be a whole number ≥ 0, got ${parcelCount}`);
  const permitCount = options.permits ?? defaultPermitCount(parcelCount);
  if (!Number.isInteger(permitCount) || permitCount < 0)
    throw new Error(`permits must be a whole number ≥ 0, got ${permitCount}`);

  const inputs = loadInputs(options.inputDir ?? DEFAULT_INPUT_DIR);
  const layout = buildCityLayout(inputs, seed);
  const protectedArea = buildProtectedArea(layout, seed);
  const pugCells = buildPugCells(layout, seed, protectedArea);
  const pugZoning = pugZoningFeatures(pugCells, inputs.utrs);
  const parcels = generateParcels(layout, seed, { count: parcelCount });
  const { plans, puzZoning } = generatePlans(layout, seed, pugZoning, inputs.utrs, parcels);
  const restrictions = generateRestrictions(layout, seed, protectedArea);
  const permits = parcelCount > 0 ? generatePermits(parcels, seed, permitCount) : [];
  const indicators = generateIndicators(inputs.uats, seed);
  const streets = generateStreets(layout, inputs.streets, seed);
  const blocks = generateBlocks(layout);

  let bbox: Bbox | null = null;
  for (const f of parcels.features) {
    for (const poly of f.geometry.coordinates) {
      for (const [x, y] of poly[0] ?? []) {
        const e = x as number;
        const n = y as number;
        bbox = bbox
          ? [Math.min(bbox[0], e), Math.min(bbox[1], n), Math.max(bbox[2], e), Math.max(bbox[3], n)]
          : [e, n, e, n];
      }
    }
  }
  const zoning = [...pugZoning, ...puzZoning];
  return {
    parcels: collection(parcels.features),
    zoning: collection(zoning),
    plans: collection(plans),
    restrictions: collection(restrictions),
    permits: collection(permits),
    streets: collection(streets),
    blocks: collection(blocks),
    indicators,
    stats: {
      seed,
      parcels: parcels.features.length,
      intravilanParcels: parcels.features.filter((f) => f.properties.intravilan).length,
      parcelsWithHole: parcels.holes,
      lotScale: parcels.lotScale,
      zones: zoning.length,
      pugZones: pugZoning.length,
      plans: plans.length,
      restrictions: restrictions.length,
      permits: permits.length,
      streets: streets.length,
      blocks: blocks.length,
      uats: inputs.uats.length,
      parcelsBbox: bbox,
      millis: Math.round(performance.now() - started),
    },
  };
}
