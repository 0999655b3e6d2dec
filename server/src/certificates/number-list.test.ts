import { describe, expect, it } from 'vitest';
import { NumberListError, readNumbers } from './number-list.ts';

describe('readNumbers', () => {
  it('reads one number per line, with the UAT given', () => {
    expect(readNumbers('100001\n\n 100002 \r\n', 57706)).toEqual([
      { uat: 57706, number: '100001' },
      { uat: 57706, number: '100002' },
    ]);
  });

  it('reads a CSV with a header, taking the UAT from a column when there is one', () => {
    const csv = '\uFEFFuat,cadastral_number,note\n57706,100001,a\n54975,"275123",b\n';
    expect(readNumbers(csv, undefined)).toEqual([
      { uat: 57706, number: '100001' },
      { uat: 54975, number: '275123' },
    ]);
    expect(readNumbers('number\n100003\n', 57706)).toEqual([{ uat: 57706, number: '100003' }]);
  });

  it('asks for a UAT when neither the option nor the file gives one', () => {
    expect(() => readNumbers('100001\n', undefined)).toThrow(NumberListError);
  });
});
