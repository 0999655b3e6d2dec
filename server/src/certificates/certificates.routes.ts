// /api/certificates: issue (one or a batch), read, download the PDF, verify (JSON for scripts, a page for people).
import { createHash } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import multer from 'multer';
import type { Db } from '../../../db/src/connect.ts';
import type { Logger } from '../logger.ts';
import { badParam, HttpError, missingParam, problemOf } from '../errors.ts';
import type { SliverThreshold } from '../parcels/parcel.service.ts';
import { parseCadastral, parseSiruta } from '../parcels/parcels.routes.ts';
import {
  BATCH_MAX,
  certificatePdf,
  issueCertificates,
  storedCertificate,
  verify,
  view,
  type IssueRequest,
  type IssueResult,
} from './certificate.service.ts';
import { certificateRequest, insertCertificateRequest } from '../../../db/src/certificates.repository.ts';
import { LANGUAGES, type Language } from './format.ts';
import { RateLimiter, SharedRateLimiter } from './rate-limit.ts';
import type { RateLimitCounter } from '../../../db/src/rate-limit.repository.ts';
import { verifyPage } from './verify-page.ts';
import type { CertificateAuthority } from './certificate-content.ts';
import { multipartError } from '../body-errors.ts';

const PDF_LIMIT = 20 * 1024 * 1024;
const ITEM_KEYS = new Set(['uat', 'number', 'language']);

export interface CertificatesRoutesOptions {
  publicUrl: (req: Request) => string;
  sliver: SliverThreshold;
  /** Certificates one client may issue per minute; 0: no limit. */
  ratePerMinute: number;
  /** The app's shared rate-limit counter (PostgreSQL); absent: counted in this process's memory. */
  rateCounter?: RateLimitCounter;
  log: Logger;
  /** The issuing authority printed on certificates; null: none configured. */
  authority?: CertificateAuthority | null;
  /** Months a certificate is stated valid for; 0 or absent: no period stated. */
  validityMonths?: number;
}

