// Request ids and request logging. A lean replacement for pino-http, which built a child logger and serialisers for
// every request (about a tenth of a parcel lookup's CPU under load) even when the debug lines were not written.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from './logger.ts';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request id: the caller's X-Request-Id when it is well-formed, a new UUID otherwise. */
    id?: string;
  }
}

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** Gives every request an id (echoed as X-Request-Id) and logs it when done: 5xx at error, the rest at debug. */
export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const debug = log.isLevelEnabled('debug');
    if (debug || log.isLevelEnabled('error')) {
      const started = performance.now();
      res.once('finish', () => {
        const status = res.statusCode;
        if (status < 500 && !debug) return;
        const line = {
          reqId: id,
          req: { method: req.method, url: req.originalUrl, remoteAddress: req.socket.remoteAddress },
          res: { statusCode: status },
          responseTime: Math.round(performance.now() - started),
        };
        if (status >= 500) log.error(line, 'request errored');
        else log.debug(line, 'request completed');
      });
    }
    next();
  };
}
