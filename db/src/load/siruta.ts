// The SIRUTA nomenclature (INS) replaced whole, as a dataset version of layer `siruta`.
import type { Db } from '../connect.ts';
import { finishVersion, inImportTransaction, openVersion } from './dataset-version.ts';

/** The nomenclature's columns, one array per column, the rows in the same order. */
export interface SirutaUnits {
  siruta: (number | null)[];
  name: string[];
  parent_siruta: (number | null)[];
  county_number: (number | null)[];
  type: (number | null)[];
  level: (number | null)[];
  environment: (number | null)[];
  postal_code: (string | null)[];
  nuts: (string | null)[];
}

export async function replaceSirutaUnits(
  db: Db,
  sourceFile: string,
  units: SirutaUnits,
): Promise<{ datasetVersionId: number; units: number }> {
  const count = units.siruta.length;
  return inImportTransaction(db, 'siruta', async (tx) => {
    const version = await openVersion(tx, { layer: 'siruta', sourceFile, featureCount: count });
    // The list is not versioned row by row: the previous versions end, their rows go.
    await finishVersion(tx, version, 'others');
    await tx.query('DELETE FROM siruta_units');
    await tx.query(
      `INSERT INTO siruta_units (siruta, name, parent_siruta, county_number, type, level, environment, postal_code, nuts)
       SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::text[], $9::text[])`,
      [
        units.siruta,
        units.name,
        units.parent_siruta,
        units.county_number,
        units.type,
        units.level,
        units.environment,
        units.postal_code,
        units.nuts,
      ],
    );
    return { datasetVersionId: version.id, units: count };
  });
}
