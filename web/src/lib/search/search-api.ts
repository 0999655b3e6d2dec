/**
 * The one search box: `GET /api/parcels/search?q=` (cadastral number prefix, `SIRUTA/number`, `UAT name number`, or an
 * address) for the suggestions, and how every kind of answer becomes a message in the page's language: a problem
 * document's English text is never shown.
 */

export interface Suggestion {
  readonly uat: number;
  readonly uatName: string | null;
  readonly number: string;
  readonly address: string | null;
  readonly match: 'number' | 'address';
}

/** What went wrong, as a message key suffix (`search.<kind>`). */
export type SearchProblem = 'invalid' | 'rateLimited' | 'unavailable' | 'failed' | 'offline';

export type SuggestOutcome =
  | { readonly kind: 'ok'; readonly query: string; readonly suggestions: readonly Suggestion[] }
  | { readonly kind: 'problem'; readonly problem: SearchProblem; readonly retryAfter: number | null };

export const MAX_QUERY_LENGTH = 80;

/** Collapses white space; keeps the text as typed otherwise (the server folds case and diacritics). */
export function normaliseQuery(input: string): string {
  return input.trim().replace(/\s+/g, ' ').slice(0, MAX_QUERY_LENGTH);
}

/** A query the server can answer at once with one parcel: "2584" (in the default UAT) or "54975/2584". */
export function directReference(query: string, defaultUat: string): { uat: string; number: string } | null {
  const q = query.replace(/\s+/g, '');
  const bySiruta = /^(\d{1,6})\/([0-9A-Za-z][0-9A-Za-z./-]{0,31})$/.exec(q);
  if (bySiruta) return { uat: bySiruta[1]!, number: bySiruta[2]! };
  if (/^\d[0-9A-Za-z./-]{0,31}$/.test(q) && !q.includes('/')) return { uat: defaultUat, number: q };
  return null;
}

/**
 * Whether the server can read the query (the same rules as `GET /api/parcels/search`): text with a letter (an
 * address, a UAT name and a number), `SIRUTA/number`, or a cadastral number prefix. Anything else is answered here.
 */
export function isReadableQuery(query: string): boolean {
  // The server's characters: letters, digits, spaces and the punctuation of numbers and addresses.
  if (!/^[\p{L}\p{M}\p{N}\s.,/'’"„”()-]+$/u.test(query)) return false;
  if (/\p{L}/u.test(query) && query.length >= 3) return true;
  if (/^\d{1,6}\s*\/\s*[0-9A-Za-z./-]*$/.test(query)) return true;
  const byName = /^(.*\D)\s+([0-9][0-9A-Za-z./-]*)$/.exec(query);
  if (byName && /^[0-9A-Za-z][0-9A-Za-z./-]{0,31}$/.test(byName[2]!)) return true;
  return /^[0-9A-Za-z][0-9A-Za-z./-]{0,31}$/.test(query);
}

/** Maps an HTTP status to what the page says (never the server's own words). */
export function problemOf(status: number): SearchProblem {
  if (status === 400 || status === 422) return 'invalid';
  if (status === 429) return 'rateLimited';
  if (status === 404 || status === 501 || status === 503 || status === 504) return 'unavailable';
  return 'failed';
}

export function parseSuggestions(body: unknown): Suggestion[] {
  const results = (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) return [];
  return results.flatMap((raw): Suggestion[] => {
    const r = raw as Record<string, unknown>;
    const uat = typeof r['uat_siruta'] === 'number' ? r['uat_siruta'] : Number(r['uat_siruta']);
    const number = typeof r['cadastral_number'] === 'string' ? r['cadastral_number'] : null;
    if (!Number.isInteger(uat) || !number) return [];
    return [
      {
        uat,
        uatName: typeof r['uat_name'] === 'string' ? r['uat_name'] : null,
        number,
        address: typeof r['address'] === 'string' ? r['address'] : null,
        match: r['match'] === 'address' ? 'address' : 'number',
      },
    ];
  });
}

export function suggestionsUrl(query: string, limit = 8): string {
  return `/api/parcels/search?${new URLSearchParams({ q: query, limit: String(limit) }).toString()}`;
}

export async function fetchSuggestions(
  query: string,
  options: { fetch?: typeof fetch; signal?: AbortSignal; limit?: number } = {},
): Promise<SuggestOutcome> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(suggestionsUrl(query, options.limit), {
      headers: { accept: 'application/json, application/problem+json' },
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    return { kind: 'problem', problem: 'offline', retryAfter: null };
  }
  if (!response.ok) {
    const seconds = Number(response.headers.get('retry-after'));
    return {
      kind: 'problem',
      problem: problemOf(response.status),
      retryAfter: Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : null,
    };
  }
  const body: unknown = await response.json().catch(() => null);
  return { kind: 'ok', query, suggestions: parseSuggestions(body) };
}
