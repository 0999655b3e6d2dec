import { describe } from 'vitest';
import ro from './ro.json';
import en from './en.json';
import { itChecksCatalogs } from '../../test-support/catalog-checks.ts';

describe('atlas messages', () => {
  itChecksCatalogs(ro, en);
});
