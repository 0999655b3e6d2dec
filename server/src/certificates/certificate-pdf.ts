// Draws a certificate's PDF (A4) from its stored content alone, deterministically: the same content gives the same
// bytes, so the SHA-256 stored at issue verifies every later rendering. Nothing here reads the clock, the locale or
// random numbers: the creation date is the issue time, the document ID derives from the document info, compression is
// plain deflate, and every text was formatted when the content was built.
// Changing how a certificate is drawn changes the bytes of every stored certificate of that content format: keep the
// old drawing for stored contents of the old `format` and bump CONTENT_FORMAT (certificate-content.ts) for new ones.
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CertificateContent, CertificateItem, CertificateMap, LegendSymbol } from './certificate-content.ts';
import { certificateFont } from './fonts.ts';
import { formatNumber } from './format.ts';
import { niceLength, scaleDenominator, type Polygons } from './map-geometry.ts';
import { boxesOverlap, boxInside, placeAlongLines, rectBox, type Box, type Point } from './map-labels.ts';

type Doc = InstanceType<typeof PDFDocument>;

const PAGE = { width: 595.28, height: 841.89 } as const;
const MARGIN = { left: 50, right: 50, top: 48, bottom: 62 } as const;
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const MAP = { width: CONTENT_WIDTH, height: 300 } as const;
/** The aspect (width / height) of the map box; the content's frame is made with it. */
export const MAP_ASPECT = MAP.width / MAP.height;
/** The width of the drawn map on paper (points): the map is drawn at a round scale over this width. */
export const MAP_WIDTH_PT = MAP.width;

const INK = '#1f2933';
const MUTED = '#5f6b7a';
const RULE = '#c5ccd3';
const ACCENT = '#0b3d6b';
const REGULAR = 'AtlasSans';
const BOLD = 'AtlasSans-Bold';

export interface RenderedPdf {
  pdf: Buffer;
  sha256: string;
  /** How full each page is: the share (0-1) of its text area that its content takes. */
  pageFill: number[];
}

/** The text area of a page, in points. */
const BODY_HEIGHT = PAGE.height - MARGIN.bottom - MARGIN.top;
/** A last page filled less than this is balanced with the page before it (format 2 on): no page of a few lines. */
export const MIN_LAST_PAGE_FILL = 1 / 3;

export async function renderCertificatePdf(
  content: CertificateContent,
  opts: { sharedFonts?: boolean } = {},
): Promise<RenderedPdf> {
  const first = await renderOnce(content, opts, null);
  if (content.format === 'atlas-certificate/1') return first.rendered;
  const at = balancedBreak(first.layout);
  if (at === null) return first.rendered;
  const second = await renderOnce(content, opts, at);
  return second.layout.pageEnds.length > first.layout.pageEnds.length ? first.rendered : second.rendered;
}

/** Where the blocks of a drawn certificate fell. */
interface Layout {
  /** Each block that may start a page: its page (0-based), its top and whether it heads what follows it. */
  blocks: { page: number; top: number; heading: boolean }[];
  /** The lowest point the content reached on each page. */
  pageEnds: number[];
}

/**
 * The block before which to start a new page so that the last page holds at least MIN_LAST_PAGE_FILL of a page,
 * taking blocks from the end of the page before it (a heading goes with what it heads); null when the last page is
 * full enough, or when no block can be moved without overfilling the last page.
 */
export function balancedBreak(layout: Layout): number | null {
  const pages = layout.pageEnds.length;
  if (pages < 2) return null;
  const lastFill = layout.pageEnds[pages - 1]! - MARGIN.top;
  if (lastFill >= MIN_LAST_PAGE_FILL * BODY_HEIGHT) return null;
  const end = layout.pageEnds[pages - 2]!;
  for (let k = layout.blocks.length - 1; k > 0; k--) {
    const b = layout.blocks[k]!;
    if (b.page < pages - 2) break;
    if (b.page !== pages - 2) continue;
    let at = k;
    while (at > 0 && layout.blocks[at - 1]!.heading && layout.blocks[at - 1]!.page === b.page) at--;
    const start = layout.blocks[at]!;
    if (start.top <= MARGIN.top + 1) return null;
    const tail = end - start.top + lastFill;
    if (tail > BODY_HEIGHT - 24) return null;
    if (tail >= MIN_LAST_PAGE_FILL * BODY_HEIGHT) return at;
  }
  return null;
}

