// POST /api/admin/imports (multipart: layer, file, srs, uat, repair, dry_run) starts an import job;
// GET /api/admin/imports/{id} reports its state, progress and report.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Router } from 'express';
import multer from 'multer';
import type { Db } from '../../../db/src/connect.ts';
import { createJob, getJob, updateJob } from '../../../db/src/import-jobs.repository.ts';
import { ImportError, importFeatures, type GeometryLayer } from '../../../data-import/src/import-job.ts';
import { LAYER_SPECS } from '../../../data-import/src/layers/layer-specs.ts';
import { openFeatureFile } from '../../../data-import/src/readers/open-source.ts';
import { badParam, HttpError, missingParam, notFound } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { requireAdmin } from './auth.ts';

const MAX_UPLOAD = 1024 ** 3;

export function importRoutes(db: Db, log: Logger, onCommitted: () => void): Router {
  const router = Router();
  const dir = join(tmpdir(), 'atlas-uploads');
  mkdirSync(dir, { recursive: true });
  const upload = multer({ dest: dir, limits: { fileSize: MAX_UPLOAD, files: 1, fields: 10 } });

  router.post(
    '/api/admin/imports',
    requireAdmin(db),
    (req, res, next) => {
      upload.single('file')(req, res, (err: unknown) => {
        if (err) {
          const e = err as { code?: string; message: string };
          return next(
            e.code === 'LIMIT_FILE_SIZE'
              ? new HttpError(413, 'PayloadTooLarge', `The file is larger than ${MAX_UPLOAD} bytes`, {
                  parameter: 'file',
                })
              : new HttpError(400, 'InvalidBody', `Not a valid multipart upload: ${e.message}`),
          );
        }
        next();
      });
    },
    async (req, res) => {
      const file = req.file;
      const body = (req.body ?? {}) as Record<string, string>;
      try {
        if (!file) throw missingParam('file');
        const layer = body.layer;
        if (!layer) throw missingParam('layer');
        if (!(layer in LAYER_SPECS)) throw badParam('layer', layer, `one of ${Object.keys(LAYER_SPECS).join(', ')}`);
        const uat = body.uat ? Number(body.uat) : undefined;
        if (uat !== undefined && !Number.isInteger(uat)) throw badParam('uat', body.uat, 'a SIRUTA code');
        const flag = (k: string) => ['1', 'true', 'yes'].includes(String(body[k] ?? '').toLowerCase());
        const id = randomUUID();
        await createJob(db, { id, layer, sourceFile: file.originalname, requestedBy: String(res.locals.admin) });
        void runJob(db, log, id, {
          layer: layer as GeometryLayer,
          path: file.path,
          name: file.originalname,
          srs: body.srs || undefined,
          uat,
          repair: flag('repair'),
          dryRun: flag('dry_run'),
          requestedBy: String(res.locals.admin),
        }).then((ok) => ok && onCommitted());
        res
          .status(202)
          .location(`/api/admin/imports/${id}`)
          .json({ id, state: 'queued', href: `/api/admin/imports/${id}` });
      } catch (err) {
        if (file) await rm(file.path, { force: true });
        throw err;
      }
    },
  );

  router.get('/api/admin/imports/:id', requireAdmin(db), async (req, res) => {
    const id = String(req.params.id);
    const job = /^[0-9a-f-]{36}$/.test(id) ? await getJob(db, id) : undefined;
    if (!job) throw notFound('Import job', id);
    res.json(job);
  });

  return router;
}

interface JobInput {
  layer: GeometryLayer;
  path: string;
  name: string;
  srs: string | undefined;
  uat: number | undefined;
  repair: boolean;
  dryRun: boolean;
  requestedBy: string;
}

/** Runs one import job to its end; the job row says how it went. Returns whether a version was committed. */
async function runJob(db: Db, log: Logger, id: string, input: JobInput): Promise<boolean> {
  let lastWrite = 0;
  try {
    await updateJob(db, id, { state: 'running' });
    const source = await openFeatureFile(input.path, input.srs);
    try {
      const report = await importFeatures(db, {
        layer: input.layer,
        features: source.features,
        srs: source.srs,
        sourceFile: input.name,
        uat: input.uat,
        repair: input.repair,
        dryRun: input.dryRun,
        importedBy: input.requestedBy,
        totalHint: source.total,
        onProgress: (p) => {
          if (Date.now() - lastWrite < 500) return;
          lastWrite = Date.now();
          void updateJob(db, id, { features_done: p.done, features_total: p.total ?? null }).catch(() => undefined);
        },
      });
      await updateJob(db, id, {
        state: 'succeeded',
        features_done: report.features,
        features_total: report.features,
        dataset_version_id: report.datasetVersionId,
        report,
        finished: true,
      });
      log.info(
        { job: id, layer: input.layer, features: report.features, version: report.datasetVersionId },
        'import committed',
      );
      return !report.dryRun;
    } finally {
      await source.cleanup();
    }
  } catch (err) {
    const known = err instanceof ImportError;
    if (!known) log.error({ err, job: id }, 'import failed');
    await updateJob(db, id, {
      state: 'failed',
      error: known ? err.message : `Internal error: ${(err as Error).message}`,
      report: known ? { problems: err.problems } : null,
      finished: true,
    }).catch(() => undefined);
    return false;
  } finally {
    await rm(input.path, { force: true });
  }
}
