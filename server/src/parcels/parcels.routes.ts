// /api/parcels: by cadastral number, by a point, and autocomplete.
import { Router, type Request } from 'express';
import type { Db } from '../../../db/src/connect.ts';
import { searchParcels } from '../../../db/src/parcels.repository.ts';
import { badParam, missingParam } from '../errors.ts';
import { asOf, parcelAnswerAtPoint, parcelAnswerByNumber, type SliverThreshold } from './parcel.service.ts';

const CADASTRAL = /^[0-9A-Za-z][0-9A-Za-z./-]{0,31}$/;
// Romania with a margin, in degrees.
const LON = [20, 30] as const;
const LAT = [43.5, 48.5] as const;

function one(req: Request, name: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badParam(name, v, 'give it once');
  return v;
}

export function parseSiruta(v: string | undefined, name = 'uat'): number {
  if (v === undefined || v === '') throw missingParam(name);
  if (!/^\d{1,6}$/.test(v)) throw badParam(name, v, 'a SIRUTA code is a number of up to 6 digits');
  return Number(v);
}

export function parseCadastral(v: string | undefined, name = 'number'): string {
  if (v === undefined || v === '') throw missingParam(name);
  if (!CADASTRAL.test(v))
    throw badParam(name, v, 'a cadastral number holds digits, letters, "-", "/" or "." (at most 32)');
  return v;
}

export function parseDay(v: string | undefined, name = 'at'): string | undefined {
  if (v === undefined || v === '') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const d = m ? new Date(`${v}T00:00:00Z`) : undefined;
  if (!m || !d || Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(m[3])) {
    throw badParam(name, v, 'expected a date YYYY-MM-DD');
  }
  return v;
}

function parseCoordinate(v: string | undefined, name: 'lon' | 'lat'): number {
  if (v === undefined || v === '') throw missingParam(name);
  const n = Number(v);
  const [min, max] = name === 'lon' ? LON : LAT;
  if (!/^-?\d+(\.\d+)?$/.test(v.trim()) || !Number.isFinite(n))
    throw badParam(name, v, 'expected a number in degrees (WGS84)');
  if (n < min || n > max) throw badParam(name, v, `outside Romania (${min} to ${max})`);
  return n;
}

export function parcelsRoutes(db: Db, sliver: SliverThreshold): Router {
  const router = Router();

  router.get('/api/parcels', async (req, res) => {
    const uat = parseSiruta(one(req, 'uat'));
    const number = parseCadastral(one(req, 'number'));
    const when = asOf(parseDay(one(req, 'at')));
    res.json(await parcelAnswerByNumber(db, uat, number, when, sliver));
  });

  router.get('/api/parcels/at', async (req, res) => {
    const lon = parseCoordinate(one(req, 'lon'), 'lon');
    const lat = parseCoordinate(one(req, 'lat'), 'lat');
    const when = asOf(parseDay(one(req, 'at')));
    res.json(await parcelAnswerAtPoint(db, lon, lat, when, sliver));
  });

  router.get('/api/parcels/search', async (req, res) => {
    const q = (one(req, 'q') ?? '').trim();
    if (!q) throw missingParam('q');
    if (q.length > 80) throw badParam('q', q.slice(0, 20) + '…', 'at most 80 characters');
    const limitRaw = one(req, 'limit');
    const limit = limitRaw === undefined ? 20 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 20) throw badParam('limit', limitRaw, 'between 1 and 20');
    // "54975/2584", "Cluj-Napoca 2584" or "2584".
    const bySiruta = /^(\d{1,6})\s*\/\s*([0-9A-Za-z./-]*)$/.exec(q);
    const byName = /^(.*\D)\s+([0-9][0-9A-Za-z./-]*)$/.exec(q);
    let prefix = q;
    let uat: number | undefined;
    let uatName: string | undefined;
    if (bySiruta) {
      uat = Number(bySiruta[1]);
      prefix = bySiruta[2]!;
    } else if (byName) {
      uatName = byName[1]!.trim();
      prefix = byName[2]!;
    }
    if (prefix && !CADASTRAL.test(prefix))
      throw badParam('q', q, 'expected a cadastral number, optionally after a UAT name or SIRUTA/');
    const rows = await searchParcels(db, prefix, { uat, uatName, limit });
    res.json({ query: q, results: rows });
  });

  return router;
}