async function renderOnce(
  content: CertificateContent,
  opts: { sharedFonts?: boolean },
  breakBefore: number | null,
): Promise<{ rendered: RenderedPdf; layout: Layout }> {
  const issued = new Date(content.issued_at);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    compress: true,
    // No default font: pdfkit would parse the Helvetica metrics for every document, and Helvetica garbles ș and ț.
    font: null as unknown as string,
    lang: content.language === 'ro' ? 'ro-RO' : 'en-GB',
    displayTitle: true,
    info: {
      Title: `${content.title} ${content.number}`,
      Author: content.issuer,
      Subject: `${content.uat.name ?? content.uat.siruta} — ${content.cadastral_number}`,
      Keywords: `${content.number}; ${content.cadastral_number}; ${content.uat.siruta}`,
      Creator: 'Atlas',
      Producer: 'Atlas (PDFKit)',
      CreationDate: issued,
      ModDate: issued,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  useCertificateFonts(doc, opts.sharedFonts ?? true);

  const w = new Writer(doc, content.format === 'atlas-certificate/1' ? null : breakBefore);
  firstPageHeader(w, content);
  const [identification, purpose, ...rest] = content.sections;
  if (identification) w.section(identification.title, identification.items);
  if (purpose) w.section(purpose.title, purpose.items);
  drawMapBlock(w, content);
  drawZonesTable(w, content);
  for (const section of rest) w.section(section.title, section.items);
  w.heading(content.notices.title);
  for (const notice of content.notices.items) w.paragraph(notice);
  w.pageEnds.push(w.y);
  footers(doc, content);
  doc.end();
  const pdf = await done;
  const layout = { blocks: w.blocks, pageEnds: w.pageEnds };
  return {
    rendered: { pdf, sha256: sha256(pdf), pageFill: w.pageEnds.map((y) => (y - MARGIN.top) / BODY_HEIGHT) },
    layout,
  };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

// ---------------------------------------------------------------------------------------------------------------
// Fonts shared between documents
// ---------------------------------------------------------------------------------------------------------------

/** The parts of pdfkit's document and embedded font used to share fonts; not in its public typings. */
interface PdfkitInternals {
  _fontFamilies?: Record<string, { layoutCache?: object }>;
  _fontCount?: number;
  _font?: {
    /** The fontkit font. */
    font?: unknown;
    constructor: new (doc: Doc, font: unknown, id: string) => { layoutCache?: object };
  };
}

let sharedFonts:
  | {
      EmbeddedFont: new (doc: Doc, font: unknown, id: string) => { layoutCache?: object };
      fonts: Record<string, unknown>;
      caches: Record<string, object>;
      documents: number;
    }
  | null
  | undefined;

/**
 * Gives the document the certificate's two fonts. pdfkit opens a font anew for every document and lays out every
 * word again: with the parsed fonts and the word layouts shared between documents, a certificate is drawn about
 * twice as fast. This reaches into pdfkit's internals (its embedded-font class and font table); when they are not
 * what this expects, it falls back to pdfkit's public registerFont. Both give the same bytes (a unit test checks).
 */
function useCertificateFonts(doc: Doc, share: boolean): void {
  const names = [REGULAR, BOLD] as const;
  const weights = { [REGULAR]: 'regular', [BOLD]: 'bold' } as const;
  if (share && sharedFonts === undefined) sharedFonts = probeSharedFonts();
  const d = doc as unknown as PdfkitInternals;
  if (!share || !sharedFonts || !d._fontFamilies || typeof d._fontCount !== 'number') {
    for (const name of names) doc.registerFont(name, certificateFont(weights[name]));
    return;
  }
  // Word layouts depend only on the font; start afresh now and then so that the caches stay small.
  if (++sharedFonts.documents % 1000 === 0) sharedFonts.caches = { [REGULAR]: {}, [BOLD]: {} };
  for (const name of names) {
    const font = new sharedFonts.EmbeddedFont(doc, sharedFonts.fonts[name], `F${++d._fontCount}`);
    font.layoutCache = sharedFonts.caches[name];
    d._fontFamilies[name] = font;
  }
}

function probeSharedFonts(): typeof sharedFonts {
  try {
    const probe = new PDFDocument({ font: null as unknown as string, autoFirstPage: false });
    const internals = probe as unknown as PdfkitInternals;
    const open = (name: string, weight: 'regular' | 'bold') => {
      probe.registerFont(name, certificateFont(weight));
      probe.font(name);
      return internals._font;
    };
    const regular = open(REGULAR, 'regular');
    const bold = open(BOLD, 'bold');
    if (!regular?.font || !bold?.font || !internals._fontFamilies) return null;
    return {
      EmbeddedFont: regular.constructor,
      fonts: { [REGULAR]: regular.font, [BOLD]: bold.font },
      caches: { [REGULAR]: {}, [BOLD]: {} },
      documents: 0,
    };
  } catch {
    return null;
  }
}

/**
 * Text flow with page breaks: keeps a cursor and starts a new page when a block does not fit, or before block
 * `breakBefore` (to balance the last two pages). Records where each block fell.
 */
class Writer {
  y: number;
  readonly blocks: Layout['blocks'] = [];
  readonly pageEnds: number[] = [];
  constructor(
    readonly doc: Doc,
    readonly breakBefore: number | null = null,
  ) {
    this.y = MARGIN.top;
  }

  get bottom(): number {
    return PAGE.height - MARGIN.bottom;
  }

  /** Makes room for a block of `height`; `heading`: the block goes with the one after it. */
  ensure(height: number, heading = false): void {
    const index = this.blocks.length;
    if (this.y + height > this.bottom || (index === this.breakBefore && this.y > MARGIN.top)) this.newPage();
    this.blocks.push({ page: this.pageEnds.length, top: this.y, heading });
  }

  newPage(): void {
    this.pageEnds.push(this.y);
    this.doc.addPage();
    this.y = MARGIN.top;
  }

  heading(text: string): void {
    const { doc } = this;
    doc.font(BOLD).fontSize(11.5);
    const h = doc.heightOfString(text, { width: CONTENT_WIDTH });
    // Keep a heading with what follows it (a sub-heading and a row at least).
    this.ensure(h + 75, true);
    this.y += 10;
    doc.fillColor(ACCENT).text(text, MARGIN.left, this.y, { width: CONTENT_WIDTH });
    this.y += h + 3;
    doc
      .moveTo(MARGIN.left, this.y)
      .lineTo(MARGIN.left + CONTENT_WIDTH, this.y)
      .lineWidth(0.8)
      .strokeColor(ACCENT)
      .stroke();
    this.y += 5;
  }

  paragraph(text: string, size = 8.5, color = INK): void {
    const { doc } = this;
    doc.font(REGULAR).fontSize(size);
    const h = doc.heightOfString(text, { width: CONTENT_WIDTH });
    this.ensure(h + 4);
    doc.fillColor(color).text(text, MARGIN.left, this.y, { width: CONTENT_WIDTH });
    this.y += h + 4;
  }

  section(title: string, items: readonly CertificateItem[]): void {
    this.heading(title);
    let group: string | undefined;
    for (const item of items) {
      if (item.group !== group) {
        group = item.group;
        if (group) this.subheading(group);
      }
      this.row(item);
    }
  }

  subheading(text: string): void {
    const { doc } = this;
    doc.font(BOLD).fontSize(9.5);
    const h = doc.heightOfString(text, { width: CONTENT_WIDTH });
    this.ensure(h + 34, true);
    this.y += 4;
    doc.fillColor(INK).text(text, MARGIN.left, this.y, { width: CONTENT_WIDTH });
    this.y += h + 2;
  }

  row(item: CertificateItem): void {
    const { doc } = this;
    const labelWidth = 150;
    const gap = 10;
    const valueWidth = CONTENT_WIDTH - labelWidth - gap;
    doc.font(BOLD).fontSize(8.3);
    const hl = doc.heightOfString(item.label, { width: labelWidth });
    doc.font(REGULAR).fontSize(9);
    const hv = doc.heightOfString(item.text, { width: valueWidth });
    const h = Math.max(hl, hv) + 6;
    this.ensure(h);
    doc
      .font(BOLD)
      .fontSize(8.3)
      .fillColor(MUTED)
      .text(item.label, MARGIN.left, this.y + 3, { width: labelWidth });
    doc
      .font(REGULAR)
      .fontSize(9)
      .fillColor(item.status === 'not_in_data' ? MUTED : INK)
      .text(item.text, MARGIN.left + labelWidth + gap, this.y + 3, { width: valueWidth });
    this.y += h;
    doc
      .moveTo(MARGIN.left, this.y)
      .lineTo(MARGIN.left + CONTENT_WIDTH, this.y)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
  }
}

function firstPageHeader(w: Writer, content: CertificateContent): void {
  const { doc } = w;
  const qrSize = 78;
  const qrX = PAGE.width - MARGIN.right - qrSize;
  const textWidth = CONTENT_WIDTH - qrSize - 16;
  drawQr(doc, content.verify_url, qrX, MARGIN.top - 6, qrSize);
  doc
    .font(REGULAR)
    .fontSize(7)
    .fillColor(MUTED)
    .text(content.labels.verify, qrX, MARGIN.top - 6 + qrSize + 1, { width: qrSize, align: 'center' });

  let y = MARGIN.top;
  const authority = content.authority;
  if (authority) {
    // The issuing authority: its logo, its name and address, above the system that produced the content.
    let x = MARGIN.left;
    let width = textWidth;
    const logoSize = 42;
    if (authority.logo) {
      doc.image(Buffer.from(authority.logo.base64, 'base64'), x, y, { fit: [logoSize, logoSize] });
      x += logoSize + 8;
      width -= logoSize + 8;
    }
    let ty = y;
    doc.font(BOLD).fontSize(10).fillColor(INK).text(authority.name, x, ty, { width });
    ty += doc.heightOfString(authority.name, { width }) + 1;
    if (authority.address) {
      doc.font(REGULAR).fontSize(8.5).fillColor(MUTED).text(authority.address, x, ty, { width });
      ty += doc.heightOfString(authority.address, { width });
    }
    y = Math.max(ty, authority.logo ? y + logoSize : ty) + 4;
  }
  doc.font(REGULAR).fontSize(8.5).fillColor(MUTED).text(content.issuer, MARGIN.left, y, { width: textWidth });
  y += doc.heightOfString(content.issuer, { width: textWidth }) + 6;
  const title = content.title.toUpperCase();
  doc.font(BOLD).fontSize(16).fillColor(ACCENT).text(title, MARGIN.left, y, { width: textWidth });
  y += doc.heightOfString(title, { width: textWidth }) + 4;
  doc.font(BOLD).fontSize(11).fillColor(INK).text(content.number_line, MARGIN.left, y, { width: textWidth });
  y += doc.heightOfString(content.number_line, { width: textWidth }) + 4;
  doc.font(REGULAR).fontSize(7.8).fillColor(MUTED).text(content.law_basis, MARGIN.left, y, { width: textWidth });
  y += doc.heightOfString(content.law_basis, { width: textWidth });
  w.y = Math.max(y, MARGIN.top + qrSize + 10) + 2;
}

function drawQr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + 2 * quiet);
  doc.rect(x, y, size, size).fillColor('#ffffff').fill();
  doc.fillColor('#000000');
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && qr.modules.get(row, col)) col++;
      doc.rect(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell, cell);
    }
  }
  doc.fill();
}

