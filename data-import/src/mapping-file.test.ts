import { describe, expect, it } from 'vitest';
import { parseMapping } from './mapping-file.ts';

describe('parseMapping', () => {
  it('takes a field or a list of fields per column', () => {
    expect(parseMapping('{"cadastral_number":["NUMAR", "nr"],"uat_siruta":"COD_UAT"}')).toEqual({
      cadastral_number: ['NUMAR', 'nr'],
      uat_siruta: ['COD_UAT'],
    });
  });

  it('names the file and the column that is wrong', () => {
    expect(() => parseMapping('{"a":', 'm.json')).toThrow(/m\.json: not valid JSON/);
    expect(() => parseMapping('["a"]', 'm.json')).toThrow(/m\.json: expected an object/);
    expect(() => parseMapping('{"cadastral_number":[1]}', 'm.json')).toThrow(/"cadastral_number" must name a field/);
  });
});
