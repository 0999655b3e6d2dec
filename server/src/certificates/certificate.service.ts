// Issuing, reading and verifying informative urbanism certificates. A certificate is built from the parcel's zoning
// answer (parcel.service.ts) and the features around it, numbered per UAT and year in the transaction that stores
// it, and stored with its content, the data versions and the SHA-256 of its PDF. The PDF is never stored: it is drawn
// again from the stored content, byte for byte the same.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db, Queryable } from '../../../db/src/connect.ts';
import {
  certificateByNumber,
  certificateMap,
  insertCertificates,
  takeCertificateNumbers,
  type CertificateMap,
  type CertificateRow,
} from '../../../db/src/certificates.repository.ts';
import { currentVersions, type DatasetVersion } from '../../../db/src/datasets.repository.ts';
import { HttpError, notFound } from '../errors.ts';
import { parcelAnswerAndExtent, type AsOf, type SliverThreshold } from '../parcels/parcel.service.ts';
import {
  buildCertificateContent,
  type CertificateAuthority,
  type CertificateContent,
  type DataVersionRef,
  type ParcelAnswer,
} from './certificate-content.ts';
import { MAP_ASPECT, MAP_WIDTH_PT, renderCertificatePdf, sha256 } from './certificate-pdf.ts';
import { romanianClock, type Language } from './format.ts';
import { mapFrame } from './map-geometry.ts';

/** The most items one request may issue. */
export const BATCH_MAX = 500;
/** Neighbouring parcels drawn on a map at most. */
const MAP_MAX_PARCELS = 400;
/** Streets drawn on a map at most. */
const MAP_MAX_STREETS = 200;
/** Certificates numbered and stored per transaction: the counter row stays locked while their PDFs are drawn. */
const CHUNK = 50;
const NUMBER = /^CUI-(\d{1,6})-(\d{4})-(\d{6,9})$/;
const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export interface IssueRequest {
  uat: number;
  number: string;
  language: Language;
}

export interface IssueOptions {
  /** The public base URL of this Atlas (no trailing slash): the verify URL in the QR code is under it. */
  publicUrl: string;
  /** The issuing authority printed on the certificates; absent: none. */
  authority?: CertificateAuthority | null;
  /** Months the certificates are stated valid for; absent or null: no period stated. */
  validityMonths?: number | null;
  /** Runs inside the transaction that stores the certificates, with every result, just before it commits. */
  beforeCommit?: (tx: Queryable, results: readonly IssueResult[]) => Promise<void>;
  sliver: SliverThreshold;
  /** The clock; tests pin it. */
  now?: () => Date;
  /** Parcels looked up at once (a PostGIS pool runs them in parallel; the embedded engine one at a time). */
  concurrency?: number;
}

/** The certificate as the API returns it. */
export interface CertificateView {
  number: string;
  uat_siruta: number;
  cadastral_number: string;
  issued_at: string;
  reflects_date: string;
  language: string;
  sha256: string;
  pdf_url: string;
  verify_url: string;
  data_versions: unknown;
  /**
   * Whether a dataset behind the certificate is synthetic (test data, no legal value), and which; absent on
   * certificates issued before this was recorded (content format 1).
   */
  synthetic?: boolean;
  synthetic_datasets?: { id: number; layer: string; source_file: string }[];
  content: CertificateContent;
}

export interface Issued {
  certificate: CertificateView;
  pdf: Buffer;
}

export type IssueResult = { ok: true; issued: Issued } | { ok: false; error: HttpError };

interface Prepared {
  index: number;
  request: IssueRequest;
  answer: ParcelAnswer;
  frame: ReturnType<typeof mapFrame>;
  mapFeatures: CertificateMap['features'];
  streets: CertificateMap['streets'];
  versions: DataVersionRef[];
  layersPresent: { zoning: boolean; restrictions: boolean; streets: boolean };
}

export function isCertificateNumber(value: string): boolean {
  return NUMBER.test(value);
}

