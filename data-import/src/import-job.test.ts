import { describe, expect, it } from 'vitest';
import { COPY_NULL } from '../../db/src/load/copy-text.ts';
import { FeatureEncoder } from './import-job.ts';
import { LAYER_SPECS } from './layers/layer-specs.ts';

const spec = LAYER_SPECS.parcels;
const KEY = spec.columns.findIndex((c) => c.column === 'address_key');

function parcel(properties: Record<string, unknown>) {
  return {
    type: 'Feature' as const,
    properties: { SIRUTA: 57706, NR_CAD: '100001', ...properties },
    geometry: {
      type: 'Polygon' as const,
      coordinates: [
        [
          [394000, 578000],
          [394010, 578000],
          [394010, 578010],
          [394000, 578000],
        ],
      ],
    },
  };
}

describe('FeatureEncoder', () => {
  it.each([false, true])('works out the address search key of a parcel (binary %s)', (binary) => {
    const encoder = new FeatureEncoder(spec, { srs: 'EPSG:3844' }, binary);
    const row = encoder.encode(parcel({ ADRESA: 'Strada Moților nr. 12' }), 0)!;
    expect(row.values[KEY]).toBe('motilor 12');
    expect(row.cells[KEY]).toBe(binary ? undefined : 'motilor 12');
    const none = encoder.encode(parcel({ NR_CAD: '100002' }), 1)!;
    expect(none.values[KEY]).toBeUndefined();
    expect(none.cells[KEY]).toBe(binary ? undefined : COPY_NULL);
  });

  it('never reads the key from the file', () => {
    const encoder = new FeatureEncoder(spec, { srs: 'EPSG:3844' });
    const row = encoder.encode(parcel({ address: 'Calea Turzii 5', address_key: 'forged' }), 0)!;
    expect(row.values[KEY]).toBe('turzii 5');
  });
});
