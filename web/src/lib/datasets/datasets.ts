/** `GET /api/datasets`: the data versions in force, whether any is synthetic, and the credits their sources require. */

export interface DatasetInfo {
  readonly layer: string;
  readonly versionId: number;
  readonly validFrom: string;
  readonly importedAt: string;
  readonly sourceFile: string;
  /** The UAT a version scoped with `--uat` replaces the rows of; null for a version of the whole layer. */
  readonly uatSiruta: number | null;
  readonly synthetic: boolean;
  readonly attribution: string | null;
}

export interface DatasetCatalogue {
  /** True while any version in force was made by a generator: the map and the panel say "test data". */
  readonly synthetic: boolean;
  readonly attributions: readonly string[];
  readonly datasets: readonly DatasetInfo[];
}

export function parseDatasets(body: unknown): DatasetCatalogue | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b['datasets'])) return null;
  const datasets = (b['datasets'] as Record<string, unknown>[]).flatMap((d): DatasetInfo[] => {
    const layer = d['layer'];
    const versionId = d['version_id'];
    if (typeof layer !== 'string' || typeof versionId !== 'number') return [];
    return [
      {
        layer,
        versionId,
        validFrom: typeof d['valid_from'] === 'string' ? d['valid_from'] : '',
        importedAt: typeof d['imported_at'] === 'string' ? d['imported_at'] : '',
        sourceFile: typeof d['source_file'] === 'string' ? d['source_file'] : '',
        uatSiruta: typeof d['uat_siruta'] === 'number' ? d['uat_siruta'] : null,
        synthetic: d['synthetic'] === true,
        attribution: typeof d['attribution'] === 'string' && d['attribution'] !== '' ? d['attribution'] : null,
      },
    ];
  });
  const attributions = Array.isArray(b['attributions'])
    ? (b['attributions'] as unknown[]).filter((a): a is string => typeof a === 'string' && a !== '')
    : [...new Set(datasets.map((d) => d.attribution).filter((a): a is string => a !== null))];
  return { synthetic: datasets.some((d) => d.synthetic), attributions, datasets };
}

/** The layers whose data in force is synthetic, each once. */
export function syntheticLayers(catalogue: DatasetCatalogue): string[] {
  return [...new Set(catalogue.datasets.filter((d) => d.synthetic).map((d) => d.layer))];
}

/**
 * What the streets' versions in force say of themselves, for the map's credit (style.ts, streetsCredit): whether a
 * credit names OpenStreetMap, whether any is generated. Null while the catalogue is not known (not yet read, or
 * unreadable); with no streets loaded, neither.
 */
export function streetsProvenance(
  catalogue: DatasetCatalogue | null | undefined,
): { osm: boolean; synthetic: boolean } | null {
  if (!catalogue) return null;
  const streets = catalogue.datasets.filter((d) => d.layer === 'streets');
  return {
    osm: streets.some((d) => /openstreetmap/i.test(d.attribution ?? '')),
    synthetic: streets.some((d) => d.synthetic),
  };
}

export async function fetchDatasets(
  options: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<DatasetCatalogue | null> {
  const doFetch = options.fetch ?? fetch;
  try {
    const response = await doFetch('/api/datasets', {
      headers: { accept: 'application/json' },
      signal: options.signal,
    });
    if (!response.ok) return null;
    return parseDatasets(await response.json());
  } catch {
    return null;
  }
}