export function formatCertificateNumber(uat: number, year: number, sequence: number): string {
  return `CUI-${uat}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** 16 characters of base32 (80 random bits). */
export function newVerificationCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CODE_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export function verifyUrl(publicUrl: string, number: string, code: string): string {
  return `${publicUrl}/api/certificates/${number}/verify?code=${code}`;
}

/**
 * Issues one certificate per request item. Items that fail (unknown UAT or parcel) get their error; the others are
 * numbered and stored. Results come back in the order of `items`.
 */
export async function issueCertificates(
  db: Db,
  items: readonly IssueRequest[],
  opts: IssueOptions,
): Promise<IssueResult[]> {
  const issuedAt = new Date(Math.floor((opts.now?.() ?? new Date()).getTime() / 1000) * 1000);
  const local = romanianClock(issuedAt);
  const when: AsOf = { day: local.day, instant: issuedAt.toISOString() };
  const versions = await currentVersions(db);
  const results: IssueResult[] = new Array<IssueResult>(items.length);
  const prepared: Prepared[] = [];

  const concurrency = Math.max(1, opts.concurrency ?? (db.engine === 'postgis' ? 6 : 1));
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const request = items[index]!;
      try {
        prepared.push(await prepare(db, index, request, when, opts.sliver, versions));
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        results[index] = { ok: false, error: err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  prepared.sort((a, b) => a.index - b.index);

  // Number and store per UAT (numbers are per UAT and year), all in one transaction: a batch is all-or-nothing, so
  // a client whose request failed (or whose answer was lost) knows that none of it was stored.
  const year = Number(local.day.slice(0, 4));
  const byUat = new Map<number, Prepared[]>();
  for (const p of prepared) byUat.set(p.answer.uat.siruta, [...(byUat.get(p.answer.uat.siruta) ?? []), p]);
  await db.transaction(async (tx) => {
    const done: { index: number; issued: Issued }[] = [];
    for (const [uat, group] of [...byUat].sort((a, b) => a[0] - b[0])) {
      const last = await takeCertificateNumbers(tx, uat, year, group.length);
      for (let i = 0; i < group.length; i += CHUNK) {
        const chunk = group.slice(i, i + CHUNK);
        const out: { index: number; issued: Issued; row: CertificateRow }[] = [];
        for (const [k, p] of chunk.entries()) {
          const number = formatCertificateNumber(uat, year, last - group.length + 1 + i + k);
          const code = newVerificationCode();
          const content = buildCertificateContent({
            answer: p.answer,
            frame: p.frame,
            mapFeatures: p.mapFeatures,
            streets: p.streets,
            number,
            issuedAt: issuedAt.toISOString().replace('.000Z', 'Z'),
            issuedLocal: local,
            reflectsDate: when.day,
            verifyUrl: verifyUrl(opts.publicUrl, number, code),
            language: p.request.language,
            sliver: opts.sliver,
            dataVersions: p.versions,
            layersPresent: p.layersPresent,
            authority: opts.authority ?? null,
            validityMonths: opts.validityMonths ?? null,
          });
          const { pdf, sha256: hash } = await renderCertificatePdf(content);
          const row: CertificateRow = {
            number,
            uat_siruta: uat,
            cadastral_number: p.answer.cadastral_number,
            issued_at: content.issued_at,
            reflects_date: when.day,
            language: p.request.language,
            data_versions: p.versions,
            content,
            pdf_sha256: hash,
            verification_code: code,
          };
          out.push({ index: p.index, row, issued: { certificate: view(row, opts.publicUrl), pdf } });
        }
        await insertCertificates(
          tx,
          out.map((o) => o.row),
        );
        done.push(...out);
      }
    }
    const attempt = [...results];
    for (const o of done) attempt[o.index] = { ok: true, issued: o.issued };
    // Stored in the same transaction (an idempotency record): it commits with the certificates or not at all.
    await opts.beforeCommit?.(tx, attempt);
    for (const o of done) results[o.index] = { ok: true, issued: o.issued };
  });
  return results;
}

async function prepare(
  db: Db,
  index: number,
  request: IssueRequest,
  when: AsOf,
  sliver: SliverThreshold,
  versions: readonly DatasetVersion[],
): Promise<Prepared> {
  // Two round trips: the lookup (which yields the parcel's box as well), then one statement for the map and notes.
  const { answer, extent } = await parcelAnswerAndExtent(db, request.uat, request.number, when, sliver);
  const [xmin, ymin, xmax, ymax] = extent;
  if ([xmin, ymin, xmax, ymax].some((v) => v === null))
    throw new HttpError(404, 'NotFound', `Parcel ${request.number} has no geometry`);
  const frame = mapFrame({ xmin, ymin, xmax, ymax }, MAP_ASPECT, { paperWidthPt: MAP_WIDTH_PT });
  // The versions consulted: those that contributed, and those in force for this UAT that had nothing here (their
  // silence is what "the data contains none" rests on).
  const covering = versions.filter(
    (v) =>
      ['parcels', 'plans', 'zoning', 'restrictions', 'streets'].includes(v.layer) &&
      (v.uat_siruta === null || v.uat_siruta === answer.uat.siruta),
  );
  const map = await certificateMap(db, {
    frame,
    at: when.instant,
    day: when.day,
    parcelId: answer.id,
    maxParcels: MAP_MAX_PARCELS,
    maxStreets: MAP_MAX_STREETS,
    uat: answer.uat.siruta,
    versionIds: [...new Set([...answer.data_versions, ...covering].map((v) => v.id))],
  });
  const { features: mapFeatures, streets } = map;
  const streetVersions = new Set(streets.map((s) => s.dataset_version_id));
  const byId = new Map<number, DataVersionRef>();
  for (const v of [...answer.data_versions, ...covering, ...versions.filter((v) => streetVersions.has(v.id))]) {
    byId.set(v.id, {
      id: v.id,
      layer: v.layer,
      source_file: v.source_file,
      imported_at: v.imported_at,
      valid_from: v.valid_from,
    });
  }
  // Where each comes from: synthetic (test) data is marked on the certificate, and sources are credited.
  for (const p of map.provenance) {
    const v = byId.get(p.id);
    if (v) byId.set(p.id, { ...v, synthetic: p.synthetic, attribution: p.attribution });
  }
  return {
    index,
    request,
    answer,
    frame,
    mapFeatures,
    streets,
    versions: [...byId.values()].sort((a, b) => a.id - b.id),
    layersPresent: {
      zoning: map.hasZoning,
      restrictions: covering.some((v) => v.layer === 'restrictions'),
      streets: streets.length > 0 || covering.some((v) => v.layer === 'streets'),
    },
  };
}

/** The API view of a stored certificate. */
export function view(row: CertificateRow, publicUrl: string): CertificateView {
  const content = row.content as CertificateContent;
  return {
    number: row.number,
    uat_siruta: row.uat_siruta,
    cadastral_number: row.cadastral_number,
    issued_at: row.issued_at,
    reflects_date: row.reflects_date,
    language: row.language,
    sha256: row.pdf_sha256,
    pdf_url: `${publicUrl}/api/certificates/${row.number}.pdf`,
    verify_url: content.verify_url,
    data_versions: row.data_versions,
    ...(content.synthetic_data === undefined
      ? {}
      : {
          synthetic: content.synthetic_data !== null,
          synthetic_datasets: content.synthetic_data?.datasets ?? [],
        }),
    content,
  };
}

export async function storedCertificate(db: Queryable, number: string): Promise<CertificateRow> {
  const row = isCertificateNumber(number) ? await certificateByNumber(db, number) : undefined;
  if (!row) throw notFound('Certificate', number);
  return row;
}

/** The PDF of a stored certificate, drawn again from its stored content. */
export async function certificatePdf(row: CertificateRow): Promise<{ pdf: Buffer; sha256: string; matches: boolean }> {
  const { pdf, sha256: hash } = await renderCertificatePdf(row.content as CertificateContent);
  return { pdf, sha256: hash, matches: hash === row.pdf_sha256 };
}

export interface Verification {
  number: string;
  /**
   * Everything presented matches what was issued: the code is the one issued with this number and, when a PDF was
   * given, its SHA-256 is the stored one. A script can read this member alone.
   */
  valid: boolean;
  reason: 'ok' | 'code_mismatch' | 'pdf_mismatch';
  /** The code is the one issued with this number (also true when only the PDF does not match). */
  code_valid?: boolean;
  issued_at?: string;
  uat_siruta?: number;
  cadastral_number?: string;
  reflects_date?: string;
  sha256?: string;
  /** Only when a PDF was given: whether its SHA-256 is the one stored at issue. */
  pdf?: { sha256: string; matches: boolean };
}

export function verify(row: CertificateRow, code: string, pdf?: Uint8Array): Verification {
  const valid = sameText(code.trim().toUpperCase(), row.verification_code);
  if (!valid) return { number: row.number, valid: false, reason: 'code_mismatch' };
  const out: Verification = {
    number: row.number,
    valid: true,
    reason: 'ok',
    code_valid: true,
    issued_at: row.issued_at,
    uat_siruta: row.uat_siruta,
    cadastral_number: row.cadastral_number,
    reflects_date: row.reflects_date,
    sha256: row.pdf_sha256,
  };
  if (pdf) {
    const hash = sha256(pdf);
    out.pdf = { sha256: hash, matches: hash === row.pdf_sha256 };
    if (!out.pdf.matches) {
      out.valid = false;
      out.reason = 'pdf_mismatch';
    }
  }
  return out;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
