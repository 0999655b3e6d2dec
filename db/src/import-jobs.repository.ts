// Import jobs started through the admin API.
import type { Queryable } from './connect.ts';

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

export interface ImportJob {
  id: string;
  layer: string;
  source_file: string;
  state: JobState;
  features_done: number;
  features_total: number | null;
  dataset_version_id: number | null;
  report: unknown;
  error: string | null;
  requested_by: string | null;
  created_at: string;
  finished_at: string | null;
}

export async function createJob(
  db: Queryable,
  job: { id: string; layer: string; sourceFile: string; requestedBy: string; runner?: string | undefined },
): Promise<void> {
  await db.query(
    `INSERT INTO import_jobs (id, layer, source_file, state, requested_by, runner) VALUES ($1, $2, $3, 'queued', $4, $5)`,
    [job.id, job.layer, job.sourceFile, job.requestedBy, job.runner ?? null],
  );
}

export async function updateJob(
  db: Queryable,
  id: string,
  patch: Partial<
    Pick<ImportJob, 'state' | 'features_done' | 'features_total' | 'dataset_version_id' | 'report' | 'error'>
  > & { finished?: boolean },
): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'finished') continue;
    params.push(k === 'report' ? JSON.stringify(v) : v);
    sets.push(`${k} = $${params.length}`);
  }
  if (patch.finished) sets.push('finished_at = now()');
  if (sets.length) await db.query(`UPDATE import_jobs SET ${sets.join(', ')} WHERE id = $1`, params);
}

export async function getJob(db: Queryable, id: string): Promise<ImportJob | undefined> {
  const { rows } = await db.query<ImportJob>(
    `SELECT id, layer, source_file, state, features_done, features_total, dataset_version_id, report, error, requested_by,
            to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
            to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS finished_at
     FROM import_jobs WHERE id = $1`,
    [id],
  );
  return rows[0];
}

/**
 * Marks the jobs that `runner` (a server instance) left queued or running when it stopped (killed, crashed, the
 * machine restarted) as failed with `reason`, and those of no recorded runner: called at start-up, before any job of
 * this instance exists. Jobs of other instances sharing the database are left alone. Returns how many there were.
 */
export async function failInterruptedJobs(db: Queryable, runner: string, reason: string): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE import_jobs SET state = 'failed', error = $2, finished_at = now()
     WHERE state IN ('queued', 'running') AND (runner = $1 OR runner IS NULL)`,
    [runner, reason],
  );
  return rowCount;
}