// ---------------------------------------------------------------------------------------------------------------
// The map
// ---------------------------------------------------------------------------------------------------------------

function drawMapBlock(w: Writer, content: CertificateContent): void {
  const { doc } = w;
  const map = content.map;
  const legendRows = Math.ceil(map.legend.length / 2);
  const legendHeight = 16 + legendRows * 13;
  w.heading(content.labels.map_title);
  w.ensure(MAP.height + legendHeight + 8);
  const x0 = MARGIN.left;
  const y0 = w.y + 2;
  drawMap(doc, map, content, x0, y0);
  let y = y0 + MAP.height + 8;
  doc.font(BOLD).fontSize(8.5).fillColor(INK).text(content.labels.legend, x0, y);
  y += 13;
  const colWidth = CONTENT_WIDTH / 2;
  map.legend.forEach((entry, i) => {
    const cx = x0 + (i % 2) * colWidth;
    const cy = y + Math.floor(i / 2) * 13;
    drawSwatch(doc, entry.symbol, cx, cy + 1, 16, 9);
    doc
      .font(REGULAR)
      .fontSize(8)
      .fillColor(INK)
      .text(entry.label, cx + 22, cy, { width: colWidth - 26, lineBreak: false, ellipsis: true });
  });
  w.y = y + legendRows * 13 + 4;
}

