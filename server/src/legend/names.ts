// The names of what the map legend and the certificate's map show, in Romanian (the default) and English: zone
// classes, plan kinds, restriction kinds and cadastral land-use categories. The server owns them: the certificate and
// the parcel API read them here, and the web app receives them over HTTP (`legend.names` in /api/client-config).
import type { PlanKind, RestrictionKind, ZoneClassId } from './palette.ts';

export interface LegendNames {
  readonly zoneClass: Readonly<Record<ZoneClassId, string>>;
  readonly planKind: Readonly<Record<PlanKind, string>>;
  readonly restrictionKind: Readonly<Record<RestrictionKind, string>>;
  /** Cadastral land-use categories by code (A arabil, CC curți-construcții…). */
  readonly landUse: Readonly<Record<string, string>>;
}

export const RO: LegendNames = {
  zoneClass: {
    housing: 'Locuințe individuale (L)',
    housingCollective: 'Locuințe colective (Lc)',
    mixed: 'Zone mixte (M)',
    zcp: 'Zone construite protejate (ZCP)',
    restructuring: 'Zone de restructurare (R)',
    urbanisation: 'Zone de urbanizare (U)',
    public: 'Instituții și servicii publice (Is, S)',
    activities: 'Activități economice (E)',
    technical: 'Echipare edilitară și gospodărie comunală (ED, G)',
    transport: 'Căi de comunicație (T)',
    green: 'Spații verzi (V)',
    agriculture: 'Terenuri agricole în intravilan (A)',
    extravilan: 'Terenuri în extravilan (TDA, TDF)',
    unclassified: 'Alte zone',
  },
  planKind: {
    PUG: 'Plan urbanistic general (PUG)',
    PUZ: 'Plan urbanistic zonal (PUZ)',
    PUD: 'Plan urbanistic de detaliu (PUD)',
  },
  restrictionKind: {
    built_heritage_zone: 'Zonă construită protejată',
    protected_area: 'Arie naturală protejată',
    monument_zone: 'Zonă de protecție a monumentelor',
    flood_zone: 'Zonă inundabilă',
    utility_corridor: 'Culoar de protecție a rețelelor',
    road_widening: 'Lărgire de drum propusă',
    building_ban: 'Interdicție de construire',
  },
  landUse: {
    A: 'arabil',
    P: 'pășune',
    F: 'fâneață',
    V: 'vie',
    L: 'livadă',
    PD: 'pădure',
    CC: 'curți-construcții',
    DR: 'drum',
    CF: 'cale ferată',
    HR: 'ape curgătoare',
    HB: 'ape stătătoare',
    N: 'neproductiv',
  },
};

export const EN: LegendNames = {
  zoneClass: {
    housing: 'Individual housing (L)',
    housingCollective: 'Collective housing (Lc)',
    mixed: 'Mixed-use areas (M)',
    zcp: 'Protected built-up areas (ZCP)',
    restructuring: 'Restructuring areas (R)',
    urbanisation: 'Urbanisation areas (U)',
    public: 'Public institutions and services (Is, S)',
    activities: 'Economic activities (E)',
    technical: 'Utilities and municipal services (ED, G)',
    transport: 'Transport infrastructure (T)',
    green: 'Green spaces (V)',
    agriculture: 'Agricultural land within the built-up area (A)',
    extravilan: 'Land outside the built-up area (TDA, TDF)',
    unclassified: 'Other zones',
  },
  planKind: {
    PUG: 'General urban plan (PUG)',
    PUZ: 'Zonal urban plan (PUZ)',
    PUD: 'Detailed urban plan (PUD)',
  },
  restrictionKind: {
    built_heritage_zone: 'Protected built heritage zone',
    protected_area: 'Protected natural area',
    monument_zone: 'Monument protection zone',
    flood_zone: 'Flood zone',
    utility_corridor: 'Utility protection corridor',
    road_widening: 'Planned road widening',
    building_ban: 'Building ban',
  },
  landUse: {
    A: 'arable land',
    P: 'pasture',
    F: 'hayfield',
    V: 'vineyard',
    L: 'orchard',
    PD: 'forest',
    CC: 'yards and buildings',
    DR: 'road',
    CF: 'railway',
    HR: 'running water',
    HB: 'standing water',
    N: 'unproductive land',
  },
};

export const LEGEND_NAMES = { ro: RO, en: EN } as const;
