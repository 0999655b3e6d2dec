// Every sentence of a certificate, in Romanian (the default) and English. The legend labels (zone classes,
// restriction and plan kinds) and land-use categories are the server's legend names (legend/names.ts), which the web
// app's legend receives too, so paper and screen agree.
import { LEGEND_NAMES, type LegendNames } from '../legend/names.ts';
import type { Language } from './format.ts';

export interface CertificateTexts {
  /** The legend's names: zone classes, plan and restriction kinds, land-use categories. */
  readonly names: LegendNames;
  title: string;
  /** The issuing system, in the header of every page. */
  issuer: string;
  numberLine: (p: { number: string; date: string }) => string;
  issuedAt: (p: { date: string; time: string }) => string;
  lawBasis: string;
  notInData: string;
  sections: {
    identification: string;
    purpose: string;
    legal: string;
    economic: string;
    technical: string;
    data: string;
    notices: string;
  };
  // Identification
  uat: string;
  uatText: (p: { name: string | null; county: string | null; siruta: number }) => string;
  cadastralNumber: string;
  landBookNumber: string;
  landBookMissing: string;
  address: string;
  addressMissing: (p: { uat: string }) => string;
  area: string;
  areaText: (p: { area: string }) => string;
  areaOfficial: string;
  areaOfficialMissing: string;
  // Purpose
  purpose: string;
  purposeText: string;
  // Legal regime
  location: string;
  intravilan: string;
  extravilan: string;
  /** the status worked out from the built-up area limits (issue 13) */
  intravilanFromLimits: string;
  extravilanFromLimits: string;
  /** no status in the parcel data and no limits loaded: said, never guessed */
  intravilanNotInData: string;
  plans: string;
  planLine: (p: {
    kind: string;
    code: string;
    title: string | null;
    hcl: string;
    since: string | null;
    share: string;
    role: string;
  }) => string;
  planHcl: (p: { number: string; date: string | null }) => string;
  planHclMissing: string;
  planRole: { base: string; overrides: string; detail: string };
  plansNone: string;
  /** A PUG that regulates the parcel as part of its UAT, with no UTR of it on the parcel in the data. */
  planUatLine: CertificateTexts['planLine'];
  zonesNoneUnderPug: (p: { code: string }) => string;
  overrides: string;
  overrideLine: (p: { by: string; code: string; area: string; share: string }) => string;
  overridesNone: string;
  protectedAreas: string;
  protectedNone: string;
  buildingBans: string;
  buildingBansNone: string;
  easements: string;
  easementsNone: string;
  otherRestrictions: string;
  otherRestrictionsNone: string;
  restrictionLine: (p: { kind: string; name: string; share: string; area: string; basis: string | null }) => string;
  restrictionsNotLoaded: string;
  ownership: string;
  ownershipText: string;
  // Economic regime
  landUse: string;
  landUseMissing: string;
  zones: string;
  zoneLine: (p: { code: string; name: string | null; area: string; share: string; why: string }) => string;
  zonesNone: string;
  zonesNotLoaded: string;
  coverage: string;
  coverageFull: string;
  coverageNone: string;
  coveragePartial: (p: { area: string; share: string }) => string;
  zoneGroup: (p: { code: string; share: string }) => string;
  permittedUses: string;
  conditionalUses: string;
  forbiddenUses: string;
  usesMissing: string;
  taxZone: string;
  taxZoneMissing: string;
  // Technical regime
  pot: string;
  cut: string;
  height: string;
  heightText: (p: {
    cornice: string | null;
    total: string | null;
    regime: string | null;
    floors: string | null;
  }) => string;
  minParcel: string;
  minParcelText: (p: { area: string | null; frontage: string | null }) => string;
  setbacks: string;
  setbacksText: (p: { front: string | null; side: string | null; rear: string | null }) => string;
  envelope: string;
  envelopeText: (p: { area: string; footprint: string | null; gfa: string | null; height: string | null }) => string;
  regulation: string;
  notRegulated: string;
  totalEnvelope: string;
  totalEnvelopeText: (p: { footprint: string | null; gfa: string | null; height: string | null }) => string;
  totalEnvelopeNone: string;
  boundaryNoise: string;
  boundaryNoiseText: (p: { parts: string; pct: string; m2: string }) => string;
  boundaryNoiseNone: string;
  // Data
  reflects: string;
  versions: string;
  versionLine: (p: { id: number; layer: string; file: string; imported: string; validFrom: string }) => string;
  layerNames: Record<string, string>;
  /** The credit each dataset's source requires. */
  sources: string;
  sourcesNone: string;
  streetNamesSource: (p: { source: string }) => string;
  /** Datasets made by a generator (dataset_versions.synthetic). */
  synthetic: string;
  syntheticNone: string;
  syntheticText: (p: { layers: string }) => string;
  /** The mark on every page of a certificate built on synthetic data. */
  syntheticMark: string;
  issuedAtLabel: string;
  verification: string;
  verificationText: (p: { url: string }) => string;
  // Notices
  notices: readonly string[];
  // Items the data cannot fill
  utilities: string;
  utilitiesMissing: string;
  access: string;
  accessMissing: string;
  /** The data holds street centrelines, not the accesses. */
  accessMissingWithStreets: string;
  parking: string;
  parkingMissing: string;
  approvals: string;
  approvalsMissing: string;
  validity: string;
  validityText: (p: { months: number; until: string }) => string;
  validityNone: string;
  // Zones table
  table: {
    title: string;
    zone: string;
    plan: string;
    area: string;
    share: string;
    pot: string;
    cut: string;
    height: string;
    footprint: string;
    gfa: string;
    notZoned: string;
    total: string;
    none: string;
  };
  // Map and page furniture
  map: {
    title: string;
    legend: string;
    subject: (p: { number: string }) => string;
    neighbours: string;
    streets: string;
    /** No streets layer in the data. */
    noStreets: string;
    /** A streets layer, but no street in the frame of the map. */
    noStreetsHere: string;
    streetNamesCaption: (p: { sources: string }) => string;
    north: string;
    /** With the placeholder {scale}. */
    scale: string;
    crs: string;
  };
  /** With the placeholders {page} and {pages}. */
  page: string;
  verifyCaption: string;
}