function drawMap(doc: Doc, map: CertificateMap, content: CertificateContent, x0: number, y0: number): void {
  const [fx0, fy0, fx1, fy1] = map.frame;
  const s = Math.min(MAP.width / (fx1 - fx0), MAP.height / (fy1 - fy0));
  const ox = x0 + (MAP.width - (fx1 - fx0) * s) / 2;
  const oy = y0 + (MAP.height - (fy1 - fy0) * s) / 2;
  const px = (x: number) => ox + (x - fx0) * s;
  const py = (y: number) => oy + (fy1 - y) * s;
  const path = (polygons: Polygons) => {
    for (const polygon of polygons) {
      for (const ring of polygon) {
        ring.forEach(([x, y], i) => (i === 0 ? doc.moveTo(px(x), py(y)) : doc.lineTo(px(x), py(y))));
        doc.closePath();
      }
    }
  };

  doc.save();
  doc.rect(x0, y0, MAP.width, MAP.height).clip();
  doc.rect(x0, y0, MAP.width, MAP.height).fillColor('#f3f4f5').fill();

  for (const zone of map.zones) {
    path(zone.polygons);
    doc
      .lineWidth(0.5)
      .fillColor(zone.fill)
      .strokeColor(zone.outline)
      .fillAndStroke(zone.fill, zone.outline, 'even-odd');
  }
  for (const r of map.restrictions) {
    doc.save();
    path(r.polygons);
    doc.clip('even-odd');
    hatch(doc, x0, y0, MAP.width, MAP.height, r.color, r.direction);
    doc.restore();
    path(r.polygons);
    doc.lineWidth(0.9).strokeColor(r.color).stroke();
  }
  const streets = map.streets ?? [];
  if (streets.length) {
    // Casings first, then the white lines: crossing streets join.
    const casing = map.legend.find((l) => l.symbol.type === 'street')?.symbol;
    const style = casing?.type === 'street' ? casing : { color: '#ffffff', casing: '#8d99a6' };
    const line = () => {
      for (const street of streets) {
        for (const part of street.lines)
          part.forEach(([x, y], i) => (i === 0 ? doc.moveTo(px(x), py(y)) : doc.lineTo(px(x), py(y))));
      }
    };
    doc.lineCap('round').lineJoin('round');
    line();
    doc.lineWidth(4.6).strokeColor(style.casing).stroke();
    line();
    doc.lineWidth(3).strokeColor(style.color).stroke();
    doc.lineCap('butt').lineJoin('miter');
  }
  for (const parcel of map.parcels) {
    path(parcel);
    doc.lineWidth(0.35).strokeColor(INK).strokeOpacity(0.75).stroke();
  }
  doc.strokeOpacity(1);
  for (const plan of map.plans) {
    path(plan.polygons);
    setDash(doc, plan.dash, 1.4);
    doc.lineWidth(1.4).strokeColor(plan.color).stroke();
    doc.undash();
  }
  path(map.subject.polygons);
  doc.fillColor(map.subject.fill).fillOpacity(map.subject.opacity).fill('even-odd');
  doc.fillOpacity(1);
  path(map.subject.polygons);
  doc.lineWidth(2).strokeColor(map.subject.color).stroke();

  // Cadastral numbers: the property's, then the street names, then the neighbours' numbers, each where it does not
  // collide with one already written.
  const taken: [number, number, number, number][] = [];
  const streetBoxes: Box[] = [];
  const free = (b: [number, number, number, number]) =>
    !taken.some((t) => b[0] < t[2] && t[0] < b[2] && b[1] < t[3] && t[1] < b[3]) &&
    !streetBoxes.some((t) => boxesOverlap(rectBox(b[0], b[1], b[2], b[3]), t));
  const labels = [...(map.parcel_labels ?? [])].sort((a, b) => Number(b.subject) - Number(a.subject));
  const neighbours = labels.findIndex((l) => !l.subject);
  for (const [i, label] of labels.entries()) {
    if (i === neighbours && streets.length) {
      streetLabels(doc, map, { x0, y0, px, py }, taken, streetBoxes);
    }
    doc.font(label.subject ? BOLD : REGULAR).fontSize(label.subject ? 7 : 5.5);
    const tw = doc.widthOfString(label.text);
    const th = label.subject ? 7 : 5.5;
    const lx = px(label.at[0]) - tw / 2;
    const ly = py(label.at[1]) + (label.subject ? 6 : -th / 2);
    const box: [number, number, number, number] = [lx - 1, ly - 1, lx + tw + 1, ly + th + 1];
    const inside = box[0] >= x0 && box[1] >= y0 && box[2] <= x0 + MAP.width && box[3] <= y0 + MAP.height;
    if (!inside || !free(box)) continue;
    taken.push(box);
    doc.fillColor(label.subject ? map.subject.color : '#37474f').text(label.text, lx, ly, { lineBreak: false });
  }
  if (streets.length && neighbours < 0) streetLabels(doc, map, { x0, y0, px, py }, taken, streetBoxes);

  doc.font(BOLD).fontSize(7);
  for (const label of map.labels) {
    const tw = doc.widthOfString(label.text);
    const lx = px(label.at[0]) - tw / 2;
    const ly = py(label.at[1]) - 4.5;
    doc
      .roundedRect(lx - 2, ly - 1, tw + 4, 10, 2)
      .fillColor('#ffffff')
      .fillOpacity(0.8)
      .fill();
    doc.fillOpacity(1).fillColor(INK).text(label.text, lx, ly, { lineBreak: false });
  }
  doc.restore();

  if (map.caption) {
    doc.font(REGULAR).fontSize(6);
    const cw = Math.min(doc.widthOfString(map.caption), MAP.width - 60);
    doc
      .rect(x0, y0, cw + 10, 11)
      .fillColor('#ffffff')
      .fillOpacity(0.85)
      .fill();
    doc
      .fillOpacity(1)
      .fillColor(MUTED)
      .text(map.caption, x0 + 5, y0 + 3, { width: cw + 2, lineBreak: false, ellipsis: true });
  }
  northArrow(doc, x0 + MAP.width - 24, y0 + 10, content.labels.north);
  scaleBar(doc, content, x0 + 8, y0 + MAP.height - 30, fx1 - fx0, s);
  doc.font(REGULAR).fontSize(6.5);
  const crsWidth = doc.widthOfString(content.labels.crs);
  doc
    .rect(x0 + MAP.width - crsWidth - 10, y0 + MAP.height - 13, crsWidth + 10, 13)
    .fillColor('#ffffff')
    .fillOpacity(0.85)
    .fill();
  doc
    .fillOpacity(1)
    .fillColor(INK)
    .text(content.labels.crs, x0 + MAP.width - crsWidth - 5, y0 + MAP.height - 10.5, { lineBreak: false });
  doc.rect(x0, y0, MAP.width, MAP.height).lineWidth(0.8).strokeColor(INK).stroke();
}

