// The UAT profile ("Fișa UAT") as an A4 PDF, drawn with the certificate's machinery (pdfkit, the embedded Noto Sans
// fonts, hand-made number formats): the same profile gives the same bytes. Nothing here reads the clock or the
// locale; the document's date is the import time of the newest data it shows.
import PDFDocument from 'pdfkit';
import { certificateFont } from '../certificates/fonts.ts';
import { formatNumber, type Language } from '../certificates/format.ts';
import type { UatGeometryRow } from '../../../db/src/indicators.repository.ts';
import type { ProfileAnswer, ProfileEntry } from './atlas.service.ts';

type Doc = InstanceType<typeof PDFDocument>;

const PAGE = { width: 595.28, height: 841.89 } as const;
const MARGIN = { left: 45, right: 45, top: 45, bottom: 55 } as const;
const WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const INK = '#1f2933';
const MUTED = '#5f6b7a';
const RULE = '#c5ccd3';
const ACCENT = '#0b3d6b';
const SYNTH = '#a4262c';
const REGULAR = 'AtlasSans';
const BOLD = 'AtlasSans-Bold';

const TEXT = {
  ro: {
    title: 'Fișa UAT',
    county: 'Județul',
    area: 'Suprafață (calculată în Stereo 70)',
    indicator: 'Indicator',
    year: 'Anul',
    value: 'Valoare',
    rankCounty: 'Loc în județ',
    rankCountry: 'Loc în țară',
    countyFigure: 'Județul',
    trend: 'Evoluție',
    noData: 'fără date',
    synthetic: 'SINTETIC',
    sources: 'Surse',
    footer: 'Atlas teritorial · date încărcate la',
    version: 'versiunea datelor',
    published: 'publicat',
    total: 'total UAT',
    average: 'medie UAT',
    page: 'pagina',
    rankNote: 'Locul 1 = valoarea cea mai mare. Valorile lipsă nu sunt zero.',
  },
  en: {
    title: 'UAT profile',
    county: 'County',
    area: 'Area (computed in Stereo 70)',
    indicator: 'Indicator',
    year: 'Year',
    value: 'Value',
    rankCounty: 'Rank in county',
    rankCountry: 'Rank in country',
    countyFigure: 'County',
    trend: 'Trend',
    noData: 'no data',
    synthetic: 'SYNTHETIC',
    sources: 'Sources',
    footer: 'Territorial atlas · data imported on',
    version: 'data version',
    published: 'published',
    total: 'UAT total',
    average: 'UAT mean',
    page: 'page',
    rankNote: 'Rank 1 = the highest value. Missing values are not zero.',
  },
} as const;

