// Request ids and request logging. A lean replacement for pino-http, which built a child logger and serialisers for
// every request (about a tenth of a parcel lookup's CPU under load) even when the debug lines were not written.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from './logger.ts';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request id: the caller's X-Request-Id when it is well-formed, a new UUID otherwise. */
    id?: string;
  }
}

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** Sets and returns req.id: the caller's X-Request-Id when it is well-formed, else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  req.id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  return req.id;
}

/** Logs the request when its response is done: 5xx (but 503/504) at error, the rest at debug. */
export function logWhenDone(log: Logger, req: IncomingMessage, res: ServerResponse, url: string): void {
  const debug = log.isLevelEnabled('debug');
  if (!debug && !log.isLevelEnabled('error')) return;
  const started = performance.now();
  res.once('finish', () => {
    const status = res.statusCode;
    // 503/504 are database faults: logged once per outage by the database's state changes, not once per request.
    const failed = status >= 500 && status !== 503 && status !== 504;
    if (!failed && !debug) return;
    const line = {
      reqId: req.id,
      req: { method: req.method, url, remoteAddress: req.socket.remoteAddress },
      res: { statusCode: status },
      responseTime: Math.round(performance.now() - started),
    };
    if (failed) log.error(line, 'request errored');
    else log.debug(line, 'request completed');
  });
}

/** The Express middleware: a request id and a log line for every request. */
export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    res.setHeader('X-Request-Id', requestIdOf(req));
    logWhenDone(log, req, res, req.originalUrl);
    next();
  };
}
