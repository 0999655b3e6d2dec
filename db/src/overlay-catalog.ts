// The attributes of zoning units, plans, restrictions and dataset versions, kept in memory by id for the parcel
// lookups. A row never changes once committed (an import adds rows with new ids; only valid_to is set later, and it
// is not kept here), so an entry never goes stale; the lookup SQL decides which ids are in force on a date.
import type { Db } from './connect.ts';
import type { DatasetVersion } from './datasets.repository.ts';
import { sql } from './sql.ts';

export type CatalogKind = 'unit' | 'plan' | 'restriction' | 'version';
export type VersionInfo = Omit<DatasetVersion, 'valid_to'>;

/** Entries kept before the catalog starts afresh: far more than the overlays of a county. */
const MAX_ENTRIES = 100_000;

const catalogs = new WeakMap<Db, Map<string, Record<string, unknown>>>();

/** The attributes of the given ids, by `${kind}:${id}`: from memory, the missing ones in one query. */
export async function catalogEntries(
  db: Db,
  wanted: ReadonlyArray<{ kind: CatalogKind; id: number }>,
): Promise<Map<string, Record<string, unknown>>> {
  let cache = catalogs.get(db);
  if (!cache) catalogs.set(db, (cache = new Map()));
  const missing: Record<CatalogKind, number[]> = { unit: [], plan: [], restriction: [], version: [] };
  let any = false;
  for (const { kind, id } of wanted) {
    if (!cache.has(`${kind}:${id}`)) {
      missing[kind].push(id);
      any = true;
    }
  }
  if (any) {
    const { rows } = await db.prepared<{ kind: CatalogKind; id: number; attrs: Record<string, unknown> }>(
      'overlay_catalog',
      sql('overlay-catalog'),
      [missing.unit, missing.plan, missing.restriction, missing.version],
    );
    if (cache.size + rows.length > MAX_ENTRIES) cache.clear();
    for (const r of rows) cache.set(`${r.kind}:${r.id}`, r.attrs);
  }
  return cache;
}

export function versionInfo(entries: Map<string, Record<string, unknown>>, id: number): VersionInfo | undefined {
  return entries.get(`version:${id}`) as VersionInfo | undefined;
}
