import { describe, expect, it } from 'vitest';
import { parseActivity } from './parcel-activity.ts';

describe('parseActivity', () => {
  it('keeps permits with number, date and purpose, and the certificates', () => {
    expect(
      parseActivity({
        radius_m: 100,
        permits: [
          { kind: 'AC', number: '123', issued_on: '2024-03-01', purpose: 'locuință', distance_m: 0 },
          { kind: 'CU', number: '', issued_on: '2024-03-01' },
        ],
        certificates: [{ number: 'CUI-54975-2026-000001', issued_at: '2026-12-05T09:00:00Z' }],
      }),
    ).toEqual({
      radiusM: 100,
      permits: [{ kind: 'AC', number: '123', issuedOn: '2024-03-01', purpose: 'locuință', distanceM: 0 }],
      certificates: [{ number: 'CUI-54975-2026-000001', issuedAt: '2026-12-05T09:00:00Z' }],
    });
  });

  it('refuses what is not an activity answer', () => {
    expect(parseActivity(null)).toBeNull();
    expect(parseActivity({ permits: [] })).toBeNull();
  });
});
