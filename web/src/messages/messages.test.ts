import { describe, expect, it } from 'vitest';
import ro from './ro.json';
import en from './en.json';
import { lookup } from '../lib/i18n/translate.ts';
import { itChecksCatalogs } from '../test-support/catalog-checks.ts';
import { LAYER_GROUPS } from '../lib/map/style.ts';

describe('messages', () => {
  itChecksCatalogs(ro, en);

  it('has a label for every layer and legend entry of the map style', () => {
    for (const group of LAYER_GROUPS) {
      // The served legend's classes and kinds carry their own names; the other entries are message keys.
      const keys = group.legend(null).flatMap((e) => (typeof e.label === 'string' ? [e.label] : []));
      for (const key of [group.labelKey, ...keys]) {
        expect(typeof lookup(ro, key), key).toBe('string');
        expect(typeof lookup(en, key), key).toBe('string');
      }
    }
  });
});
