// POST /api/admin/imports (multipart: file, layer, srs, table, uat, repair, dry_run, valid_from, mapping, and for indicators
// code, name_ro, name_en, unit, source, description, value_column) starts an import job;
// GET /api/admin/imports/{id} reports its state, progress and report.
//
// What is answered at once, before 202 (a 4xx problem+json naming the file):
//   401 no or a bad token; 400 a bad parameter (unknown layer, SIRUTA not a number, unsupported --srs, a mapping
//   that is not JSON or names unknown columns, missing indicator metadata); 413 an upload over the size limit, or a
//   ZIP whose entries would expand past the limit (zip bomb, from the ZIP's directory); 422 a file that cannot be
//   what the layer needs, as far as its first bytes and the ZIP directory tell: empty, not a ZIP and not GeoJSON,
//   a ZIP without a .shp (or with two), an entry pointing outside the archive, a missing .dbf, an unsupported or
//   missing coordinate system (.prj, `crs` member, gpkg_spatial_ref_sys, GML srsName), a .gpkg that is not SQLite
//   or holds several feature tables and no `table` (or not the one named), an XML file that is not a GML feature
//   collection, a CSV without a SIRUTA or year/value header.
// What needs the whole file is found by the job (state `failed`, `error`, and `problem` with the problems by feature
// or line): truncated JSON, a wrong geometry type, coordinates that do not fit the CRS, missing or malformed
// attributes, invalid geometries (unless repair), duplicate keys, unknown SIRUTA codes, CSV values that are not numbers.
// With `Prefer: wait=N` (N ≤ 60 s) the request waits for the job: 200 with the job when it succeeded, 422
// problem+json when it failed, 202 when it is still running.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Router, type Request } from 'express';
import multer from 'multer';
import { dbFaultOf, type Db } from '../../../db/src/connect.ts';
import { createJob, getJob, updateJob, type ImportJob } from '../../../db/src/import-jobs.repository.ts';
import { ImportError, type ImportProgress } from '../../../data-import/src/import-job.ts';
import {
  checkRequest,
  precheckImport,
  runImport,
  type ImportRequest,
} from '../../../data-import/src/import-service.ts';
import { parseMapping } from '../../../data-import/src/mapping-file.ts';
import { HttpError, missingParam, notFound, problemOf } from '../errors.ts';
import { multipartError } from '../body-errors.ts';
import type { Logger } from '../logger.ts';
import { requireAdmin } from './auth.ts';

export const MAX_UPLOAD = 1024 ** 3;
const MAX_WAIT_S = 60;
/** Where uploads wait for their import when ATLAS_UPLOAD_DIR is not set. */
export const DEFAULT_UPLOAD_DIR = join(tmpdir(), 'atlas-uploads');

/** The instance that runs a job: this machine and its upload folder (one per server instance). */
export const runnerId = (uploadDir: string) => `${hostname()}:${resolve(uploadDir)}`;

/**
 * Removes every upload folder left in `root` (a process killed mid-upload or mid-import leaves them): at start-up,
 * before the server takes requests, nothing in it belongs to a live job. Returns how many were removed.
 */
export async function cleanUploadDir(root: string): Promise<number> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return 0;
  }
  await Promise.all(entries.map((e) => rm(join(root, e), { recursive: true, force: true })));
  return entries.length;
}

interface Running {
  progress?: ImportProgress | undefined;
  finished: Promise<void>;
}