const STREET_LABEL_SIZE = 6.5;

/**
 * The street names, each once, along a nearly straight stretch of its street, upright, inside the map, clear of the
 * labels already written (`taken`) and of the map's furniture (caption, north arrow, scale bar, CRS). The boxes of
 * the names written go to `placed`.
 */
function streetLabels(
  doc: Doc,
  map: CertificateMap,
  view: { x0: number; y0: number; px: (x: number) => number; py: (y: number) => number },
  taken: readonly [number, number, number, number][],
  placed: Box[],
): void {
  const { x0, y0, px, py } = view;
  const furniture: Box[] = [
    rectBox(x0 + MAP.width - 40, y0, x0 + MAP.width, y0 + 42), // north arrow
    rectBox(x0, y0 + MAP.height - 40, x0 + 150, y0 + MAP.height), // scale bar
    rectBox(x0 + MAP.width - 110, y0 + MAP.height - 16, x0 + MAP.width, y0 + MAP.height), // CRS
  ];
  if (map.caption) {
    doc.font(REGULAR).fontSize(6);
    furniture.push(rectBox(x0, y0, x0 + Math.min(doc.widthOfString(map.caption), MAP.width - 60) + 12, y0 + 13));
  }
  // The zone codes, written over everything after the names.
  doc.font(BOLD).fontSize(7);
  const zoneCodes = map.labels.map((l) => {
    const tw = doc.widthOfString(l.text);
    const lx = px(l.at[0]) - tw / 2;
    const ly = py(l.at[1]) - 4.5;
    return rectBox(lx - 2, ly - 1, lx + tw + 2, ly + 9);
  });
  const obstacles = [...furniture, ...zoneCodes, ...taken.map((t) => rectBox(t[0], t[1], t[2], t[3]))];
  const bounds = [x0 + 2, y0 + 2, x0 + MAP.width - 2, y0 + MAP.height - 2] as const;
  const byName = new Map<string, Point[][]>();
  for (const street of map.streets ?? []) {
    if (!street.name) continue;
    const lines = street.lines.map((line) => line.map(([x, y]): Point => [px(x), py(y)]));
    byName.set(street.name, [...(byName.get(street.name) ?? []), ...lines]);
  }
  doc.font(REGULAR).fontSize(STREET_LABEL_SIZE);
  for (const [name, lines] of byName) {
    const width = doc.widthOfString(name);
    const place = placeAlongLines(
      lines,
      width,
      STREET_LABEL_SIZE,
      (box) =>
        boxInside(box, bounds) &&
        !obstacles.some((o) => boxesOverlap(box, o)) &&
        !placed.some((o) => boxesOverlap(box, o)),
    );
    if (!place) continue;
    placed.push(place.box);
    doc.save();
    doc.translate(place.at[0], place.at[1]).rotate((place.angle * 180) / Math.PI);
    doc
      .roundedRect(-width / 2 - 2, -STREET_LABEL_SIZE / 2 - 1, width + 4, STREET_LABEL_SIZE + 2, 1.5)
      .fillColor('#ffffff')
      .fillOpacity(0.85)
      .fill();
    doc
      .fillOpacity(1)
      .fillColor('#243b53')
      .text(name, -width / 2, -STREET_LABEL_SIZE / 2 - 0.6, { lineBreak: false });
    doc.restore();
  }
  doc.font(REGULAR);
}