export async function profilePdf(
  profile: ProfileAnswer,
  outline: UatGeometryRow | null,
  lang: Language,
): Promise<Buffer> {
  const t = TEXT[lang];
  const at = profile.data_imported_at ? new Date(profile.data_imported_at) : new Date(0);
  const u = profile.uat;
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    compress: true,
    font: null as unknown as string,
    lang: lang === 'ro' ? 'ro-RO' : 'en-GB',
    displayTitle: true,
    info: {
      Title: `${t.title} ${u.name} (${u.siruta})`,
      Author: 'Atlas',
      Subject: `${u.name}, ${u.county_name ?? ''}`,
      Keywords: `${u.siruta}; ${profile.data_version}`,
      Creator: 'Atlas',
      Producer: 'Atlas (PDFKit)',
      CreationDate: at,
      ModDate: at,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(REGULAR, certificateFont('regular'));
  doc.registerFont(BOLD, certificateFont('bold'));

  // Header: name, county, SIRUTA, area; the outline at the right.
  doc.font(BOLD).fontSize(9).fillColor(MUTED).text(t.title.toUpperCase(), MARGIN.left, MARGIN.top);
  doc
    .font(BOLD)
    .fontSize(20)
    .fillColor(ACCENT)
    .text(u.name, MARGIN.left, MARGIN.top + 14, { width: WIDTH - 130 });
  doc
    .font(REGULAR)
    .fontSize(10)
    .fillColor(INK)
    .text(
      `${t.county} ${u.county_name ?? '—'} (${u.county ?? '—'}) · SIRUTA ${u.siruta}${u.rank_label ? ` · ${u.rank_label[lang]}` : ''}`,
      MARGIN.left,
      MARGIN.top + 42,
      { width: WIDTH - 130 },
    )
    .text(`${t.area}: ${formatNumber(u.area_km2, lang)} km²`, { width: WIDTH - 130 });
  if (outline) drawOutline(doc, outline, PAGE.width - MARGIN.right - 110, MARGIN.top, 110, 90);

  // The table.
  const cols = [
    { key: 'indicator', x: 0, w: 150 },
    { key: 'year', x: 150, w: 34 },
    { key: 'value', x: 184, w: 76 },
    { key: 'rankCounty', x: 260, w: 55 },
    { key: 'rankCountry', x: 315, w: 60 },
    { key: 'countyFigure', x: 375, w: 70 },
    { key: 'trend', x: 445, w: WIDTH - 445 },
  ] as const;
  let y = MARGIN.top + 110;
  const header = () => {
    doc.font(BOLD).fontSize(8).fillColor(MUTED);
    let h = 0;
    for (const c of cols) {
      const opts = { width: c.w - 4, align: c.key === 'indicator' ? ('left' as const) : ('right' as const) };
      doc.text(t[c.key], MARGIN.left + c.x, y, opts);
      h = Math.max(h, doc.heightOfString(t[c.key], opts));
    }
    y += h + 4;
    doc
      .moveTo(MARGIN.left, y)
      .lineTo(MARGIN.left + WIDTH, y)
      .lineWidth(0.6)
      .strokeColor(RULE)
      .stroke();
    y += 5;
  };
  header();
  for (const e of profile.indicators) {
    const name = lang === 'ro' ? e.indicator.name_ro : e.indicator.name_en;
    doc.font(REGULAR).fontSize(8.5);
    const h = Math.max(doc.heightOfString(name, { width: cols[0].w - 4 }) + 16, 30);
    if (y + h > PAGE.height - MARGIN.bottom - 60) {
      doc.addPage();
      y = MARGIN.top;
      header();
    }
    doc
      .font(REGULAR)
      .fontSize(8.5)
      .fillColor(INK)
      .text(name, MARGIN.left, y, { width: cols[0].w - 4 });
    doc
      .fontSize(7)
      .fillColor(e.indicator.synthetic ? SYNTH : MUTED)
      .text(e.indicator.synthetic ? `${t.synthetic} · ${unitOf(e, lang)}` : unitOf(e, lang), {
        width: cols[0].w - 4,
      });
    const cell = (key: (typeof cols)[number]['key'], text: string) => {
      const c = cols.find((k) => k.key === key)!;
      doc
        .font(REGULAR)
        .fontSize(8.5)
        .fillColor(INK)
        .text(text, MARGIN.left + c.x, y, { width: c.w - 4, align: 'right' });
    };
    if (e.value === null) {
      cell('value', t.noData);
    } else {
      cell('year', String(e.year));
      cell('value', formatNumber(e.value, lang));
      cell('rankCounty', e.rank_county ? `${e.rank_county} / ${e.uats_in_county}` : '—');
      cell('rankCountry', e.rank_country ? `${e.rank_country} / ${e.uats_in_country}` : '—');
      cell('countyFigure', e.county_value === null ? '—' : formatNumber(e.county_value, lang));
      if (e.county_value !== null) {
        const c = cols.find((k) => k.key === 'countyFigure')!;
        doc
          .fontSize(6.5)
          .fillColor(MUTED)
          .text(
            e.county_value_kind === 'published' ? t.published : e.county_value_kind === 'average' ? t.average : t.total,
            MARGIN.left + c.x,
            y + 11,
            { width: c.w - 4, align: 'right' },
          );
      }
      const c = cols.find((k) => k.key === 'trend')!;
      sparkline(doc, e, MARGIN.left + c.x + 4, y, c.w - 6, 20);
    }
    y += h;
    doc
      .moveTo(MARGIN.left, y - 4)
      .lineTo(MARGIN.left + WIDTH, y - 4)
      .lineWidth(0.3)
      .strokeColor(RULE)
      .stroke();
  }

  // Sources, each once.
  y += 6;
  doc.font(REGULAR).fontSize(7.5).fillColor(MUTED).text(t.rankNote, MARGIN.left, y, { width: WIDTH });
  doc.moveDown(0.5);
  doc.font(BOLD).fontSize(8.5).fillColor(INK).text(t.sources, { width: WIDTH });
  const sources = [
    ...new Set(
      profile.indicators.map((e) =>
        lang === 'en' ? (e.indicator.source_en ?? e.indicator.source) : e.indicator.source,
      ),
    ),
  ];
  doc.font(REGULAR).fontSize(7.5).fillColor(MUTED);
  for (const s of sources) doc.text(`• ${s}`, { width: WIDTH });

  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // The footer sits in the bottom margin: without this, pdfkit moves it onto a page of its own.
    doc.page.margins.bottom = 0;
    const footer = `${t.footer} ${profile.data_imported_at?.slice(0, 10) ?? '—'} · ${t.version} ${profile.data_version} · ${t.page} ${i + 1}/${pages.count}`;
    doc
      .font(REGULAR)
      .fontSize(7)
      .fillColor(MUTED)
      .text(footer, MARGIN.left, PAGE.height - MARGIN.bottom + 20, { width: WIDTH, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}

/** A small line chart of the UAT's series (a dot for a single value). */
/** The indicator's unit in the PDF's language (the Romanian one where there is no English form). */
const unitOf = (e: ProfileEntry, lang: Language) =>
  lang === 'en' ? (e.indicator.unit_en ?? e.indicator.unit) : e.indicator.unit;

function sparkline(doc: Doc, e: ProfileEntry, x: number, y: number, w: number, h: number): void {
  const s = e.series;
  if (!s.length) return;
  const years = e.indicator.years;
  const y0 = years[0] ?? s[0]!.year;
  const y1 = years[years.length - 1] ?? s[s.length - 1]!.year;
  const lo = Math.min(...s.map((p) => p.value));
  const hi = Math.max(...s.map((p) => p.value));
  const px = (year: number) => (y1 === y0 ? x + w / 2 : x + ((year - y0) / (y1 - y0)) * w);
  const py = (v: number) => (hi === lo ? y + h / 2 : y + h - ((v - lo) / (hi - lo)) * h);
  doc
    .save()
    .lineWidth(0.9)
    .strokeColor(e.indicator.synthetic ? SYNTH : ACCENT);
  if (s.length === 1) {
    doc
      .circle(px(s[0]!.year), py(s[0]!.value), 1.6)
      .fillColor(e.indicator.synthetic ? SYNTH : ACCENT)
      .fill();
  } else {
    s.forEach((p, i) => (i === 0 ? doc.moveTo(px(p.year), py(p.value)) : doc.lineTo(px(p.year), py(p.value))));
    doc.stroke();
  }
  doc.restore();
}

/** The UAT's outline, lon/lat drawn on a plane scaled by cos(latitude) (no globe projection). */
function drawOutline(doc: Doc, g: UatGeometryRow, x: number, y: number, w: number, h: number): void {
  const [minX, minY, maxX, maxY] = g.bbox;
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const gw = (maxX - minX) * k;
  const gh = maxY - minY;
  const scale = Math.min(w / gw, h / gh);
  const ox = x + (w - gw * scale) / 2;
  const oy = y + (h - gh * scale) / 2;
  const polys = (g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates) as number[][][][];
  doc.save().lineWidth(0.8).strokeColor(ACCENT).fillColor('#dce8f3');
  for (const poly of polys) {
    for (const ring of poly) {
      ring.forEach(([lon, lat], i) => {
        const px = ox + (lon! - minX) * k * scale;
        const py = oy + (maxY - lat!) * scale;
        if (i === 0) doc.moveTo(px, py);
        else doc.lineTo(px, py);
      });
      doc.closePath();
    }
  }
  doc.fillAndStroke('#dce8f3', ACCENT);
  doc.restore();
}
