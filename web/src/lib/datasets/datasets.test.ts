import { describe, expect, it } from 'vitest';
import { parseDatasets, streetsProvenance, syntheticLayers } from './datasets.ts';

const row = (layer: string, synthetic: boolean, attribution: string | null, id = 1) => ({
  layer,
  version_id: id,
  valid_from: '2015-01-01T00:00:00Z',
  imported_at: '2026-12-05T09:00:00Z',
  source_file: `${layer}.geojson`,
  synthetic,
  attribution,
});

describe('parseDatasets', () => {
  it('says synthetic while any version in force is, and names those layers', () => {
    const c = parseDatasets({
      datasets: [row('uat', false, 'ANCPI'), row('parcels', true, 'Atlas', 2), row('parcels', true, 'Atlas', 3)],
    })!;
    expect(c.synthetic).toBe(true);
    expect(c.attributions).toEqual(['ANCPI', 'Atlas']);
    expect(syntheticLayers(c)).toEqual(['parcels']);
  });

  it('shows no notice for real data only', () => {
    const c = parseDatasets({ synthetic: false, attributions: ['ANCPI'], datasets: [row('uat', false, 'ANCPI')] })!;
    expect(c.synthetic).toBe(false);
    expect(syntheticLayers(c)).toEqual([]);
  });

  it("gives each version's source file and the UAT it is scoped to, for the footer", () => {
    const c = parseDatasets({
      datasets: [
        row('parcels', true, 'Atlas'),
        { ...row('parcels', false, null, 33), source_file: 'parcele.zip', uat_siruta: 55687 },
      ],
    })!;
    expect(c.datasets.map((d) => ({ file: d.sourceFile, uatSiruta: d.uatSiruta }))).toEqual([
      { file: 'parcels.geojson', uatSiruta: null },
      { file: 'parcele.zip', uatSiruta: 55687 },
    ]);
  });

  it('refuses what is not a catalogue', () => {
    expect(parseDatasets(null)).toBeNull();
    expect(parseDatasets({})).toBeNull();
  });

  it("gives the streets' provenance for the map's credit", () => {
    const generated = parseDatasets({
      datasets: [
        row('uat', false, 'ANCPI'),
        row('streets', true, 'Atlas (trasee sintetice); nume de străzi: © OpenStreetMap contributors (ODbL)', 2),
      ],
    });
    expect(streetsProvenance(generated)).toEqual({ osm: true, synthetic: true });
    const surveyed = parseDatasets({ datasets: [row('streets', false, 'Primăria Cluj-Napoca, 2026')] });
    expect(streetsProvenance(surveyed)).toEqual({ osm: false, synthetic: false });
    expect(streetsProvenance(parseDatasets({ datasets: [row('uat', false, 'ANCPI')] }))).toEqual({
      osm: false,
      synthetic: false,
    });
    expect(streetsProvenance(undefined)).toBeNull();
    expect(streetsProvenance(null)).toBeNull();
  });
});