export function importRoutes(db: Db, log: Logger, onCommitted: () => void, root: string = DEFAULT_UPLOAD_DIR): Router {
  const router = Router();
  const running = new Map<string, Running>();
  // The folders made for each request's files: removed whatever happens to the request (multer forgets a file's
  // path when it gives up on a malformed upload).
  const folders = new WeakMap<Request, string[]>();
  // Each upload keeps its own name (messages name the file the user sent; the extension tells the format) in a
  // folder of its own.
  const upload = multer({
    storage: multer.diskStorage({
      destination: (req, _file, cb) => {
        const dir = join(root, randomUUID());
        mkdirSync(dir, { recursive: true });
        folders.set(req, [...(folders.get(req) ?? []), dir]);
        cb(null, dir);
      },
      filename: (_req, file, cb) => cb(null, safeName(file.originalname)),
    }),
    defParamCharset: 'utf8',
    limits: { fileSize: MAX_UPLOAD, files: 1, fields: 20, fieldSize: 256 * 1024 },
  });

  router.post(
    '/api/admin/imports',
    requireAdmin(db),
    (req, res, next) => {
      upload.single('file')(req, res, (err: unknown) => {
        if (!err) return next();
        const cleanup = Promise.all((folders.get(req) ?? []).map((dir) => rm(dir, { recursive: true, force: true })));
        void cleanup.finally(() => next(multipartError(err)));
      });
    },
    async (req, res) => {
      const file = req.file;
      const folder = file ? dirname(file.path) : undefined;
      let started = false;
      try {
        if (!file) throw missingParam('file');
        const request = requestOf(req, file.path, file.originalname);
        try {
          checkRequest(request);
        } catch (err) {
          throw err instanceof ImportError ? new HttpError(400, 'InvalidParameterValue', err.message) : err;
        }
        try {
          await precheckImport(request);
        } catch (err) {
          throw err instanceof ImportError ? fileProblem(err, file.originalname) : err;
        }
        const id = randomUUID();
        const requestedBy = String(res.locals.admin);
        await createJob(db, {
          id,
          layer: request.layer,
          sourceFile: file.originalname,
          requestedBy,
          runner: runnerId(root),
        });
        const entry: Running = { finished: Promise.resolve() };
        running.set(id, entry);
        entry.finished = runJob(db, log, id, { ...request, importedBy: requestedBy }, entry)
          .then((committed) => {
            if (committed) onCommitted();
          })
          .finally(() => {
            running.delete(id);
            return rm(folder!, { recursive: true, force: true });
          });
        started = true;

        const wait = preferWait(req);
        if (wait > 0) {
          await Promise.race([entry.finished, new Promise((r) => setTimeout(r, wait * 1000).unref())]);
          const job = (await getJob(db, id))!;
          if (job.state === 'failed' || job.state === 'succeeded') {
            res.setHeader('Preference-Applied', `wait=${wait}`);
            if (job.state === 'failed') throw failedProblem(job);
            res.status(200).json(present(job, undefined));
            return;
          }
        }
        res
          .status(202)
          .location(`/api/admin/imports/${id}`)
          .json(present((await getJob(db, id))!, running.get(id)?.progress));
      } finally {
        if (!started && folder) await rm(folder, { recursive: true, force: true });
      }
    },
  );

  router.get('/api/admin/imports/:id', requireAdmin(db), async (req, res) => {
    const id = String(req.params.id);
    const job = /^[0-9a-f-]{36}$/.test(id) ? await getJob(db, id) : undefined;
    if (!job) throw notFound('Import job', id);
    res.json(present(job, running.get(id)?.progress));
  });

  return router;
}

/** Keeps the base name, in letters, digits, dot, dash and underscore: the upload's own name, safe on disk. */
function safeName(original: string): string {
  const base = basename(original.replace(/\\/g, '/'))
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^\.+/, '');
  return (base || 'upload').slice(-120);
}