export const RO: CertificateTexts = {
  names: LEGEND_NAMES.ro,
  title: 'Certificat de urbanism de informare',
  issuer: 'Atlas urbanistic — date publice de urbanism',
  numberLine: ({ number, date }) => `Nr. ${number} din ${date}`,
  issuedAt: ({ date, time }) => `${date}, ora ${time} (ora României)`,
  lawBasis:
    'Întocmit potrivit Legii nr. 50/1991 privind autorizarea executării lucrărilor de construcții (art. 6) și ' +
    'Legii nr. 350/2001 privind amenajarea teritoriului și urbanismul (art. 29), pe baza datelor publicate în Atlas.',
  notInData: 'Datele nu conțin această informație.',
  sections: {
    identification: '1. Identificarea imobilului',
    purpose: '2. Scopul emiterii',
    legal: '3. Regimul juridic',
    economic: '4. Regimul economic',
    technical: '5. Regimul tehnic',
    data: '6. Datele folosite',
    notices: '7. Mențiuni',
  },
  utilities: 'Echiparea tehnico-edilitară (apă, canalizare, energie electrică, gaze, telecomunicații)',
  utilitiesMissing: 'Nu figurează în datele disponibile; se obține de la furnizorii de utilități.',
  access: 'Accesul la drumul public',
  accessMissing: 'Nu figurează în datele disponibile (datele nu conțin rețeaua de drumuri și accesele).',
  accessMissingWithStreets:
    'Nu figurează în datele disponibile: datele conțin axele străzilor (arătate în planșă), dar nu și accesele ' +
    'imobilelor la drumul public.',
  parking: 'Norme de parcare',
  parkingMissing: 'Nu figurează în datele disponibile; se aplică regulamentul local de urbanism.',
  approvals: 'Avize și acorduri necesare',
  approvalsMissing:
    'Nu figurează în datele disponibile; se stabilesc prin certificatul de urbanism emis de autoritatea competentă.',
  validity: 'Valabilitate',
  validityText: ({ months, until }) =>
    `${months} ${months === 1 ? 'lună' : 'luni'} de la data emiterii, până la ${until}, dacă datele nu se modifică între timp.`,
  validityNone: 'Nu este stabilită o perioadă de valabilitate: informațiile reflectă datele de la data emiterii.',
  uat: 'Unitatea administrativ-teritorială',
  uatText: ({ name, county, siruta }) =>
    `${name ?? 'denumire necunoscută în date'}${county ? `, județul ${county}` : ''} (cod SIRUTA ${siruta})`,
  cadastralNumber: 'Număr cadastral',
  landBookNumber: 'Număr de carte funciară',
  landBookMissing: 'Datele nu conțin numărul de carte funciară al imobilului.',
  address: 'Adresa sau localitatea',
  addressMissing: ({ uat }) => `Datele nu conțin adresa imobilului; imobilul se află pe teritoriul UAT ${uat}.`,
  area: 'Suprafața măsurată',
  areaText: ({ area }) => `${area}, calculată din conturul cadastral în proiecția Stereo 70 (EPSG:3844)`,
  areaOfficial: 'Suprafața din acte',
  areaOfficialMissing: 'Datele nu conțin suprafața din acte.',
  purpose: 'Scopul',
  purposeText:
    'Informare: certificatul face cunoscute regimul juridic, economic și tehnic al imobilului, așa cum rezultă din ' +
    'datele de urbanism publicate.',
  location: 'Situarea față de intravilan',
  intravilan: 'Imobilul este situat în intravilan, potrivit datelor cadastrale.',
  extravilan: 'Imobilul este situat în extravilan, potrivit datelor cadastrale.',
  intravilanFromLimits: 'Imobilul este situat în intravilan, potrivit limitei intravilanului încărcate pentru UAT.',
  extravilanFromLimits: 'Imobilul este situat în extravilan, potrivit limitei intravilanului încărcate pentru UAT.',
  intravilanNotInData: 'Situarea imobilului față de intravilan nu figurează în datele publicate.',
  plans: 'Documentații de urbanism în vigoare',
  planLine: ({ kind, code, title, hcl, since, share, role }) =>
    `${kind} ${code}${title ? ` — ${title}` : ''}; ${hcl}${since ? `; în vigoare din ${since}` : ''}; ${role}; ` +
    `acoperă ${share} din imobil`,
  planHcl: ({ number, date }) => `aprobat prin HCL nr. ${number}${date ? ` din ${date}` : ''}`,
  planHclMissing: 'datele nu conțin hotărârea de aprobare',
  planRole: {
    base: 'plan de bază',
    overrides: 'înlocuiește PUG pe suprafața pe care o reglementează',
    detail: 'detaliază reglementările',
  },
  plansNone: 'Datele nu conțin nicio documentație de urbanism în vigoare pe acest imobil.',
  planUatLine: ({ kind, code, title, hcl, since, role }) =>
    `${kind} ${code}${title ? ` — ${title}` : ''}; ${hcl}${since ? `; în vigoare din ${since}` : ''}; ${role}; ` +
    'reglementează întregul teritoriu administrativ al UAT, inclusiv extravilanul; ' +
    'datele nu conțin nicio UTR a acestui plan pe acest imobil',
  zonesNoneUnderPug: ({ code }) =>
    `Imobilul se află pe teritoriul reglementat de ${code}, dar datele nu conțin nicio unitate teritorială de ` +
    'referință (UTR) a acestuia pe acest imobil: reglementările aplicabile se consultă în regulamentul local de urbanism.',
  overrides: 'Reglementări înlocuite',
  overrideLine: ({ by, code, area, share }) => `${by} înlocuiește UTR ${code} pe ${area} (${share})`,
  overridesNone: 'Datele nu conțin nicio documentație care să înlocuiască reglementările PUG pe acest imobil.',
  protectedAreas: 'Zone protejate și zone de protecție a monumentelor',
  protectedNone: 'Datele nu conțin zone protejate sau zone de protecție a monumentelor pe acest imobil.',
  buildingBans: 'Interdicții de construire',
  buildingBansNone: 'Datele nu conțin interdicții de construire pe acest imobil.',
  easements: 'Servituți de utilitate publică',
  easementsNone:
    'Datele nu conțin servituți de utilitate publică (culoare de protecție a rețelelor, lărgiri de drum) pe acest imobil.',
  otherRestrictions: 'Alte restricții',
  otherRestrictionsNone: 'Datele nu conțin alte restricții (de exemplu zone inundabile) pe acest imobil.',
  restrictionLine: ({ kind, name, share, area, basis }) =>
    `${kind}: ${name} — ${area} (${share} din imobil)${basis ? `; temei: ${basis}` : ''}`,
  restrictionsNotLoaded: 'Datele nu conțin un strat de restricții pentru această unitate administrativ-teritorială.',
  ownership: 'Dreptul de proprietate',
  ownershipText:
    'Datele Atlas nu conțin informații despre proprietar sau despre sarcini; acestea rezultă din extrasul de carte funciară.',
  landUse: 'Folosința actuală (categoria de folosință)',
  landUseMissing: 'Datele nu conțin categoria de folosință a imobilului.',
  zones: 'Unități teritoriale de referință (UTR) care se aplică',
  zoneLine: ({ code, name, area, share, why }) => `${code}${name ? ` — ${name}` : ''}: ${area} (${share}); ${why}`,
  zonesNone: 'Datele nu conțin nicio unitate teritorială de referință pe acest imobil.',
  zonesNotLoaded: 'Datele nu conțin zonificarea acestei unități administrativ-teritoriale.',
  coverage: 'Acoperirea cu reglementări',
  coverageFull: 'Întreaga suprafață a imobilului este reglementată de UTR-urile de mai sus.',
  coverageNone: 'Nicio parte a imobilului nu este reglementată de un UTR în date.',
  coveragePartial: ({ area, share }) =>
    `${area} (${share}) din imobil nu sunt reglementați de niciun UTR în date; pentru această parte datele nu conțin ` +
    'regimul economic și tehnic.',
  zoneGroup: ({ code, share }) => `UTR ${code} (${share} din imobil)`,
  permittedUses: 'Utilizări admise',
  conditionalUses: 'Utilizări admise cu condiționări',
  forbiddenUses: 'Utilizări interzise',
  usesMissing: 'Datele nu conțin această listă pentru acest UTR.',
  taxZone: 'Zona de impozitare',
  taxZoneMissing:
    'Datele nu conțin zona de impozitare; încadrarea fiscală se află la serviciul de taxe și impozite locale.',
  pot: 'POT maxim (procentul de ocupare a terenului)',
  cut: 'CUT maxim (coeficientul de utilizare a terenului)',
  height: 'Înălțimea maximă',
  heightText: ({ cornice, total, regime, floors }) =>
    [
      cornice ? `${cornice} la cornișă/atic` : null,
      total ? `${total} totală` : null,
      regime ? `regim de înălțime ${regime}` : null,
      floors ? `${floors} niveluri` : null,
    ]
      .filter(Boolean)
      .join('; '),
  minParcel: 'Parcela minimă construibilă',
  minParcelText: ({ area, frontage }) =>
    [
      area ? `suprafață minimă ${area}` : 'datele nu conțin suprafața minimă',
      frontage ? `front minim ${frontage}` : 'datele nu conțin frontul minim',
    ].join('; '),
  setbacks: 'Retrageri minime',
  setbacksText: ({ front, side, rear }) =>
    [
      `față de aliniament: ${front ?? 'nu este în date'}`,
      `laterale: ${side ?? 'nu este în date'}`,
      `posterioară: ${rear ?? 'nu este în date'}`,
    ].join('; '),
  envelope: 'Capacitatea de construire pe această parte',
  envelopeText: ({ area, footprint, gfa, height }) =>
    `pe ${area}: amprentă la sol maximă ${footprint ?? 'necalculabilă (POT lipsește din date)'}; ` +
    `suprafață construită desfășurată maximă ${gfa ?? 'necalculabilă (CUT lipsește din date)'}; ` +
    `înălțime maximă ${height ?? 'nu este în date'}`,
  regulation: 'Regulamentul local de urbanism',
  notRegulated: 'Datele nu conțin această valoare pentru acest UTR.',
  totalEnvelope: 'Capacitatea de construire pe întregul imobil',
  totalEnvelopeText: ({ footprint, gfa, height }) =>
    `amprentă la sol maximă ${footprint ?? 'necalculabilă (lipsește POT pentru o parte)'}; ` +
    `suprafață construită desfășurată maximă ${gfa ?? 'necalculabilă (lipsește CUT pentru o parte)'}; ` +
    `înălțime maximă ${height ?? 'nu este în date'} (cea mai mică dintre UTR-uri)`,
  totalEnvelopeNone: 'Datele nu permit calculul: nicio parte a imobilului nu este reglementată de un UTR.',
  boundaryNoise: 'Părți neluate în calcul (zgomot de limită)',
  boundaryNoiseText: ({ parts, pct, m2 }) =>
    `${parts}: sub pragul de ${pct} din imobil sau ${m2}; sunt abateri de desen ale limitelor, nu reglementări.`,
  boundaryNoiseNone: 'Niciuna.',
  reflects: 'Data la care se referă datele',
  versions: 'Versiunile seturilor de date',
  versionLine: ({ id, layer, file, imported, validFrom }) =>
    `#${id} ${layer}: ${file}, importat la ${imported}, în vigoare din ${validFrom}`,
  layerNames: {
    parcels: 'parcele',
    zoning: 'zonificare',
    plans: 'planuri',
    restrictions: 'restricții',
    uat: 'UAT',
    permits: 'autorizații',
    streets: 'străzi',
    blocks: 'cvartale',
  },
  sources: 'Surse și atribuiri',
  sourcesNone: 'Datele nu conțin mențiuni despre sursa seturilor de date folosite.',
  streetNamesSource: ({ source }) => `nume de străzi: ${source}`,
  synthetic: 'Date de test (sintetice)',
  syntheticNone: 'Niciunul dintre seturile de date folosite nu este marcat ca sintetic.',
  syntheticText: ({ layers }) =>
    `Seturile de date ${layers} sunt sintetice (generate pentru demonstrații și teste), nu date oficiale: ` +
    'acest certificat nu are valoare juridică.',
  syntheticMark: 'DATE DE TEST (SINTETICE) – FĂRĂ VALOARE JURIDICĂ',
  issuedAtLabel: 'Data și ora emiterii',
  verification: 'Verificare',
  verificationText: ({ url }) =>
    `Autenticitatea și integritatea acestui document se verifică la ${url} (codul QR duce la aceeași adresă).`,
  notices: [
    'Prezentul certificat are caracter exclusiv informativ. Nu este autorizație de construire sau de desființare și nu ' +
      'conferă dreptul de a executa lucrări; potrivit art. 6 din Legea nr. 50/1991, certificatul de urbanism nu ' +
      'conferă dreptul de a executa lucrări de construcții.',
    'Conținutul provine integral din datele publicate în Atlas la data indicată; unde datele nu conțin o informație, ' +
      'certificatul o spune. Documentațiile de urbanism aprobate prevalează asupra acestui rezumat.',
    'Nu se păstrează date cu caracter personal despre solicitant.',
  ],
  table: {
    title: 'Zonificarea imobilului',
    zone: 'UTR',
    plan: 'Plan',
    area: 'Suprafață',
    share: 'Procent',
    pot: 'POT max.',
    cut: 'CUT max.',
    height: 'H max.',
    footprint: 'Amprentă max.',
    gfa: 'SCD max.',
    notZoned: 'fără UTR în date',
    total: 'Total',
    none: 'Datele nu conțin zonificare pe acest imobil.',
  },
  map: {
    title: 'Planșă: imobilul și zonificarea din jur',
    legend: 'Legendă',
    subject: ({ number }) => `Imobilul ${number}`,
    neighbours: 'Alte parcele',
    streets: 'Străzi (axe)',
    noStreets: 'Numele străzilor nu figurează în datele disponibile (datele nu conțin rețeaua stradală).',
    noStreetsHere: 'Datele nu conțin nicio stradă în cuprinsul acestei planșe.',
    streetNamesCaption: ({ sources }) => `Nume de străzi: ${sources}`,
    north: 'N',
    scale: 'Scara 1:{scale}',
    crs: 'Stereo 70 (EPSG:3844)',
  },
  page: 'Pagina {page} din {pages}',
  verifyCaption: 'Verificare online',
};