export function certificatesRoutes(db: Db, opts: CertificatesRoutesOptions): Router {
  const router = Router();
  const limiter = opts.rateCounter
    ? new SharedRateLimiter(opts.ratePerMinute, opts.rateCounter, (err) =>
        opts.log.warn({ err }, 'certificate rate limit not counted: the store did not answer'),
      )
    : new RateLimiter(opts.ratePerMinute);
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: PDF_LIMIT, files: 1, fields: 5 } });
  const rawPdf = express.raw({ type: ['application/pdf', 'application/octet-stream'], limit: PDF_LIMIT });

  router.post('/api/certificates', async (req, res) => {
    const defaultLanguage = parseLanguage(queryString(req, 'lang'), 'lang') ?? 'ro';
    const body: unknown = req.body;
    const batch = Array.isArray(body);
    const items = parseItems(body, defaultLanguage);
    const key = idempotencyKey(req);
    const requestHash = key === undefined ? '' : hashOf({ batch, items });

    // A retry with a key already answered: the same answer, nothing issued again (and no rate-limit cost).
    const replay = async (): Promise<boolean> => {
      if (key === undefined) return false;
      const stored = await certificateRequest(db, key);
      if (!stored) return false;
      if (stored.request_sha256 !== requestHash) {
        throw new HttpError(
          422,
          'IdempotencyKeyReused',
          'This Idempotency-Key was already used with a different request; use a new key for a new request',
          { parameter: 'Idempotency-Key' },
        );
      }
      res.setHeader('Idempotent-Replayed', 'true');
      const stored201 = stored.response as { number?: string };
      if (!batch && stored.status === 201 && stored201.number) res.location(`/api/certificates/${stored201.number}`);
      res.status(stored.status).json(stored.response);
      return true;
    };
    if (await replay()) return;

    const decision = await limiter.take(req.ip ?? 'unknown', items.length);
    if (!decision.allowed) {
      res.setHeader('Retry-After', String(decision.retryAfter));
      throw new HttpError(
        429,
        'TooManyRequests',
        items.length > limiter.perMinute
          ? `A batch of ${items.length} exceeds the limit of ${limiter.perMinute} certificates per minute; send smaller batches`
          : `Limit of ${limiter.perMinute} certificates per minute reached; retry in ${decision.retryAfter} s`,
        { limit: limiter.perMinute, retry_after: decision.retryAfter },
      );
    }

    const publicUrl = opts.publicUrl(req);
    const started = Date.now();
    let results: IssueResult[];
    try {
      results = await issueCertificates(db, items, {
        publicUrl,
        sliver: opts.sliver,
        authority: opts.authority ?? null,
        validityMonths: opts.validityMonths || null,
        beforeCommit:
          key === undefined
            ? undefined
            : async (tx, attempt) => {
                if (!attempt.some((r) => r.ok)) return;
                const answer = answerOf(batch, items, attempt);
                await insertCertificateRequest(tx, key, { sha256: requestHash, ...answer });
              },
      });
    } catch (err) {
      // Another request with the same key committed first: answer as it was answered.
      if (key !== undefined && (await replay())) return;
      throw err;
    }
    const issued = results.filter((r) => r.ok).length;
    opts.log.info({ items: items.length, issued, ms: Date.now() - started }, 'certificates issued');

    if (!batch) {
      const [result] = results;
      if (!result) throw new HttpError(500, 'InternalError', 'No result');
      if (!result.ok) throw result.error;
      const { certificate } = result.issued;
      res.status(201).location(`/api/certificates/${certificate.number}`).json(certificate);
      return;
    }
    const answer = answerOf(batch, items, results);
    res.status(answer.status).json(answer.response);
  });

  router.get('/api/certificates/:ref', async (req, res) => {
    const ref = req.params.ref;
    if (ref.endsWith('.pdf')) {
      const row = await storedCertificate(db, ref.slice(0, -4));
      const { pdf, sha256, matches } = await certificatePdf(row);
      if (!matches) {
        opts.log.error(
          { number: row.number, stored: row.pdf_sha256, rendered: sha256 },
          'a stored certificate no longer renders to its stored hash',
        );
      }
      res
        .status(200)
        .type('application/pdf')
        .setHeader('Content-Disposition', `inline; filename="${row.number}.pdf"`)
        .setHeader('X-Certificate-Sha256', sha256)
        .setHeader('Cache-Control', 'public, max-age=86400, immutable')
        .send(pdf);
      return;
    }
    const row = await storedCertificate(db, ref);
    res.json(view(row, opts.publicUrl(req)));
  });

  const verifyHandler = async (req: Request, res: Response, pdf: Uint8Array | undefined) => {
    const number = req.params.number as string;
    const code = queryString(req, 'code') ?? bodyString(req, 'code');
    const lang = parseLanguage(queryString(req, 'lang') ?? bodyString(req, 'lang'), 'lang') ?? 'ro';
    const wantsHtml = prefersHtml(req);
    let row;
    try {
      row = await storedCertificate(db, number);
    } catch (err) {
      if (wantsHtml && err instanceof HttpError && err.status === 404) {
        sendHtml(res, 404, verifyPage({ lang, number, found: false }));
        return;
      }
      throw err;
    }
    if (!code) {
      if (wantsHtml) {
        sendHtml(res, 400, verifyPage({ lang, number, found: true, codeMissing: true }));
        return;
      }
      throw missingParam('code');
    }
    const result = verify(row, code, pdf);
    if (wantsHtml) {
      sendHtml(
        res,
        200,
        verifyPage({ lang, number, found: true, code, result, pdfUrl: `/api/certificates/${row.number}.pdf` }),
      );
      return;
    }
    res.json(result);
  };

  router.get('/api/certificates/:number/verify', (req, res) => verifyHandler(req, res, undefined));

  router.post(
    '/api/certificates/:number/verify',
    rawPdf,
    (req, res, next) =>
      req.is('multipart/form-data')
        ? upload.single('pdf')(req, res, (err?: unknown) => next(err && multipartError(err)))
        : next(),
    async (req, res) => {
      const file = (req as Request & { file?: Express.Multer.File }).file;
      const pdf = file ? file.buffer : Buffer.isBuffer(req.body) ? req.body : undefined;
      if (!pdf || pdf.length === 0) {
        if (prefersHtml(req)) return verifyHandler(req, res, undefined);
        throw missingParam('pdf');
      }
      return verifyHandler(req, res, pdf);
    },
  );

  return router;
}

