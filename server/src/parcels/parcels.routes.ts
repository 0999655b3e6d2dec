// /api/parcels: by cadastral number, by a point, and autocomplete. The handlers take plain query parameters: the
// server answers them on its fast lane (../fast-lane.ts), and the Express app mounts the same handlers.
import { Router } from 'express';
import type { Db } from '../../../db/src/connect.ts';
import { parcelActivity, searchAddresses, searchParcels } from '../../../db/src/parcels.repository.ts';
import { badParam, missingParam, HttpError } from '../errors.ts';
import { searchParams, type JsonHandler } from '../fast-lane.ts';
import { asOf, parcelAnswerAtPoint, parcelAnswerByNumber, type SliverThreshold } from './parcel.service.ts';

const CADASTRAL = /^[0-9A-Za-z][0-9A-Za-z./-]{0,31}$/;
// Romania with a margin, in degrees.
const LON = [20, 30] as const;
const LAT = [43.5, 48.5] as const;

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
  if (!m || !d || Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(m[3]) || m[1] === '0000') {
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

/** The parcel endpoints by path. */
export function parcelsApi(db: Db, sliver: SliverThreshold): Record<string, JsonHandler> {
  return {
    '/api/parcels': async (query) => {
      const uat = parseSiruta(query.get('uat'));
      const number = parseCadastral(query.get('number'));
      return parcelAnswerByNumber(db, uat, number, asOf(parseDay(query.get('at'))), sliver);
    },

    '/api/parcels/at': async (query) => {
      const lon = parseCoordinate(query.get('lon'), 'lon');
      const lat = parseCoordinate(query.get('lat'), 'lat');
      return parcelAnswerAtPoint(db, lon, lat, asOf(parseDay(query.get('at'))), sliver);
    },

    '/api/parcels/search': async (query) => {
      const q = (query.get('q') ?? '').trim();
      if (!q) throw missingParam('q');
      if (q.length > 80) throw badParam('q', q.slice(0, 20) + '…', 'at most 80 characters');
      // Letters, digits, spaces and the punctuation of numbers and addresses; markup and the like are refused.
      if (!/^[\p{L}\p{M}\p{N}\s.,/'’"„”()-]+$/u.test(q))
        throw badParam('q', q, 'letters, digits, spaces and . , / - \' " ( ) only');
      const limitRaw = query.get('limit');
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
      // Text with a letter may be an address ("strada motilor 12", "Moților"): searched as one as well.
      const addressLike = !bySiruta && /\p{L}/u.test(q) && q.length >= 3;
      const numberLike = prefix === '' || CADASTRAL.test(prefix);
      if (!numberLike && !addressLike)
        throw badParam('q', q, 'expected a cadastral number, optionally after a UAT name or SIRUTA/, or an address');
      const numbers = numberLike ? await searchParcels(db, prefix, { uat, uatName, limit }) : [];
      const addresses =
        addressLike && numbers.length < limit ? await searchAddresses(db, q, { limit: limit - numbers.length }) : [];
      return {
        query: q,
        results: [
          ...numbers.map((r) => ({ ...r, match: 'number' as const })),
          ...addresses.map((r) => ({ ...r, match: 'address' as const })),
        ],
      };
    },

    '/api/parcels/activity': async (query) => {
      const uat = parseSiruta(query.get('uat'));
      const number = parseCadastral(query.get('number'));
      const radiusRaw = query.get('radius');
      const radius = radiusRaw === undefined || radiusRaw === '' ? 100 : Number(radiusRaw);
      if (!/^\d{1,4}$/.test(radiusRaw ?? '100') || !Number.isInteger(radius) || radius < 0 || radius > 1000)
        throw badParam('radius', radiusRaw, 'metres around the parcel, 0 to 1000');
      const found = await parcelActivity(db, uat, number, { radiusM: radius, limit: 20 });
      if (!found)
        throw new HttpError(404, 'NotFound', `No parcel with cadastral number ${number} in UAT ${uat}`, {
          parameter: 'number',
        });
      return { uat, number, radius_m: radius, ...found };
    },
  };
}

/** The same endpoints as Express routes. */
export function parcelsRoutes(api: Record<string, JsonHandler>): Router {
  const router = Router();
  for (const [path, handler] of Object.entries(api)) {
    router.get(path, async (req, res) => {
      const q = req.originalUrl.indexOf('?');
      res.json(await handler(searchParams(q < 0 ? '' : req.originalUrl.slice(q + 1))));
    });
  }
  return router;
}
