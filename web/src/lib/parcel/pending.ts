/**
 * The panel's requests for a parcel (its answer, its permits) while they are in flight, so that the map can draw its
 * selection once they are back. Redrawing the map is one WebGL frame, and on a software renderer (no GPU, as in
 * headless Chromium) that frame holds the page's main thread for hundreds of milliseconds: drawn at once after a click,
 * it delays the responses that arrive meanwhile, and so the filled panel, by a whole frame.
 */
const inFlight = new Map<string, Set<Promise<unknown>>>();

const keyOf = (uat: number | string, number: string) => `${uat}/${number}`;

/** Records `request` as one of the parcel's requests until it settles; returns it unchanged. */
export function trackParcelRequest<T>(uat: number | string, number: string, request: Promise<T>): Promise<T> {
  const key = keyOf(uat, number);
  const set = inFlight.get(key) ?? new Set<Promise<unknown>>();
  inFlight.set(key, set);
  set.add(request);
  const forget = () => {
    set.delete(request);
    if (set.size === 0 && inFlight.get(key) === set) inFlight.delete(key);
  };
  request.then(forget, forget);
  return request;
}

/** Resolves once every request for the parcel in flight now has settled (at once when there is none); never rejects. */
export function parcelRequestsSettled(uat: number | string, number: string): Promise<void> {
  const set = inFlight.get(keyOf(uat, number));
  if (!set || set.size === 0) return Promise.resolve();
  return Promise.allSettled([...set]).then(() => undefined);
}

/**
 * `GET path?uat=&number=` as JSON, read by `parse` and tracked as one of the parcel's requests until it settles; null
 * when the server answers with an error status.
 */
export function fetchParcelJson<T>(
  path: string,
  parse: (body: unknown) => T | null,
  uat: number,
  number: string,
  options: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<T | null> {
  const doFetch = options.fetch ?? fetch;
  const query = new URLSearchParams({ uat: String(uat), number });
  return trackParcelRequest(
    uat,
    number,
    (async () => {
      const response = await doFetch(`${path}?${query.toString()}`, {
        headers: { accept: 'application/json' },
        signal: options.signal,
      });
      if (!response.ok) return null;
      return parse(await response.json());
    })(),
  );
}