export const EN: CertificateTexts = {
  names: LEGEND_NAMES.en,
  title: 'Informative urbanism certificate',
  issuer: 'Atlas urbanistic — public urban planning data',
  numberLine: ({ number, date }) => `No. ${number} of ${date}`,
  issuedAt: ({ date, time }) => `${date}, ${time} (Romanian time)`,
  lawBasis:
    'Drawn up under Law 50/1991 on the authorisation of construction works (art. 6) and Law 350/2001 on spatial ' +
    'planning and urbanism (art. 29), from the data published in Atlas.',
  notInData: 'The data does not contain this information.',
  sections: {
    identification: '1. Identification of the property',
    purpose: '2. Purpose',
    legal: '3. Legal regime',
    economic: '4. Economic regime',
    technical: '5. Technical regime',
    data: '6. Data used',
    notices: '7. Notes',
  },
  utilities: 'Utilities (water, sewerage, electricity, gas, telecommunications)',
  utilitiesMissing: 'Not in the available data; obtained from the utility providers.',
  access: 'Access to a public road',
  accessMissing: 'Not in the available data (the data holds no road network or accesses).',
  accessMissingWithStreets:
    'Not in the available data: the data holds the street centrelines (shown on the map), not the accesses of ' +
    'properties to the public road.',
  parking: 'Parking norms',
  parkingMissing: 'Not in the available data; the local urbanism regulation applies.',
  approvals: 'Required approvals and agreements',
  approvalsMissing: 'Not in the available data; set by the urbanism certificate issued by the competent authority.',
  validity: 'Validity',
  validityText: ({ months, until }) =>
    `${months} ${months === 1 ? 'month' : 'months'} from the date of issue, until ${until}, unless the data changes meanwhile.`,
  validityNone: 'No validity period is set: the information reflects the data on the date of issue.',
  uat: 'Administrative-territorial unit',
  uatText: ({ name, county, siruta }) =>
    `${name ?? 'name not in the data'}${county ? `, ${county} County` : ''} (SIRUTA code ${siruta})`,
  cadastralNumber: 'Cadastral number',
  landBookNumber: 'Land book number',
  landBookMissing: 'The data does not contain the land book number of the property.',
  address: 'Address or locality',
  addressMissing: ({ uat }) => `The data does not contain the address; the property lies in the UAT ${uat}.`,
  area: 'Measured area',
  areaText: ({ area }) => `${area}, computed from the cadastral outline in the Stereo 70 projection (EPSG:3844)`,
  areaOfficial: 'Area in the deeds',
  areaOfficialMissing: 'The data does not contain the area in the deeds.',
  purpose: 'Purpose',
  purposeText:
    'Information: the certificate states the legal, economic and technical regime of the property as it follows ' +
    'from the published urban planning data.',
  location: 'Inside or outside the built-up area',
  intravilan: 'The property lies inside the built-up area (intravilan), according to the cadastral data.',
  extravilan: 'The property lies outside the built-up area (extravilan), according to the cadastral data.',
  intravilanFromLimits:
    'The property lies inside the built-up area (intravilan), according to the built-up area limits loaded for the UAT.',
  extravilanFromLimits:
    'The property lies outside the built-up area (extravilan), according to the built-up area limits loaded for the UAT.',
  intravilanNotInData: 'Whether the property lies inside the built-up area (intravilan) is not in the data.',
  plans: 'Urban plans in force',
  planLine: ({ kind, code, title, hcl, since, share, role }) =>
    `${kind} ${code}${title ? ` — ${title}` : ''}; ${hcl}${since ? `; in force since ${since}` : ''}; ${role}; ` +
    `covers ${share} of the property`,
  planHcl: ({ number, date }) => `approved by local council decision (HCL) no. ${number}${date ? ` of ${date}` : ''}`,
  planHclMissing: 'the data does not contain the approving decision',
  planRole: {
    base: 'base plan',
    overrides: 'replaces the PUG on the area it covers',
    detail: 'details the regulations',
  },
  plansNone: 'The data does not contain any urban plan in force on this property.',
  planUatLine: ({ kind, code, title, hcl, since, role }) =>
    `${kind} ${code}${title ? ` — ${title}` : ''}; ${hcl}${since ? `; in force since ${since}` : ''}; ${role}; ` +
    'regulates the whole administrative territory of the UAT, outside the built-up area too; ' +
    'the data holds no zoning unit of this plan on this property',
  zonesNoneUnderPug: ({ code }) =>
    `The property lies in the territory regulated by ${code}, but the data holds no zoning unit (UTR) of it on this ` +
    'property: the applicable rules are in the local urbanism regulation.',
  overrides: 'Replaced regulations',
  overrideLine: ({ by, code, area, share }) => `${by} replaces UTR ${code} on ${area} (${share})`,
  overridesNone: 'The data does not contain any plan that replaces the regulations of the PUG on this property.',
  protectedAreas: 'Protected areas and monument protection zones',
  protectedNone: 'The data does not contain protected areas or monument protection zones on this property.',
  buildingBans: 'Building bans',
  buildingBansNone: 'The data does not contain building bans on this property.',
  easements: 'Public-utility easements',
  easementsNone:
    'The data does not contain public-utility easements (utility corridors, road widenings) on this property.',
  otherRestrictions: 'Other restrictions',
  otherRestrictionsNone: 'The data does not contain other restrictions (such as flood zones) on this property.',
  restrictionLine: ({ kind, name, share, area, basis }) =>
    `${kind}: ${name} — ${area} (${share} of the property)${basis ? `; legal basis: ${basis}` : ''}`,
  restrictionsNotLoaded: 'The data does not contain a restrictions layer for this administrative unit.',
  ownership: 'Ownership',
  ownershipText: 'The Atlas data does not contain the owner or encumbrances; these follow from the land book extract.',
  landUse: 'Current use (land-use category)',
  landUseMissing: 'The data does not contain the land-use category of the property.',
  zones: 'Applying zoning units (UTR)',
  zoneLine: ({ code, name, area, share, why }) => `${code}${name ? ` — ${name}` : ''}: ${area} (${share}); ${why}`,
  zonesNone: 'The data does not contain any zoning unit on this property.',
  zonesNotLoaded: 'The data does not contain the zoning of this administrative unit.',
  coverage: 'Regulated share',
  coverageFull: 'The whole property is regulated by the zoning units above.',
  coverageNone: 'No part of the property is regulated by a zoning unit in the data.',
  coveragePartial: ({ area, share }) =>
    `${area} (${share}) of the property is not regulated by any zoning unit in the data; for that part the data ` +
    'does not contain an economic or technical regime.',
  zoneGroup: ({ code, share }) => `UTR ${code} (${share} of the property)`,
  permittedUses: 'Permitted uses',
  conditionalUses: 'Conditional uses',
  forbiddenUses: 'Forbidden uses',
  usesMissing: 'The data does not contain this list for this zoning unit.',
  taxZone: 'Tax zone',
  taxZoneMissing: 'The data does not contain the tax zone; the local tax office holds it.',
  pot: 'Maximum POT (land occupation ratio)',
  cut: 'Maximum CUT (floor area ratio)',
  height: 'Maximum height',
  heightText: ({ cornice, total, regime, floors }) =>
    [
      cornice ? `${cornice} at the cornice/parapet` : null,
      total ? `${total} overall` : null,
      regime ? `height regime ${regime}` : null,
      floors ? `${floors} storeys` : null,
    ]
      .filter(Boolean)
      .join('; '),
  minParcel: 'Minimum buildable parcel',
  minParcelText: ({ area, frontage }) =>
    [
      area ? `minimum area ${area}` : 'the data does not contain the minimum area',
      frontage ? `minimum frontage ${frontage}` : 'the data does not contain the minimum frontage',
    ].join('; '),
  setbacks: 'Minimum setbacks',
  setbacksText: ({ front, side, rear }) =>
    [
      `front: ${front ?? 'not in the data'}`,
      `side: ${side ?? 'not in the data'}`,
      `rear: ${rear ?? 'not in the data'}`,
    ].join('; '),
  envelope: 'Development envelope on this part',
  envelopeText: ({ area, footprint, gfa, height }) =>
    `on ${area}: maximum footprint ${footprint ?? 'not computable (no POT in the data)'}; ` +
    `maximum gross floor area ${gfa ?? 'not computable (no CUT in the data)'}; ` +
    `maximum height ${height ?? 'not in the data'}`,
  regulation: 'Local urban planning regulation',
  notRegulated: 'The data does not contain this value for this zoning unit.',
  totalEnvelope: 'Development envelope of the whole property',
  totalEnvelopeText: ({ footprint, gfa, height }) =>
    `maximum footprint ${footprint ?? 'not computable (a part has no POT)'}; ` +
    `maximum gross floor area ${gfa ?? 'not computable (a part has no CUT)'}; ` +
    `maximum height ${height ?? 'not in the data'} (the lowest of the zoning units)`,
  totalEnvelopeNone: 'The data does not allow it: no part of the property is regulated by a zoning unit.',
  boundaryNoise: 'Parts left out (boundary noise)',
  boundaryNoiseText: ({ parts, pct, m2 }) =>
    `${parts}: below ${pct} of the property or ${m2}; these are drawing deviations of boundaries, not regulations.`,
  boundaryNoiseNone: 'None.',
  reflects: 'Date the data reflects',
  versions: 'Dataset versions',
  versionLine: ({ id, layer, file, imported, validFrom }) =>
    `#${id} ${layer}: ${file}, imported ${imported}, in force since ${validFrom}`,
  layerNames: {
    parcels: 'parcels',
    zoning: 'zoning',
    plans: 'plans',
    restrictions: 'restrictions',
    uat: 'UAT',
    permits: 'permits',
    streets: 'streets',
    blocks: 'blocks',
  },
  sources: 'Sources and credits',
  sourcesNone: 'The data does not state the source of the datasets used.',
  streetNamesSource: ({ source }) => `street names: ${source}`,
  synthetic: 'Test data (synthetic)',
  syntheticNone: 'None of the datasets used is marked synthetic.',
  syntheticText: ({ layers }) =>
    `The ${layers} datasets are synthetic (generated for demonstrations and tests), not official data: ` +
    'this certificate has no legal value.',
  syntheticMark: 'TEST DATA (SYNTHETIC) – NO LEGAL VALUE',
  issuedAtLabel: 'Date and time of issue',
  verification: 'Verification',
  verificationText: ({ url }) =>
    `The authenticity and integrity of this document can be checked at ${url} (the QR code leads to the same address).`,
  notices: [
    'This certificate is for information only. It is not a building or demolition permit and gives no right to ' +
      'carry out works; under art. 6 of Law 50/1991 an urbanism certificate gives no right to carry out construction ' +
      'works.',
    'Its content comes entirely from the data published in Atlas on the date given; where the data does not contain ' +
      'an item, the certificate says so. The approved urban plans prevail over this summary.',
    'No personal data about the requester is kept.',
  ],
  table: {
    title: 'Zoning of the property',
    zone: 'UTR',
    plan: 'Plan',
    area: 'Area',
    share: 'Share',
    pot: 'Max. POT',
    cut: 'Max. CUT',
    height: 'Max. H',
    footprint: 'Max. footprint',
    gfa: 'Max. GFA',
    notZoned: 'no UTR in the data',
    total: 'Total',
    none: 'The data does not contain zoning on this property.',
  },
  map: {
    title: 'Map: the property and the zoning around it',
    legend: 'Legend',
    subject: ({ number }) => `Property ${number}`,
    neighbours: 'Other parcels',
    streets: 'Streets (centrelines)',
    noStreets: 'Street names are not in the available data (the data holds no street network).',
    noStreetsHere: 'The data holds no street within this map.',
    streetNamesCaption: ({ sources }) => `Street names: ${sources}`,
    north: 'N',
    scale: 'Scale 1:{scale}',
    crs: 'Stereo 70 (EPSG:3844)',
  },
  page: 'Page {page} of {pages}',
  verifyCaption: 'Online verification',
};

export const TEXTS: Readonly<Record<Language, CertificateTexts>> = { ro: RO, en: EN };
