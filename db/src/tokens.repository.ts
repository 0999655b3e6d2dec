// Admin API tokens: only a SHA-256 of each token is stored. A name belongs to one token in force at a time; a token
// may expire (expires_at) and may be revoked.
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './connect.ts';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A token name already used by a token in force. */
export class TokenNameTaken extends Error {
  override name = 'TokenNameTaken';
}

export async function createToken(
  db: Queryable,
  name: string,
  opts: { expiresInDays?: number | undefined } = {},
): Promise<{ id: number; token: string; expiresAt: string | null }> {
  const token = `atl_${randomBytes(24).toString('base64url')}`;
  const days = opts.expiresInDays;
  try {
    const { rows } = await db.query<{ id: number; expires_at: string | null }>(
      `INSERT INTO admin_tokens (name, token_sha256, expires_at)
       VALUES ($1, $2, CASE WHEN $3::float8 IS NULL THEN NULL ELSE now() + make_interval(days => 1) * $3::float8 END)
       RETURNING id, to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS expires_at`,
      [name, hashToken(token), days ?? null],
    );
    return { id: rows[0]!.id, token, expiresAt: rows[0]!.expires_at };
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      throw new TokenNameTaken(`A token named "${name}" is already in force; revoke it first or choose another name`);
    }
    throw err;
  }
}

/** The token's name when it is valid: known, not revoked and not expired. */
export async function checkToken(db: Queryable, token: string): Promise<string | undefined> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT name FROM admin_tokens
     WHERE token_sha256 = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
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

export interface TokenInfo {
  id: number;
  name: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

export async function listTokens(db: Queryable): Promise<TokenInfo[]> {
  const { rows } = await db.query<TokenInfo>(
    `SELECT id, name, created_at::text, expires_at::text, revoked_at::text FROM admin_tokens ORDER BY id`,
  );
  return rows;
}
