// The issuing authority printed on certificates (ATLAS_CERT_AUTHORITY_NAME, _ADDRESS, _LOGO), read once at start-up.
import { readFileSync } from 'node:fs';
import { ConfigError, type Config } from '../config.ts';
import type { CertificateAuthority } from './certificate-content.ts';

const LOGO_MAX_BYTES = 512 * 1024;

type AuthorityConfig = Partial<
  Pick<Config, 'ATLAS_CERT_AUTHORITY_NAME' | 'ATLAS_CERT_AUTHORITY_ADDRESS' | 'ATLAS_CERT_AUTHORITY_LOGO'>
>;

/** The configured authority, its logo read and checked; null when no name is configured. */
export function loadAuthority(config: AuthorityConfig): CertificateAuthority | null {
  const name = config.ATLAS_CERT_AUTHORITY_NAME;
  if (!name) {
    if (config.ATLAS_CERT_AUTHORITY_ADDRESS || config.ATLAS_CERT_AUTHORITY_LOGO) {
      throw new ConfigError('ATLAS_CERT_AUTHORITY_ADDRESS and _LOGO need ATLAS_CERT_AUTHORITY_NAME');
    }
    return null;
  }
  let logo: CertificateAuthority['logo'] = null;
  const path = config.ATLAS_CERT_AUTHORITY_LOGO;
  if (path) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (err) {
      throw new ConfigError(`ATLAS_CERT_AUTHORITY_LOGO: cannot read ${path}: ${(err as Error).message}`);
    }
    if (bytes.length > LOGO_MAX_BYTES) {
      throw new ConfigError(`ATLAS_CERT_AUTHORITY_LOGO: ${path} has ${bytes.length} bytes; at most ${LOGO_MAX_BYTES}`);
    }
    const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
    if (!png && !jpeg) throw new ConfigError(`ATLAS_CERT_AUTHORITY_LOGO: ${path} is neither a PNG nor a JPEG file`);
    logo = { type: png ? 'png' : 'jpeg', base64: bytes.toString('base64') };
  }
  return { name, address: config.ATLAS_CERT_AUTHORITY_ADDRESS ?? null, logo };
}
