// Derives the long-form indicator CSVs (siruta,year,value) shipped here from the files of the curated collection
// (../../../../../shared/data/ro-uat-indicators and ro-uat-fire-indicators, see README.md). Kept for provenance:
//   node data-import/sample/real/ro-uat-indicators/derive.mjs <shared data dir>
// Only SIRUTA codes of the 3,186 UAT polygons in ../ro-uat-boundaries/uat.geojson are kept (county rows, localities
// and obsolete codes are dropped); empty values are dropped (absent, never 0).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const shared = process.argv[2] ?? '/work/shared/data';
const here = new URL('.', import.meta.url).pathname;
const uats = new Set(
  JSON.parse(readFileSync(join(here, '../ro-uat-boundaries/uat.geojson'), 'utf8')).features.map((f) =>
    Number(f.properties.siruta),
  ),
);
const csv = (file) =>
  readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(1)
    .map((l) => (l.match(/("([^"]*)"|[^,]*)(,|$)/g) ?? []).map((c) => c.replace(/,$/, '').replace(/^"(.*)"$/, '$1')));
const write = (name, rows) => {
  const seen = new Set();
  const out = [];
  for (const [s, y, v] of rows) {
    if (!uats.has(s) || v === '' || v === null || v === undefined || !Number.isFinite(Number(v))) continue;
    const k = `${s}:${y}`;
    if (seen.has(k)) throw new Error(`${name}: duplicate ${k}`);
    seen.add(k);
    out.push(`${s},${y},${Number(v)}`);
  }
  writeFileSync(join(here, name), `siruta,year,value\n${out.join('\n')}\n`);
  console.log(name, out.length);
};
const ind = join(shared, 'ro-uat-indicators');
write('population_census.csv', [
  ...csv(join(ind, 'census_2002_population_uat_and_localities.csv')).map((r) => [Number(r[3]), 2002, r[2]]),
  ...csv(join(ind, 'census_2011_population_uat.csv')).map((r) => [Number(r[3]), 2011, r[2]]),
]);
write(
  'population_domicile.csv',
  csv(join(ind, 'pop107d_population_domicile_cluj_2026.csv')).map((r) => [
    Number(r[3].trim().split(' ')[0]),
    Number(/\d{4}/.exec(r[4])[0]),
    r[6].trim(),
  ]),
);
write(
  'area_eurostat.csv',
  csv(join(ind, 'lau_area_eurostat.csv')).map((r) => [Number(r[0]), 2011, (Number(r[2]) / 1e6).toFixed(2)]),
);
write(
  'building_permits.csv',
  csv(join(ind, 'loc108b_building_permits_cluj_uat_2016_2025.csv')).map((r) => [Number(r[0]), Number(r[2]), r[3]]),
);
write(
  '../ro-uat-fire-indicators/fire_detections.csv',
  csv(join(shared, 'ro-uat-fire-indicators/uat_fire_year.csv')).map((r) => [Number(r[0]), Number(r[1]), r[2]]),
);