function setDash(doc: Doc, dash: readonly number[], width: number): void {
  if (dash.length < 2 || dash[1] === 0) {
    doc.undash();
    return;
  }
  doc.dash(dash[0]! * width, { space: dash[1]! * width });
}

/** Diagonal hatching over a box (clip first): 'up' rises to the right, 'down' falls, as on the web map. */
function hatch(doc: Doc, x: number, y: number, w: number, h: number, color: string, direction: 'up' | 'down'): void {
  const step = 6;
  doc.lineWidth(0.7).strokeColor(color).strokeOpacity(0.85);
  for (let d = -h; d < w; d += step) {
    if (direction === 'up') doc.moveTo(x + d, y + h).lineTo(x + d + h, y);
    else doc.moveTo(x + d, y).lineTo(x + d + h, y + h);
  }
  doc.stroke();
  doc.strokeOpacity(1);
}

function northArrow(doc: Doc, x: number, y: number, label: string): void {
  doc.save();
  doc
    .circle(x + 7, y + 13, 12)
    .fillColor('#ffffff')
    .fillOpacity(0.85)
    .fill();
  doc.fillOpacity(1);
  doc
    .moveTo(x + 7, y + 2)
    .lineTo(x + 12, y + 18)
    .lineTo(x + 7, y + 14)
    .lineTo(x + 2, y + 18)
    .closePath()
    .fillColor(INK)
    .fill();
  doc.restore();
  doc
    .font(BOLD)
    .fontSize(7.5)
    .fillColor(INK)
    .text(label, x + 3.5, y + 18.5, { width: 7, align: 'center', lineBreak: false });
}

