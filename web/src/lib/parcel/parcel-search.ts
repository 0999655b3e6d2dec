/** `GET /api/parcels?uat=&number=`: the request and the interpretation of every kind of answer. */
import {
  asAreaGeometry,
  asBbox,
  bboxOf,
  interiorPoint,
  parcelFromProperties,
  type Bbox,
  type ParcelInfo,
  type Position,
} from './parcel.ts';

export type SearchOutcome =
  | { readonly kind: 'found'; readonly parcel: ParcelInfo; readonly bbox: Bbox; readonly point: Position }
  | { readonly kind: 'notFound'; readonly detail: string | null }
  | { readonly kind: 'invalid'; readonly detail: string | null }
  /** The endpoint is missing or switched off (a plain 404, 501, 503). */
  | { readonly kind: 'unavailable'; readonly detail: string | null }
  | { readonly kind: 'failed'; readonly detail: string | null }
  | { readonly kind: 'offline' };

export interface Problem {
  readonly title: string | null;
  readonly detail: string | null;
}

export const MAX_NUMBER_LENGTH = 64;

export function normaliseCadastralNumber(input: string): string {
  return input.trim().replace(/\s+/g, '');
}

export function parcelSearchUrl(uatSiruta: string, number: string): string {
  const query = new URLSearchParams({ uat: uatSiruta, number });
  return `/api/parcels?${query.toString()}`;
}

/** RFC 9457 problem details; only `title` and `detail` are shown to people. */
export function asProblem(body: unknown): Problem | null {
  if (typeof body !== 'object' || body === null) return null;
  const { title, detail } = body as { title?: unknown; detail?: unknown };
  const t = typeof title === 'string' && title.trim() !== '' ? title.trim() : null;
  const d = typeof detail === 'string' && detail.trim() !== '' ? detail.trim() : null;
  return t || d ? { title: t, detail: d } : null;
}

function isProblemType(contentType: string | null): boolean {
  return (contentType ?? '').toLowerCase().includes('application/problem+json');
}

function isJsonType(contentType: string | null): boolean {
  return /\bjson\b|\+json\b/i.test(contentType ?? '');
}

/** Turns one HTTP answer (status, content type, parsed JSON body or null) into what the UI shows. */
export function interpretParcelResponse(status: number, contentType: string | null, body: unknown): SearchOutcome {
  const problem = isProblemType(contentType) || (status >= 400 && isJsonType(contentType)) ? asProblem(body) : null;
  const detail = problem?.detail ?? problem?.title ?? null;
  if (status >= 200 && status < 300) {
    if (typeof body !== 'object' || body === null) return { kind: 'failed', detail: null };
    const record = body as Record<string, unknown>;
    const parcel = parcelFromProperties(record, record['id']);
    const geometry = asAreaGeometry(record['geometry']);
    const bbox = asBbox(record['bbox']) ?? (geometry ? bboxOf(geometry) : null);
    if (!parcel || !bbox) return { kind: 'failed', detail: null };
    const point = (geometry ? interiorPoint(geometry) : null) ?? [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
    return { kind: 'found', parcel, bbox, point };
  }
  // A 404 without problem details means the route itself does not exist (yet): not the parcel's fault.
  if (status === 404) return problem ? { kind: 'notFound', detail } : { kind: 'unavailable', detail: null };
  if (status === 400 || status === 422) return { kind: 'invalid', detail };
  if (status === 405 || status === 501 || status === 503) return { kind: 'unavailable', detail };
  return { kind: 'failed', detail };
}

export async function searchParcel(
  uatSiruta: string,
  number: string,
  options: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<SearchOutcome> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(parcelSearchUrl(uatSiruta, number), {
      headers: { accept: 'application/json, application/problem+json' },
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    return { kind: 'offline' };
  }
  const contentType = response.headers.get('content-type');
  let body: unknown = null;
  if (isJsonType(contentType)) {
    try {
      body = await response.json();
    } catch {
      body = null;
    }
  }
  return interpretParcelResponse(response.status, contentType, body);
}
