// Start-up failures: one clear line and a non-zero exit, never a stack trace alone.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths.ts';

function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', PORT: '0', ...env },
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // 'close', not 'exit': stderr may still be flowing when the process exits.
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('npm start', () => {
  it('refuses a malformed DATABASE_URL', async () => {
    const r = await start({ DATABASE_URL: 'not a url' });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/DATABASE_URL/);
  });

  it('names an unreachable PostGIS server', async () => {
    const r = await start({ DATABASE_URL: 'postgres://atlas@127.0.0.1:1/atlas' });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Cannot connect to the PostGIS server at 127\.0\.0\.1:1/);
  });

  it('refuses a data folder written by another PostgreSQL version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-old-'));
    mkdirSync(join(dir, 'base'));
    writeFileSync(join(dir, 'PG_VERSION'), '16\n');
    const r = await start({ ATLAS_DATA_DIR: dir });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/written by PostgreSQL 16/);
  });

  it('refuses a data folder of another Atlas data format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-fmt-'));
    writeFileSync(join(dir, 'PG_VERSION'), '18\n');
    writeFileSync(join(dir, 'atlas-data.json'), '{"format": 99}\n');
    const r = await start({ ATLAS_DATA_DIR: dir });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/data format 99/);
  });
});
