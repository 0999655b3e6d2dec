import type { IncomingMessage, ServerResponse } from 'node:http';
import multer from 'multer';
import { describe, expect, it } from 'vitest';
import { clientErrorOf, JSON_MAX_DEPTH, jsonBodyProblem, multipartError, refuseDeepJson } from './body-errors.ts';

const verify = (text: string) => refuseDeepJson({} as IncomingMessage, {} as ServerResponse, Buffer.from(text));

describe('refuseDeepJson', () => {
  it('lets JSON up to the maximum depth through', () => {
    expect(() => verify('['.repeat(JSON_MAX_DEPTH) + ']'.repeat(JSON_MAX_DEPTH))).not.toThrow();
    expect(() => verify('{"uat":54975,"number":"228893"}')).not.toThrow();
  });

  it('refuses JSON nested one level deeper, as a 400', () => {
    const n = JSON_MAX_DEPTH + 1;
    expect(() => verify('{"a":'.repeat(n) + '1' + '}'.repeat(n))).toThrow(/nested deeper than 64/);
    try {
      verify('['.repeat(100_000));
    } catch (err) {
      expect(clientErrorOf(err)).toMatchObject({ status: 400, code: 'InvalidBody' });
    }
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const deepText = JSON.stringify({ number: '['.repeat(1000) + '\\"{{{{' });
    expect(() => verify(deepText)).not.toThrow();
  });
});

describe('clientErrorOf', () => {
  it('maps body-parser charset and encoding errors to 415 naming the header', () => {
    const charset = Object.assign(new Error('unsupported charset "FOO"'), {
      status: 415,
      expose: true,
      type: 'charset.unsupported',
      charset: 'foo',
    });
    expect(clientErrorOf(charset)).toMatchObject({ status: 415, extra: { parameter: 'Content-Type' } });
    const encoding = Object.assign(new Error('unsupported content encoding "foo"'), {
      status: 415,
      expose: true,
      type: 'encoding.unsupported',
      encoding: 'foo',
    });
    expect(clientErrorOf(encoding)?.message).toMatch(/Content-Encoding "foo"/);
  });

  it('maps a path that does not decode to 400', () => {
    const err = Object.assign(new URIError("Failed to decode param '%E0%A4%A'"), { status: 400 });
    expect(clientErrorOf(err)).toMatchObject({ status: 400, code: 'InvalidPath' });
  });

  it('leaves other errors alone (they stay 500s)', () => {
    expect(clientErrorOf(new Error('boom'))).toBeUndefined();
    expect(clientErrorOf(Object.assign(new Error('db down'), { status: 503 }))).toBeUndefined();
    expect(clientErrorOf('text')).toBeUndefined();
  });
});

describe('multipartError', () => {
  it('turns multer limits into 400 or 413 naming the field, and busboy errors into 400', () => {
    expect(multipartError(new multer.MulterError('LIMIT_UNEXPECTED_FILE', 'pdf'))).toMatchObject({
      status: 400,
      extra: { parameter: 'pdf' },
    });
    expect(multipartError(new multer.MulterError('LIMIT_FILE_SIZE', 'pdf')).status).toBe(413);
    expect(multipartError(new Error('Unexpected end of form'))).toMatchObject({
      status: 400,
      message: 'Not a valid multipart upload: Unexpected end of form',
    });
  });
});

describe('jsonBodyProblem', () => {
  it('says that valid JSON other than an object or array is refused, not that it is invalid', () => {
    const strict = (body: string) => ({ message: `Unexpected token, "${body}" is not valid JSON`, body });
    expect(jsonBodyProblem(strict('null'))).toBe('Request body must be a JSON object or array, not null');
    expect(jsonBodyProblem(strict('"x"'))).toBe('Request body must be a JSON object or array, not a string');
    expect(jsonBodyProblem(strict(' 12'))).toBe('Request body must be a JSON object or array, not a number');
  });

  it('keeps the parser message for a body that is not JSON', () => {
    const message = "Expected property name or '}' in JSON at position 1";
    expect(jsonBodyProblem({ message, body: '{bad json' })).toBe(`Request body is not valid JSON: ${message}`);
  });
});
