// Typed errors, mapped to application/problem+json (RFC 9457) in one place.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from './logger.ts';
import { clientErrorOf } from './body-errors.ts';

export const PROBLEM_MEDIA = 'application/problem+json';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra members of the problem document, e.g. { parameter: 'bbox' } or { feature: 118 }. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
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
};

export const notFound = (what: string, id: string) => new HttpError(404, 'NotFound', `${what} not found: ${id}`);
export const badParam = (name: string, value: unknown, why?: string) =>
  new HttpError(
    400,
    'InvalidParameterValue',
    `Invalid value for parameter ${name}: ${JSON.stringify(value)}${why ? ` (${why})` : ''}`,
    { parameter: name },
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
  res
    .status(err.status)
    .type(PROBLEM_MEDIA)
    .send(JSON.stringify(problemOf(err, instance)));
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'NotFound', `No resource at ${req.method} ${req.path}`));
};

/**
 * Any thrown value as an HttpError: typed errors as they are, body-parser errors as 400/413, anything else logged
 * and turned into a bare 500 that names the request id.
 */
export function toHttpError(err: unknown, reqId: string | undefined, log: Logger): HttpError {
  if (err instanceof HttpError) {
    if (err.status >= 500) log.error({ err, reqId }, err.message);
    return err;
  }
  if (isBodyParserError(err)) {
    return err.type === 'entity.too.large'
      ? new HttpError(413, 'PayloadTooLarge', `Request body larger than ${err.limit} bytes`)
      : new HttpError(400, 'InvalidBody', `Request body is not valid JSON: ${err.message}`);
  }
  const client = clientErrorOf(err);
  if (client) return client;
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

function isBodyParserError(err: unknown): err is { type: string; message: string; limit?: number } {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { type?: unknown }).type === 'string' &&
    String((err as { type: string }).type).startsWith('entity.')
  );
}
