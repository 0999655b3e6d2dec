// The hot read endpoints (parcel lookups), answered on node:http before Express. Express's own request handling
// cost about 0.3 ms of CPU per request here, a third of a whole parcel lookup; these GETs need none of it. The same
// handlers are mounted in Express too (see parcels.routes.ts), so the app alone serves them the same way.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badParam, PROBLEM_MEDIA, problemOf, toHttpError } from './errors.ts';
import type { Logger } from './logger.ts';
import { logWhenDone, requestIdOf } from './request-log.ts';

/** Query parameters, each at most once. */
export interface QueryParams {
  get(name: string): string | undefined;
}

/** A GET endpoint that answers JSON from its query parameters; throw an HttpError for a problem. */
export type JsonHandler = (query: QueryParams) => Promise<unknown>;

export function searchParams(search: string): QueryParams {
  const params = new URLSearchParams(search);
  return {
    get(name) {
      const all = params.getAll(name);
      if (all.length > 1) throw badParam(name, all, 'give it once');
      return all[0];
    },
  };
}

export class FastLane {
  private readonly routes = new Map<string, JsonHandler>();

  constructor(private readonly log: Logger) {}

  get(path: string, handler: JsonHandler): void {
    this.routes.set(path, handler);
  }

  /** Answers a GET of one of its paths and returns true; returns false for anything else. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url;
    if (req.method !== 'GET' || !url) return false;
    const q = url.indexOf('?');
    const handler = this.routes.get(q < 0 ? url : url.slice(0, q));
    if (!handler) return false;
    const id = requestIdOf(req);
    logWhenDone(this.log, req, res, url);
    let answer: Promise<unknown>;
    try {
      answer = handler(searchParams(q < 0 ? '' : url.slice(q + 1)));
    } catch (err) {
      answer = Promise.reject(err);
    }
    answer.then(
      (body) => send(res, id, 200, 'application/json; charset=utf-8', JSON.stringify(body)),
      (err: unknown) => this.fail(req, res, err),
    );
    return true;
  }

  /** Answers a request of the fast paths that failed: its problem+json, logged when it is a server error. */
  fail(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    const id = req.id ?? requestIdOf(req);
    const problem = toHttpError(err, id, this.log);
    send(
      res,
      id,
      problem.status,
      `${PROBLEM_MEDIA}; charset=utf-8`,
      JSON.stringify(problemOf(problem, req.url)),
      problem.headers,
    );
  }
}

function send(
  res: ServerResponse,
  id: string,
  status: number,
  type: string,
  body: string,
  extra: Record<string, string> = {},
): void {
  if (res.destroyed || res.headersSent) return;
  const headers = ['X-Request-Id', id, 'Content-Type', type, 'Content-Length', String(Buffer.byteLength(body))];
  for (const [name, value] of Object.entries(extra)) headers.push(name, value);
  res.writeHead(status, headers).end(body);
}