/** The answer to an issuing request: one certificate, or the batch with a result per item. */
function answerOf(
  batch: boolean,
  items: readonly IssueRequest[],
  results: readonly IssueResult[],
): { status: number; response: unknown } {
  if (!batch) {
    const [result] = results;
    if (!result?.ok) return { status: result?.error.status ?? 500, response: result ? problemOf(result.error) : {} };
    return { status: 201, response: result.issued.certificate };
  }
  const issued = results.filter((r) => r.ok).length;
  return {
    status: issued > 0 ? 201 : 200,
    response: {
      count: items.length,
      issued,
      failed: items.length - issued,
      results: results.map((r, index) => {
        const { uat, number } = items[index]!;
        return r.ok
          ? { index, uat, number, status: 201, certificate: r.issued.certificate }
          : { index, uat, number, status: r.error.status, error: problemOf(r.error) };
      }),
    },
  };
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The `Idempotency-Key` header (IETF draft-ietf-httpapi-idempotency-key-header): 1-255 visible ASCII characters. */
function idempotencyKey(req: Request): string | undefined {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw.join(',') : raw.trim();
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new HttpError(
      400,
      'InvalidHeader',
      'Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID, for example), given once',
      { parameter: 'Idempotency-Key' },
    );
  }
  return value;
}

/** A stable hash of the request as parsed: what makes two requests "the same" for a key. */
function hashOf(request: { batch: boolean; items: readonly IssueRequest[] }): string {
  const canonical = JSON.stringify({
    batch: request.batch,
    items: request.items.map((i) => [i.uat, i.number, i.language]),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

function parseItems(body: unknown, defaultLanguage: Language): IssueRequest[] {
  if (Array.isArray(body)) {
    if (body.length === 0)
      throw new HttpError(400, 'InvalidBody', 'A batch needs at least one item', { parameter: 'body' });
    if (body.length > BATCH_MAX) {
      throw new HttpError(400, 'InvalidBody', `A batch holds at most ${BATCH_MAX} items; this one has ${body.length}`, {
        parameter: 'body',
        item: BATCH_MAX,
      });
    }
    return body.map((item, i) => parseItem(item, defaultLanguage, i));
  }
  return [parseItem(body, defaultLanguage, undefined)];
}

/** A JSON member as the text the query-string parsers take: numbers and strings as they are, anything else as JSON. */
const asText = (v: unknown): string | undefined =>
  v === undefined || v === null
    ? undefined
    : typeof v === 'string' || typeof v === 'number'
      ? String(v)
      : JSON.stringify(v);

function parseItem(raw: unknown, defaultLanguage: Language, index: number | undefined): IssueRequest {
  const where = index === undefined ? '' : `Item ${index}: `;
  const fail = (err: HttpError): never => {
    throw new HttpError(err.status, err.code, `${where}${err.message}`, {
      ...err.extra,
      ...(index === undefined ? {} : { item: index }),
    });
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail(
      new HttpError(400, 'InvalidBody', 'expected an object { "uat": SIRUTA, "number": "cadastral number" }'),
    );
  }
  const record = raw as Record<string, unknown>;
  const unknown = Object.keys(record).find((k) => !ITEM_KEYS.has(k));
  if (unknown) return fail(badParam(unknown, record[unknown], 'unknown member; expected uat, number, language'));
  try {
    const uat = parseSiruta(asText(record['uat']));
    const number = parseCadastral(asText(record['number']));
    const language = parseLanguage(record['language'], 'language') ?? defaultLanguage;
    return { uat, number, language };
  } catch (err) {
    if (err instanceof HttpError) return fail(err);
    throw err;
  }
}

function parseLanguage(value: unknown, name: string): Language | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)) return value as Language;
  throw badParam(name, value, `one of ${LANGUAGES.join(', ')}`);
}

function queryString(req: Request, name: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badParam(name, v, 'give it once');
  return v;
}

function bodyString(req: Request, name: string): string | undefined {
  const body = req.body as unknown;
  if (!body || typeof body !== 'object' || Buffer.isBuffer(body)) return undefined;
  const v = (body as Record<string, unknown>)[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A browser (or `?format=html`) gets the page; scripts and `?format=json` get JSON. */
function prefersHtml(req: Request): boolean {
  const format = (req.query as Record<string, unknown>)['format'];
  if (format === 'html') return true;
  if (format === 'json') return false;
  return req.accepts(['application/json', 'text/html']) === 'text/html';
}

function sendHtml(res: Response, status: number, html: string): void {
  res
    .status(status)
    .type('text/html; charset=utf-8')
    .setHeader(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    )
    .setHeader('Cache-Control', 'no-store')
    .send(html);
}
