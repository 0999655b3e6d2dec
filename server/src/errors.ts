// Typed errors, mapped to application/problem+json (RFC 9457) in one place.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from './logger.ts';
import { dbFaultOf } from '../../db/src/db-faults.ts';
import { clientErrorOf, jsonBodyProblem } from './body-errors.ts';

export const PROBLEM_MEDIA = 'application/problem+json';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra members of the problem document, e.g. { parameter: 'bbox' } or { feature: 118 }. */
    readonly extra: Record<string, unknown> = {},
    /** Response headers that go with the problem, e.g. { 'Retry-After': '5' }. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Seconds a client is asked to wait (Retry-After) when the database is unreachable. */
export const DB_RETRY_AFTER_S = 5;

/**
 * A database fault as the client sees it: 503 with Retry-After while the database is unreachable, 504 when a
 * statement or the wait for a connection ran out of time; undefined for any other error.
 */
export function dbFaultProblem(err: unknown): HttpError | undefined {
  const fault = dbFaultOf(err);
  if (fault === 'unavailable') {
    return new HttpError(
      503,
      'DatabaseUnavailable',
      'Baza de date nu este disponibilă momentan; reîncercați în câteva secunde. / The database is unavailable; retry in a few seconds.',
      {},
      { 'Retry-After': String(DB_RETRY_AFTER_S) },
    );
  }
  if (fault === 'timeout') {
    return new HttpError(
      504,
      'DatabaseTimeout',
      'Baza de date nu a răspuns la timp. / The database did not answer in time.',
      {},
      { 'Retry-After': String(DB_RETRY_AFTER_S) },
    );
  }
  return undefined;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const notFound = (what: string, id: string) => new HttpError(404, 'NotFound', `${what} not found: ${id}`);
export const badParam = (name: string, value: unknown, why?: string) =>
  new HttpError(
    400,
    'InvalidParameterValue',
    `Invalid value for parameter ${name}: ${JSON.stringify(value)}${why ? ` (${why})` : ''}`,
    // The value too, machine-readable: a client says in its own language which value was refused.
    { parameter: name, value: typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value) },
  );
export const missingParam = (name: string) =>
  new HttpError(400, 'MissingParameterValue', `Missing required parameter ${name}`, { parameter: name });

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [key: string]: unknown;
}

export function problemOf(err: HttpError, instance?: string): Problem {
  return {
    type: `/problems/${err.code}`,
    title: TITLES[err.status] ?? err.code,
    status: err.status,
    detail: err.message,
    ...(instance ? { instance } : {}),
    ...err.extra,
  };
}

export function sendProblem(res: Response, err: HttpError, instance?: string): void {
  for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value);
  res
    .status(err.status)
    .type(PROBLEM_MEDIA)
    .send(JSON.stringify(problemOf(err, instance)));
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'NotFound', `No resource at ${req.method} ${req.path}`));
};

/**
 * Any thrown value as an HttpError: typed errors as they are, body-parser errors as 400/413, database faults as
 * 503/504, anything else logged
 * and turned into a bare 500 that names the request id.
 */
export function toHttpError(err: unknown, reqId: string | undefined, log: Logger): HttpError {
  if (err instanceof HttpError) {
    // Database faults are logged by the database's state changes, once per outage, not once per request.
    if (err.status >= 500 && err.code !== 'DatabaseUnavailable' && err.code !== 'DatabaseTimeout') {
      log.error({ err, reqId }, err.message);
    }
    return err;
  }
  if (isBodyParserError(err)) {
    return err.type === 'entity.too.large'
      ? new HttpError(413, 'PayloadTooLarge', `Request body larger than ${err.limit} bytes`)
      : new HttpError(400, 'InvalidBody', jsonBodyProblem(err));
  }
  const client = clientErrorOf(err);
  if (client) return client;
  // Database faults are logged once per state change by the database's DbState, not once per request.
  const fault = dbFaultProblem(err);
  if (fault) return fault;
  log.error({ err, reqId }, 'unhandled error');
  return new HttpError(500, 'InternalError', `Internal error; reference ${reqId ?? 'none'}`);
}

/** The one error middleware: typed errors become problems; anything else is logged and becomes a bare 500. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    sendProblem(res, toHttpError(err, req.id, log), req.originalUrl);
  };
}

function isBodyParserError(err: unknown): err is { type: string; message: string; limit?: number; body?: unknown } {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { type?: unknown }).type === 'string' &&
    String((err as { type: string }).type).startsWith('entity.')
  );
}
