import { describe, expect, it } from 'vitest';
import { artefactBaseUrl, ConfigError, loadConfig, trustProxyOf } from './config.ts';

describe('loadConfig', () => {
  it('refuses to start in production without ATLAS_PUBLIC_URL', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/ATLAS_PUBLIC_URL is required/);
    expect(loadConfig({ NODE_ENV: 'production', ATLAS_PUBLIC_URL: 'https://atlas.example.ro' }).ATLAS_PUBLIC_URL).toBe(
      'https://atlas.example.ro',
    );
    expect(loadConfig({}).ATLAS_TRUST_PROXY).toBe('false');
  });

  it('refuses an ATLAS_TRUST_PROXY that is not an address, subnet, count or name', () => {
    expect(() => loadConfig({ ATLAS_TRUST_PROXY: 'everyone' })).toThrow(/ATLAS_TRUST_PROXY/);
  });
});

describe('trustProxyOf', () => {
  it('reads Express trust proxy values', () => {
    expect(trustProxyOf('false')).toBe(false);
    expect(trustProxyOf('true')).toBe(true);
    expect(trustProxyOf('2')).toBe(2);
    expect(trustProxyOf('loopback, 10.0.0.0/8')).toEqual(['loopback', '10.0.0.0/8']);
  });
});

describe('artefactBaseUrl', () => {
  it('uses the configured URL, else a fixed development address, never a request', () => {
    expect(artefactBaseUrl({ ATLAS_PUBLIC_URL: 'https://atlas.example.ro/' })).toBe('https://atlas.example.ro');
    expect(artefactBaseUrl({ PORT: 8080 })).toBe('http://localhost:8080');
    expect(artefactBaseUrl({})).toBe('http://localhost:3000');
  });
});