function scaleBar(doc: Doc, content: CertificateContent, x: number, y: number, frameWidth: number, s: number): void {
  const lang = content.language;
  const metres = niceLength(frameWidth / 5);
  const len = metres * s;
  const scale = scaleDenominator(frameWidth, frameWidth * s);
  const label = content.labels.scale.replace('{scale}', formatNumber(scale, lang, 0));
  doc
    .rect(x - 4, y - 4, Math.max(len, 60) + 40, 26)
    .fillColor('#ffffff')
    .fillOpacity(0.85)
    .fill();
  doc.fillOpacity(1);
  doc
    .rect(x, y + 9, len / 2, 3.5)
    .fillColor(INK)
    .fill();
  doc
    .rect(x + len / 2, y + 9, len / 2, 3.5)
    .lineWidth(0.6)
    .strokeColor(INK)
    .stroke();
  doc.font(REGULAR).fontSize(6.5).fillColor(INK);
  doc.text('0', x - 1, y, { lineBreak: false });
  doc.text(`${formatNumber(metres, lang, 0)} m`, x + len - 6, y, { lineBreak: false });
  doc.text(label, x, y + 14, { lineBreak: false });
}

function drawSwatch(doc: Doc, symbol: LegendSymbol, x: number, y: number, w: number, h: number): void {
  doc.save();
  switch (symbol.type) {
    case 'fill':
      doc.rect(x, y, w, h).lineWidth(0.6).fillAndStroke(symbol.fill, symbol.outline);
      break;
    case 'hatch':
      doc.save();
      doc.rect(x, y, w, h).clip();
      hatch(doc, x, y, w, h, symbol.color, symbol.direction);
      doc.restore();
      doc.rect(x, y, w, h).lineWidth(0.8).strokeColor(symbol.color).stroke();
      break;
    case 'line':
      setDash(doc, symbol.dash, 1.4);
      doc
        .moveTo(x, y + h / 2)
        .lineTo(x + w, y + h / 2)
        .lineWidth(1.4)
        .strokeColor(symbol.color)
        .stroke();
      doc.undash();
      break;
    case 'subject':
      doc.rect(x, y, w, h).fillColor(symbol.fill).fillOpacity(symbol.opacity).fill();
      doc.fillOpacity(1);
      doc.rect(x, y, w, h).lineWidth(1.6).strokeColor(symbol.color).stroke();
      break;
    case 'parcel':
      doc.rect(x, y, w, h).lineWidth(0.4).strokeColor(symbol.color).stroke();
      break;
    case 'street':
      doc
        .moveTo(x, y + h / 2)
        .lineTo(x + w, y + h / 2)
        .lineWidth(4.6)
        .strokeColor(symbol.casing)
        .stroke();
      doc
        .moveTo(x, y + h / 2)
        .lineTo(x + w, y + h / 2)
        .lineWidth(3)
        .strokeColor(symbol.color)
        .stroke();
      break;
  }
  doc.restore();
}

