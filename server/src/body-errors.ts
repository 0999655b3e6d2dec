// Client errors raised beneath the routes (JSON body parsing, multipart uploads, path decoding) as typed HttpErrors:
// a malformed request is a 4xx naming what was wrong, never a 500 (issue 12, item 11).
import type { IncomingMessage, ServerResponse } from 'node:http';
import multer from 'multer';
import { HttpError } from './errors.ts';

/** JSON request bodies nest at most this deep; deeper ones are refused before they are parsed. */
export const JSON_MAX_DEPTH = 64;

/**
 * A body-parser `verify` hook that refuses JSON nested deeper than JSON_MAX_DEPTH: a 100,000-deep object parses, but
 * anything that walks it recursively afterwards (JSON.stringify of a problem's value) overflows the stack.
 */
export function refuseDeepJson(_req: IncomingMessage, _res: ServerResponse, body: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > JSON_MAX_DEPTH) {
        throw Object.assign(new Error(`Request body is JSON nested deeper than ${JSON_MAX_DEPTH} levels`), {
          status: 400,
          type: 'json.too.deep',
        });
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/**
 * Why a JSON body that body-parser refused could not be used. Its strict mode takes only an object or an array, and
 * says of any other valid JSON (`null`, `"x"`, `12`) that it "is not valid JSON": say instead what was sent.
 */
export function jsonBodyProblem(err: { message: string; body?: unknown }): string {
  if (typeof err.body === 'string') {
    let value: unknown;
    try {
      value = JSON.parse(err.body);
    } catch {
      return `Request body is not valid JSON: ${err.message}`;
    }
    const kind = value === null ? 'null' : `a ${typeof value}`;
    return `Request body must be a JSON object or array, not ${kind}`;
  }
  return `Request body is not valid JSON: ${err.message}`;
}

/** A multipart upload that multer or busboy could not read: 413 over a size limit, else 400. */
export function multipartError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof multer.MulterError) {
    const tooLarge = err.code === 'LIMIT_FILE_SIZE' || err.code === 'LIMIT_FIELD_VALUE';
    const why =
      err.code === 'LIMIT_FILE_COUNT'
        ? 'send exactly one file part'
        : err.code === 'LIMIT_UNEXPECTED_FILE'
          ? 'a file part under an unexpected field name'
          : undefined;
    return new HttpError(
      tooLarge ? 413 : 400,
      tooLarge ? 'PayloadTooLarge' : 'InvalidBody',
      `Not a valid multipart upload: ${err.message}${err.field ? ` (field ${err.field})` : ''}${why ? `; ${why}` : ''}`,
      err.field ? { parameter: err.field } : {},
    );
  }
  return new HttpError(400, 'InvalidBody', `Not a valid multipart upload: ${(err as Error)?.message ?? String(err)}`);
}

/**
 * A client error thrown by the HTTP libraries beneath the routes, as an HttpError; undefined for anything else.
 * body-parser (http-errors with `expose`): unknown charset or Content-Encoding 415, a body that does not inflate 400,
 * JSON too deep 400; the router: a path whose percent-encoding does not decode 400; multer: limits.
 */
export function clientErrorOf(err: unknown): HttpError | undefined {
  if (err instanceof multer.MulterError) return multipartError(err);
  if (!(err instanceof Error)) return undefined;
  const e = err as Error & {
    status?: unknown;
    expose?: unknown;
    type?: unknown;
    charset?: unknown;
    encoding?: unknown;
  };
  const status = typeof e.status === 'number' ? e.status : undefined;
  if (status === undefined || status < 400 || status > 499) return undefined;
  if (err instanceof URIError) {
    return new HttpError(400, 'InvalidPath', `The path is not valid percent-encoding: ${err.message}`);
  }
  if (e.type === 'charset.unsupported') {
    return new HttpError(
      415,
      'UnsupportedMediaType',
      `Unsupported charset ${JSON.stringify(e.charset ?? '')} in Content-Type; send UTF-8`,
      {
        parameter: 'Content-Type',
      },
    );
  }
  if (e.type === 'encoding.unsupported') {
    return new HttpError(
      415,
      'UnsupportedMediaType',
      `Unsupported Content-Encoding ${JSON.stringify(e.encoding ?? '')}; send identity, gzip, deflate or br`,
      { parameter: 'Content-Encoding' },
    );
  }
  if (e.type === 'json.too.deep') return new HttpError(400, 'InvalidBody', err.message);
  if (e.expose === true) {
    return new HttpError(status, 'InvalidBody', `The request body could not be read: ${err.message}`);
  }
  return undefined;
}
