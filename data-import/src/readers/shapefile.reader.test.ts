import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GeoJsonFeature } from '../import-job.ts';
import { encodingOfCpg, inspectShapefileZip, readShapefileZip, srsOfPrj } from './shapefile.reader.ts';

const FIXTURES = new URL('../../../test/fixtures/issue-3-import/', import.meta.url).pathname;

async function read(name: string, srs?: string) {
  const source = await readShapefileZip(join(FIXTURES, name), srs);
  try {
    const features: GeoJsonFeature[] = [];
    for await (const f of source.features) features.push(f);
    return { source, features };
  } finally {
    await source.cleanup();
  }
}

describe('readShapefileZip', () => {
  it.each(['shp-utf8.zip', 'shp-cp1250.zip', 'shp-iso-8859-2.zip', 'shp-cp1250-no-cpg.zip'])(
    'decodes the DBF of %s and normalises ş ţ to ș ț',
    async (name) => {
      const { source, features } = await read(name);
      expect(source.srs).toBe('EPSG:3844');
      expect(source.total).toBe(3);
      expect(features.map((f) => f.properties?.ADRESA)).toEqual([
        'Strada Ștefan cel Mare nr. 1',
        'Strada Țăranilor nr. 2',
        'Strada Florilor nr. 3',
      ]);
      expect(features[0]!.geometry?.type).toBe('Polygon');
    },
  );

  it('reads Stereo 70 from the EPSG and the old 31700 spellings of the .prj', async () => {
    expect((await read('shp-epsg-prj.zip')).source.srs).toBe('EPSG:3844');
    expect((await read('shp-31700-prj.zip')).source.srs).toBe('EPSG:3844');
  });

  it.each([
    ['not-a-zip.zip', /not-a-zip\.zip: not a ZIP archive/],
    ['no-shp.zip', /no-shp\.zip: the ZIP holds no \.shp file/],
    ['path-outside.zip', /path-outside\.zip: the entry "\.\.\/\.\.\/evil\/parcele\.shp" points outside the archive/],
    ['zip-bomb.zip', /zip-bomb\.zip: parcele\.shp expands \d+× to 20971520 bytes \(a zip bomb\?\); refused/],
    ['empty.geojson', /empty\.geojson: the file is empty/],
  ])('refuses %s from the ZIP directory alone', async (name, message) => {
    await expect(inspectShapefileZip(join(FIXTURES, name))).rejects.toThrow(message);
  });

  it('refuses an archive that would expand past the size limit', async () => {
    await expect(
      inspectShapefileZip(join(FIXTURES, 'shp-utf8.zip'), { maxEntries: 10, maxBytes: 1000, maxRatio: 200 }),
    ).rejects.toMatchObject({ kind: 'too-large' });
  });
});

describe('srsOfPrj', () => {
  it.each([
    [
      'PROJCS["Stereo_70",GEOGCS["GCS_Dealul_Piscului_1970",DATUM["D_Dealul_Piscului_1970",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Double_Stereographic"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",500000.0],PARAMETER["Central_Meridian",25.0],PARAMETER["Scale_Factor",0.99975],PARAMETER["Latitude_Of_Origin",46.0],UNIT["Meter",1.0]]',
      'EPSG:3844',
    ],
    ['PROJCS["Pulkovo_1942_Adj_58_Stereo_70",GEOGCS["GCS_Pulkovo_1942_Adj_1958"]]', 'EPSG:3844'],
    ['PROJCS["unnamed",GEOGCS["x"],AUTHORITY["EPSG","3844"]]', 'EPSG:3844'],
    ['PROJCS["Dealul Piscului 1970/ Stereo 70",GEOGCS["x"],AUTHORITY["EPSG","31700"]]', 'EPSG:3844'],
    ['GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]]', 'EPSG:4326'],
  ])('reads %s', (wkt, srs) => {
    expect(srsOfPrj(wkt)).toBe(srs);
  });

  it('refuses other systems and a geographic Dealul Piscului without projection', () => {
    expect(() => srsOfPrj('PROJCS["RGF93_Lambert_93",GEOGCS["GCS_RGF_1993"]]', 'x.prj')).toThrow(
      /x\.prj: unsupported coordinate system "RGF93_Lambert_93"/,
    );
    expect(() => srsOfPrj('GEOGCS["GCS_Dealul_Piscului_1970"]')).toThrow(/unsupported/);
  });
});

describe('encodingOfCpg', () => {
  it('maps the code pages GIS tools write', () => {
    expect(encodingOfCpg('UTF-8\r\n', 'x')).toBe('utf-8');
    expect(encodingOfCpg('1250', 'x')).toBe('windows-1250');
    expect(encodingOfCpg('88592', 'x')).toBe('iso-8859-2');
    expect(() => encodingOfCpg('KOI8-R', 'x.zip')).toThrow(/x\.zip: unsupported \.cpg encoding "KOI8-R"/);
  });
});
