// Bearer-token authentication for admin endpoints (tokens from `npm run admin -- token create`).
import type { RequestHandler } from 'express';
import type { Db } from '../../../db/src/connect.ts';
import { checkToken } from '../../../db/src/tokens.repository.ts';
import { HttpError } from '../errors.ts';

export function requireAdmin(db: Db): RequestHandler {
  return async (req, res, next) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="atlas-admin"');
      return next(new HttpError(401, 'Unauthorized', 'An admin token is required: Authorization: Bearer <token>'));
    }
    const name = await checkToken(db, m[1]!);
    if (!name) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="atlas-admin", error="invalid_token"');
      return next(new HttpError(401, 'Unauthorized', 'The admin token is not valid, has expired or was revoked'));
    }
    res.locals.admin = name;
    next();
  };
}