// ---------------------------------------------------------------------------------------------------------------
// The zones table and the page footers
// ---------------------------------------------------------------------------------------------------------------

function drawZonesTable(w: Writer, content: CertificateContent): void {
  const { doc } = w;
  const table = content.zones_table;
  w.heading(table.title);
  if (table.empty) {
    w.paragraph(table.empty, 9, MUTED);
    return;
  }
  // Relative column widths: UTR, plan, area, share, POT, CUT, H, footprint, GFA.
  const weights = [1.5, 1.9, 1.25, 0.85, 0.75, 0.65, 0.65, 1.15, 1.15];
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((v) => (v / sum) * CONTENT_WIDTH);
  const lefts = widths.map((_, i) => MARGIN.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const cell = (text: string, i: number, y: number, bold: boolean, swatch?: { fill: string; outline: string }) => {
    const pad = 3;
    let x = lefts[i]! + pad;
    let width = widths[i]! - 2 * pad;
    if (swatch) {
      doc
        .rect(x, y + 1.5, 9, 7)
        .lineWidth(0.5)
        .fillAndStroke(swatch.fill, swatch.outline);
      x += 12;
      width -= 12;
    }
    doc
      .font(bold ? BOLD : REGULAR)
      .fontSize(7.8)
      .fillColor(INK)
      .text(text, x, y, { width, align: i >= 2 ? 'right' : 'left' });
  };
  const rowHeight = (cells: readonly string[], bold: boolean) => {
    doc.font(bold ? BOLD : REGULAR).fontSize(7.8);
    return (
      Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 6 - (i === 0 ? 12 : 0) }))) + 5
    );
  };
  const header = () => {
    const h = rowHeight(table.columns, true);
    w.ensure(h + 14, true);
    doc.rect(MARGIN.left, w.y, CONTENT_WIDTH, h).fillColor('#e9eef3').fill();
    table.columns.forEach((c, i) => cell(c, i, w.y + 2.5, true));
    w.y += h;
  };
  header();
  table.rows.forEach((row, r) => {
    const last = r === table.rows.length - 1;
    const h = rowHeight(row.cells, last);
    if (w.y + h > w.bottom) {
      w.newPage();
      header();
    }
    row.cells.forEach((c, i) =>
      cell(
        c,
        i,
        w.y + 2.5,
        last,
        i === 0 && row.fill && row.outline ? { fill: row.fill, outline: row.outline } : undefined,
      ),
    );
    w.y += h;
    doc
      .moveTo(MARGIN.left, w.y)
      .lineTo(MARGIN.left + CONTENT_WIDTH, w.y)
      .lineWidth(last ? 0.8 : 0.4)
      .strokeColor(last ? INK : RULE)
      .stroke();
  });
  w.y += 4;
}

function footers(doc: Doc, content: CertificateContent): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    const y = PAGE.height - MARGIN.bottom + 22;
    doc
      .moveTo(MARGIN.left, y - 6)
      .lineTo(MARGIN.left + CONTENT_WIDTH, y - 6)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
    doc.font(REGULAR).fontSize(7.5).fillColor(MUTED);
    doc.text(`${content.title} ${content.number}`, MARGIN.left, y, { width: CONTENT_WIDTH * 0.7, lineBreak: false });
    const page = content.labels.page.replace('{page}', String(i + 1)).replace('{pages}', String(range.count));
    doc.text(page, MARGIN.left + CONTENT_WIDTH * 0.7, y, {
      width: CONTENT_WIDTH * 0.3,
      align: 'right',
      lineBreak: false,
    });
    if (content.synthetic_data) syntheticMark(doc, content.synthetic_data.mark);
  }
}

/** The test-data mark, at the head of a page: a red band above the page's content. */
function syntheticMark(doc: Doc, mark: string): void {
  const y = 16;
  doc.rect(MARGIN.left, y, CONTENT_WIDTH, 17).fillColor('#b42318').fill();
  doc
    .font(BOLD)
    .fontSize(9.5)
    .fillColor('#ffffff')
    .text(mark, MARGIN.left, y + 4, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
}
