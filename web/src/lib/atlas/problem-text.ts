/**
 * What went wrong with a request, as a message of the page's catalogue: the server's `detail` is English, so the page
 * says it in its own words from the problem's machine-readable fields (type, parameter, value). Pure: tested without
 * a browser.
 */
import type { Params } from '../i18n/translate.ts';
import { ApiError } from './atlas-api.ts';

export interface ProblemText {
  readonly key:
    | 'problem.unknownUat'
    | 'problem.unknownUats'
    | 'problem.unknownIndicator'
    | 'problem.badYear'
    | 'problem.badParameter'
    | 'problem.unavailable'
    | 'problem.timeout'
    | 'problem.server'
    | 'problem.network'
    | 'problem.unexpected';
  /** Strings only: a SIRUTA code or a year is not a number to format (54975, not 54.975). */
  readonly params?: Params;
}

export function problemText(error: unknown): ProblemText {
  if (!(error instanceof ApiError)) return { key: 'problem.network' };
  const { status, problem } = error;
  const { code, parameter, value } = problem;
  if (status === 0) return { key: 'problem.unexpected', params: { status: '—' } };
  if (status === 503) return { key: 'problem.unavailable' };
  if (status === 504) return { key: 'problem.timeout' };
  if (status >= 500) return { key: 'problem.server', params: { status: String(status) } };
  if (status === 404 && code === 'NotFound') return { key: 'problem.unknownIndicator' };
  if (code === 'InvalidParameterValue' && (parameter === 'uat' || parameter === 'siruta')) {
    return value !== null ? { key: 'problem.unknownUat', params: { siruta: value } } : { key: 'problem.unknownUats' };
  }
  if (code === 'InvalidParameterValue' && parameter === 'year' && value !== null && /^\d{4}$/.test(value)) {
    return { key: 'problem.badYear', params: { year: value } };
  }
  if (parameter !== null) return { key: 'problem.badParameter', params: { parameter } };
  return { key: 'problem.unexpected', params: { status: String(status) } };
}
