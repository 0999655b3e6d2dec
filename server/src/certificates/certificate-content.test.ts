import { describe, expect, it } from 'vitest';
import { ZONE_CLASSES } from '../legend/palette.ts';
import { buildCertificateContent, type CertificateContent, type CertificateItem } from './certificate-content.ts';
import { ANSWER, contentInput, STREETS, SYNTHETIC_VERSIONS } from './certificate.fixture.ts';

const items = (c: CertificateContent) =>
  Object.fromEntries(c.sections.flatMap((s) => s.items.map((i): [string, CertificateItem] => [i.id, i])));

describe('buildCertificateContent', () => {
  it('follows the structure of a certificate of urbanism', () => {
    const c = buildCertificateContent(contentInput());
    expect(c.sections.map((s) => s.id)).toEqual([
      'identification',
      'purpose',
      'legal',
      'economic',
      'technical',
      'data',
    ]);
    expect(c.title).toBe('Certificat de urbanism de informare');
    expect(c.number_line).toBe('Nr. CUI-57706-2026-000001 din 24.11.2026');
    expect(items(c)['purpose']).toMatchObject({ status: 'data', value: 'informare' });
  });

  it('fills every item from the data or says plainly that the data does not contain it', () => {
    const c = buildCertificateContent(contentInput());
    const all = items(c);
    expect(all['land_book_number']).toMatchObject({
      status: 'not_in_data',
      text: expect.stringMatching(/^Datele nu conțin/),
    });
    expect(all['address']).toMatchObject({ status: 'not_in_data', text: expect.stringContaining('Florești') });
    expect(all['tax_zone']!.status).toBe('not_in_data');
    expect(all['ownership']!.status).toBe('not_in_data');
    expect(all['building_bans']).toMatchObject({ status: 'none_in_data', value: [] });
    for (const item of Object.values(all)) {
      expect(item.text.trim(), item.id).not.toBe('');
      if (item.status !== 'data') expect(item.text, item.id).toMatch(/(Datele|datele|Niciuna)/);
    }
  });

  it('says the intravilan status is not in the data when it is unknown, and where it comes from otherwise (#13)', () => {
    const unknown = items(
      buildCertificateContent(
        contentInput({
          answer: {
            ...ANSWER,
            intravilan: null,
            intravilan_source: null,
            intravilan_text: { ro: 'nu figurează în date', en: 'not in the data' },
          },
        }),
      ),
    );
    expect(unknown['location']).toMatchObject({
      status: 'not_in_data',
      text: 'Situarea imobilului față de intravilan nu figurează în datele publicate.',
      value: { intravilan: null, source: 'not_in_data' },
    });
    const en = items(
      buildCertificateContent(
        contentInput({ language: 'en', answer: { ...ANSWER, intravilan: null, intravilan_source: null } }),
      ),
    );
    expect(en['location']!.text).toMatch(/is not in the data/);
    const limits = items(
      buildCertificateContent(
        contentInput({ answer: { ...ANSWER, intravilan: false, intravilan_source: 'intravilan_limits' } }),
      ),
    );
    expect(limits['location']).toMatchObject({
      status: 'data',
      value: { intravilan: false, source: 'intravilan_limits' },
    });
    expect(limits['location']!.text).toContain('extravilan, potrivit limitei intravilanului');
  });

  it('states the legal, economic and technical regime of each zone share', () => {
    const all = items(buildCertificateContent(contentInput()));
    expect(all['location']!.text).toContain('intravilan');
    expect(all['plans']!.text).toContain('HCL nr. 12 din 30.03.2010');
    expect(all['protected_areas']).toMatchObject({
      status: 'data',
      text: expect.stringContaining('800 m² (20 % din imobil)'),
    });
    expect(all['land_use']!.text).toBe('curți-construcții (CC)');
    expect(all['zone.Liu.permitted_uses']).toMatchObject({
      text: 'locuințe individuale',
      group: 'UTR Liu (40 % din imobil)',
    });
    expect(all['zone.M3.conditional_uses']!.status).toBe('not_in_data');
    expect(all['zone.Liu.pot']).toMatchObject({ text: '35 %', value: 35 });
    expect(all['zone.M3.cut']!.text).toBe('2');
    expect(all['zone.M3.height']!.text).toBe('22 m la cornișă/atic; regim de înălțime P+5');
    expect(all['zone.Liu.min_parcel']!.text).toBe('suprafață minimă 300 m²; front minim 12 m');
    expect(all['zone.Liu.setbacks']!.status).toBe('not_in_data');
    expect(all['zone.M3.setbacks']!.text).toContain('față de aliniament: 3 m');
    expect(all['zone.Liu.envelope']!.text).toContain('pe 1.600 m² (40 %): amprentă la sol maximă 560 m²');
    expect(all['envelope']!.text).toContain('amprentă la sol maximă 1.520 m²');
    expect(all['envelope']!.text).toContain('6.240 m²');
  });

  it('writes ș and ț with the comma below even where the data has the cedilla', () => {
    const text = JSON.stringify(buildCertificateContent(contentInput()));
    expect(text).not.toMatch(/[şţŞŢ]/);
    expect(text).toContain('locuințe individuale');
  });

  it('names the data versions, the date it reflects and the verify URL', () => {
    const all = items(buildCertificateContent(contentInput()));
    expect(all['data_versions']!.text).toBe(
      '#3 zonificare: zoning.geojson, importat la 24.11.2026 08:00:00 UTC, în vigoare din 01.01.2010',
    );
    expect(all['reflects_date']).toMatchObject({ text: '24 noiembrie 2026', value: '2026-11-24' });
    expect(all['verification']!.text).toContain('verify?code=ABCDEFGHIJKLMNOP');
  });

  it('draws the zones in the colours of the web legend, with a legend of what is on the map', () => {
    const c = buildCertificateContent(contentInput());
    const housing = ZONE_CLASSES.find((z) => z.id === 'housing')!;
    const mixed = ZONE_CLASSES.find((z) => z.id === 'mixed')!;
    expect(c.map.zones.map((z) => [z.code, z.fill])).toEqual([
      ['Liu', housing.fill],
      ['M3', mixed.fill],
    ]);
    expect(c.map.legend.map((l) => l.label)).toEqual([
      'Imobilul 100001',
      'Alte parcele',
      'Locuințe individuale (L)',
      'Zone mixte (M)',
      'Plan urbanistic general (PUG)',
      'Arie naturală protejată',
    ]);
    expect(c.map.subject.polygons).toHaveLength(1);
    expect(c.map.labels.map((l) => l.text).sort()).toEqual(['Liu', 'M3']);
    expect(c.zones_table.rows.map((r) => r.cells[0])).toEqual(['M3', 'Liu', 'Total']);
  });

  it('says so when the parcel has no zoning data, and when no zoning layer covers the UAT', () => {
    const bare = {
      ...ANSWER,
      zoning: {
        ...ANSWER.zoning,
        units: [],
        plans: [],
        restrictions: [],
        not_zoned: { area_m2: 4000, share_pct: 100 },
      },
      land_use: null,
    };
    const c = buildCertificateContent(contentInput({ answer: bare }));
    const all = items(c);
    expect(all['zones']).toMatchObject({
      status: 'none_in_data',
      text: expect.stringMatching(/^Datele nu conțin nicio unitate/),
    });
    expect(all['plans']!.status).toBe('none_in_data');
    expect(all['envelope']!.status).toBe('not_in_data');
    expect(all['land_use']!.status).toBe('not_in_data');
    expect(c.zones_table.empty).toBe('Datele nu conțin zonificare pe acest imobil.');
    const none = items(
      buildCertificateContent(contentInput({ answer: bare, layersPresent: { zoning: false, restrictions: false } })),
    );
    expect(none['zones']!.status).toBe('not_in_data');
    expect(none['protected_areas']!.text).toContain('nu conțin un strat de restricții');
  });

  it('is available in English with the same items', () => {
    const ro = buildCertificateContent(contentInput());
    const en = buildCertificateContent(contentInput({ language: 'en' }));
    expect(en.title).toBe('Informative urbanism certificate');
    expect(Object.keys(items(en))).toEqual(Object.keys(items(ro)));
    expect(items(en)['zone.Liu.envelope']!.text).toContain('on 1,600 m² (40 %): maximum footprint 560 m²');
    expect(en.map.legend[2]!.label).toBe('Individual housing (L)');
  });

  it('names each restriction kind with its own name on the certificate, in both languages', () => {
    const cases = [
      ['built_heritage_zone', 'protected_areas', 'Zonă construită protejată', 'Protected built heritage zone'],
      ['protected_area', 'protected_areas', 'Arie naturală protejată', 'Protected natural area'],
      ['monument_zone', 'protected_areas', 'Zonă de protecție a monumentelor', 'Monument protection zone'],
      ['building_ban', 'building_bans', 'Interdicție de construire', 'Building ban'],
      ['utility_corridor', 'easements', 'Culoar de protecție a rețelelor', 'Utility protection corridor'],
      ['road_widening', 'easements', 'Lărgire de drum propusă', 'Planned road widening'],
      ['flood_zone', 'other_restrictions', 'Zonă inundabilă', 'Flood zone'],
    ] as const;
    for (const [kind, id, ro, en] of cases) {
      const restriction = { ...ANSWER.zoning.restrictions[0]!, kind, name: 'Zona de test' };
      const answer = { ...ANSWER, zoning: { ...ANSWER.zoning, restrictions: [restriction] } };
      const textRo = items(buildCertificateContent(contentInput({ answer })))[id]!.text;
      const textEn = items(buildCertificateContent(contentInput({ answer, language: 'en' })))[id]!.text;
      expect(textRo, kind).toMatch(new RegExp(`^${ro}: Zona de test`));
      expect(textEn, kind).toMatch(new RegExp(`^${en}: Zona de test`));
      if (kind !== 'protected_area') expect(textRo, kind).not.toContain('naturală');
    }
  });

  it('draws the streets of the frame with their names and credits the source of the names (#17)', () => {
    const c = buildCertificateContent(
      contentInput({ streets: STREETS, layersPresent: { zoning: true, restrictions: true, streets: true } }),
    );
    expect(c.format).toBe('atlas-certificate/2');
    expect(c.map.streets!.map((s) => s.name)).toEqual(['Strada Moților', 'Strada Fabricii']);
    expect(c.map.streets![0]!.lines).toEqual([
      [
        [-70, -110],
        [60, -111],
        [190, -112],
      ],
    ]);
    expect(c.map.caption).toBe('Nume de străzi: OpenStreetMap contributors (ODbL)');
    expect(c.map.legend.map((l) => l.label)).toContain('Străzi (axe)');
    expect(items(c)['access']!.text).toContain('datele conțin axele străzilor');
    const en = buildCertificateContent(contentInput({ language: 'en', streets: STREETS }));
    expect(en.map.caption).toBe('Street names: OpenStreetMap contributors (ODbL)');
  });

  it('keeps saying that the data has no street where it has none (#17)', () => {
    const none = buildCertificateContent(contentInput());
    expect(none.map.streets).toEqual([]);
    expect(none.map.caption).toBe(
      'Numele străzilor nu figurează în datele disponibile (datele nu conțin rețeaua stradală).',
    );
    expect(items(none)['access']!.text).toContain('datele nu conțin rețeaua de drumuri');
    const elsewhere = buildCertificateContent(
      contentInput({ layersPresent: { zoning: true, restrictions: true, streets: true } }),
    );
    expect(elsewhere.map.caption).toBe('Datele nu conțin nicio stradă în cuprinsul acestei planșe.');
    expect(elsewhere.map.legend.map((l) => l.label)).not.toContain('Străzi (axe)');
  });

  it('marks a certificate built on synthetic data, names those datasets and credits every source (#17)', () => {
    const c = buildCertificateContent(contentInput({ dataVersions: SYNTHETIC_VERSIONS, streets: STREETS }));
    expect(c.synthetic_data).toEqual({
      mark: 'DATE DE TEST (SINTETICE) – FĂRĂ VALOARE JURIDICĂ',
      datasets: [
        { id: 3, layer: 'zoning', source_file: 'zoning.geojson' },
        { id: 7, layer: 'streets', source_file: 'streets.geojson' },
      ],
    });
    const all = items(c);
    expect(all['synthetic']).toMatchObject({ status: 'data' });
    expect(all['synthetic']!.text).toContain('Seturile de date zonificare, străzi sunt sintetice');
    expect(all['sources']!.text).toBe(
      'zonificare: Atlas (date sintetice)\nstrăzi: Atlas (trasee sintetice); nume de străzi: © OpenStreetMap contributors (ODbL)',
    );
    expect(all['data_versions']!.text).toContain('#7 străzi: streets.geojson');
    const en = buildCertificateContent(contentInput({ language: 'en', dataVersions: SYNTHETIC_VERSIONS }));
    expect(en.synthetic_data!.mark).toBe('TEST DATA (SYNTHETIC) – NO LEGAL VALUE');

    const real = buildCertificateContent(contentInput());
    expect(real.synthetic_data).toBeNull();
    expect(items(real)['synthetic']!.text).toBe(
      'Niciunul dintre seturile de date folosite nu este marcat ca sintetic.',
    );
    expect(items(real)['sources']).toMatchObject({ status: 'not_in_data' });
  });
});