function requestOf(req: Request, path: string, originalName: string): ImportRequest {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const text = (k: string) => {
    const v = body[k];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const flag = (k: string) => ['1', 'true', 'yes', 'on'].includes((text(k) ?? '').toLowerCase());
  const layer = text('layer');
  if (!layer) throw missingParam('layer');
  const uatText = text('uat');
  const uat = uatText === undefined ? undefined : /^\d+$/.test(uatText) ? Number(uatText) : NaN;
  if (uat !== undefined && Number.isNaN(uat)) {
    throw new HttpError(
      400,
      'InvalidParameterValue',
      `Invalid value for parameter uat: ${JSON.stringify(uatText)} (a SIRUTA code)`,
      {
        parameter: 'uat',
      },
    );
  }
  let mapping;
  const mappingText = text('mapping');
  if (mappingText) {
    try {
      mapping = parseMapping(mappingText, 'mapping');
    } catch (err) {
      throw new HttpError(400, 'InvalidParameterValue', (err as Error).message, { parameter: 'mapping' });
    }
  }
  return {
    layer,
    file: path,
    sourceName: originalName,
    srs: text('srs'),
    table: text('table'),
    uat,
    repair: flag('repair'),
    dryRun: flag('dry_run'),
    validFrom: text('valid_from'),
    synthetic: flag('synthetic'),
    attribution: text('attribution'),
    mapping,
    valueColumn: text('value_column'),
    indicator:
      layer === 'indicators'
        ? {
            code: text('code'),
            name_ro: text('name_ro'),
            name_en: text('name_en'),
            unit: text('unit'),
            source: text('source'),
            description: text('description'),
          }
        : undefined,
  };
}

/** A file refused before the job starts: 413 when it would expand past the limit, else 422. */
function fileProblem(err: ImportError, file: string): HttpError {
  const status = err.kind === 'too-large' ? 413 : 422;
  return new HttpError(status, status === 413 ? 'PayloadTooLarge' : 'InvalidFile', err.summary, {
    file,
    ...(err.problems.length ? { problems: err.problems } : {}),
  });
}

function failedProblem(job: ImportJob): HttpError {
  const report = (job.report ?? {}) as { problems?: unknown[] };
  return new HttpError(422, 'ImportRefused', job.error ?? 'The import was refused', {
    file: job.source_file,
    job: job.id,
    ...(report.problems?.length ? { problems: report.problems } : {}),
  });
}

/** `Prefer: wait=N` (RFC 7240): seconds to wait for the job before answering, at most MAX_WAIT_S. */
function preferWait(req: Request): number {
  const m = /(?:^|[,;\s])wait\s*=\s*(\d+)/i.exec(req.get('prefer') ?? '');
  return m ? Math.min(Number(m[1]), MAX_WAIT_S) : 0;
}

/** The job as the API shows it: state, progress (features, features/s, ETA), and the report or the problem. */
function present(job: ImportJob, live: ImportProgress | undefined) {
  const report = job.report as { problems?: unknown[]; ms?: number; features?: number } | null;
  let progress;
  if (live) {
    progress = {
      phase: live.phase,
      features: live.done,
      total: live.total ?? null,
      estimated: live.estimated ?? false,
      features_per_s: Math.round(live.rate),
      eta_s: live.eta === undefined ? null : Math.round(live.eta * 10) / 10,
    };
  } else {
    const seconds = job.state === 'succeeded' && report?.ms ? report.ms / 1000 : undefined;
    progress = {
      phase: job.state === 'succeeded' ? 'done' : job.state === 'failed' ? 'failed' : job.state,
      features: job.features_done,
      total: job.features_total,
      estimated: false,
      features_per_s: seconds ? Math.round(job.features_done / seconds) : null,
      eta_s: job.state === 'succeeded' || job.state === 'failed' ? 0 : null,
    };
  }
  return {
    id: job.id,
    href: `/api/admin/imports/${job.id}`,
    layer: job.layer,
    file: job.source_file,
    state: job.state,
    progress,
    dataset_version_id: job.dataset_version_id,
    report: job.state === 'succeeded' ? job.report : null,
    error: job.error,
    problem: job.state === 'failed' ? problemOf(failedProblem(job)) : null,
    requested_by: job.requested_by,
    created_at: job.created_at,
    finished_at: job.finished_at,
  };
}

/** Runs one import job to its end; the job row says how it went. Returns whether a version was committed. */
async function runJob(db: Db, log: Logger, id: string, request: ImportRequest, entry: Running): Promise<boolean> {
  let lastWrite = 0;
  try {
    await updateJob(db, id, { state: 'running' });
    const outcome = await runImport(db, {
      ...request,
      onProgress: (p) => {
        entry.progress = p;
        if (Date.now() - lastWrite < 500 || p.phase === 'done') return;
        lastWrite = Date.now();
        void updateJob(db, id, { features_done: p.done, features_total: p.total ?? null }).catch(() => undefined);
      },
    });
    await updateJob(db, id, {
      state: 'succeeded',
      features_done: outcome.features,
      features_total: outcome.features,
      dataset_version_id: outcome.datasetVersionId,
      report: outcome,
      finished: true,
    });
    log.info(
      { job: id, layer: request.layer, features: outcome.features, version: outcome.datasetVersionId, ms: outcome.ms },
      outcome.dryRun ? 'import dry run passed' : 'import committed',
    );
    return !outcome.dryRun;
  } catch (err) {
    const known = err instanceof ImportError;
    const fault = dbFaultOf(err);
    if (known) log.info({ job: id, layer: request.layer, reason: err.summary }, 'import refused');
    else if (fault) log.warn({ job: id, layer: request.layer, fault }, 'import interrupted by a database fault');
    else log.error({ err, job: id }, 'import failed');
    const patch = {
      state: 'failed' as const,
      error: known
        ? err.summary
        : fault
          ? `The database became ${fault === 'timeout' ? 'too slow' : 'unavailable'} during the import; nothing was committed. Run the import again`
          : `Internal error; reference ${id}`,
      report: known ? { problems: err.problems } : null,
      finished: true,
    };
    // The database may be the reason it failed: keep trying to record the outcome until it answers again (a
    // process that stops before then leaves the job to failInterruptedJobs at the next start).
    for (let attempt = 0, wait = 500; ; attempt++, wait = Math.min(wait * 2, 10_000)) {
      try {
        await updateJob(db, id, patch);
        break;
      } catch (e) {
        if (!dbFaultOf(e) || attempt >= 30) {
          log.error({ err: e, job: id }, 'the failed import could not be recorded');
          break;
        }
        await new Promise((r) => setTimeout(r, wait).unref());
      }
    }
    return false;
  }
}
