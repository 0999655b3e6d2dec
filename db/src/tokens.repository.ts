// Admin API tokens: only a SHA-256 of each token is stored.
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './connect.ts';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createToken(db: Queryable, name: string): Promise<{ id: number; token: string }> {
  const token = `atl_${randomBytes(24).toString('base64url')}`;
  const { rows } = await db.query<{ id: number }>(
    'INSERT INTO admin_tokens (name, token_sha256) VALUES ($1, $2) RETURNING id',
    [name, hashToken(token)],
  );
  return { id: rows[0]!.id, token };
}

/** The token's name when it is valid and not revoked. */
export async function checkToken(db: Queryable, token: string): Promise<string | undefined> {
  const { rows } = await db.query<{ name: string }>(
    'SELECT name FROM admin_tokens WHERE token_sha256 = $1 AND revoked_at IS NULL',
    [hashToken(token)],
  );
  return rows[0]?.name;
}

export async function revokeToken(db: Queryable, name: string): Promise<number> {
  const { rowCount } = await db.query(
    'UPDATE admin_tokens SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL',
    [name],
  );
  return rowCount;
}

export async function listTokens(
  db: Queryable,
): Promise<{ id: number; name: string; created_at: string; revoked_at: string | null }[]> {
  const { rows } = await db.query<{ id: number; name: string; created_at: string; revoked_at: string | null }>(
    `SELECT id, name, created_at::text, revoked_at::text FROM admin_tokens ORDER BY id`,
  );
  return rows;
}
