import { describe, expect, it } from 'vitest';
import ro from '../../messages/atlas/ro.json';
import en from '../../messages/atlas/en.json';
import { createTranslator } from '../i18n/translate.ts';
import { ApiError, problemFields } from './atlas-api.ts';
import { problemText } from './problem-text.ts';

const tRo = createTranslator('ro', ro, ro);
const tEn = createTranslator('en', en, ro);
const say = (t: typeof tRo, error: unknown) => {
  const { key, params } = problemText(error);
  return t(key, params);
};
const refused = (status: number, body: unknown) =>
  new ApiError(status, 'English detail from the server', problemFields(body));

describe('problemText', () => {
  it('names the unknown SIRUTA code of a series request in the page language, not the server detail', () => {
    const error = refused(400, {
      type: '/problems/InvalidParameterValue',
      status: 400,
      detail: 'Invalid value for parameter uat: 1 (no UAT with this SIRUTA code)',
      parameter: 'uat',
      value: 1,
    });
    expect(say(tRo, error)).toBe('nu există nicio UAT cu codul SIRUTA 1.');
    expect(say(tEn, error)).toBe('there is no UAT with SIRUTA code 1.');
    // A code is not a number to format: no thousands separator.
    expect(say(tRo, refused(400, { type: '/problems/InvalidParameterValue', parameter: 'uat', value: '54975' }))).toBe(
      'nu există nicio UAT cu codul SIRUTA 54975.',
    );
  });

  it('says a SIRUTA code is unknown when the problem names the parameter but not its value', () => {
    const error = refused(400, { type: '/problems/InvalidParameterValue', parameter: 'uat' });
    expect(say(tRo, error)).toBe('unul dintre codurile SIRUTA din link nu corespunde niciunei UAT.');
  });

  it('explains a year without data, a refused parameter, database and network faults', () => {
    const year = refused(400, { type: '/problems/InvalidParameterValue', parameter: 'year', value: 1800 });
    expect(say(tRo, year)).toBe('indicatorul nu are date pentru anul 1800.');
    expect(say(tEn, year)).toBe('the indicator has no data for 1800.');
    const classes = refused(400, { type: '/problems/InvalidParameterValue', parameter: 'classes', value: '12' });
    expect(say(tRo, classes)).toBe('valoarea parametrului „classes” din link nu este validă.');
    expect(say(tRo, refused(503, { type: '/problems/DatabaseUnavailable' }))).toMatch(/^baza de date nu este/);
    expect(say(tRo, refused(504, {}))).toBe('serverul nu a răspuns la timp; reîncercați.');
    expect(say(tRo, refused(500, { type: '/problems/InternalError' }))).toBe(
      'eroare a serverului (cod 500); reîncercați mai târziu.',
    );
    expect(say(tRo, refused(404, { type: '/problems/NotFound' }))).toBe('indicatorul cerut nu există.');
    expect(say(tEn, new TypeError('Failed to fetch'))).toBe('the server cannot be reached; check your connection.');
  });

  it('never shows the English detail in the Romanian messages', () => {
    for (const body of [{}, { type: '/problems/X' }, { parameter: 'uat', value: '1' }]) {
      for (const status of [400, 404, 500]) expect(say(tRo, refused(status, body))).not.toContain('English');
    }
  });
});
