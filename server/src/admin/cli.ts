// npm run admin -- token create --name NAME [--days N] | token list | token revoke --name NAME
import { parseArgs } from 'node:util';
import { connect, DatabaseStartupError } from '../../../db/src/connect.ts';
import { migrate } from '../../../db/src/migrate.ts';
import { createToken, listTokens, revokeToken, TokenNameTaken } from '../../../db/src/tokens.repository.ts';
import { ConfigError, loadConfig } from '../config.ts';

const USAGE =
  'usage: npm run admin -- token create --name NAME [--days N (default 90; 0: never expires)] | token list | token revoke --name NAME';
const DEFAULT_DAYS = 90;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, days: { type: 'string' } },
  });
  const [noun, verb] = positionals;
  if (noun !== 'token' || !['create', 'list', 'revoke'].includes(verb ?? '')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (verb !== 'list' && !values.name?.trim()) {
    process.stderr.write(`atlas admin: --name is required\n${USAGE}\n`);
    return 2;
  }
  const days = values.days === undefined ? DEFAULT_DAYS : Number(values.days);
  if (!Number.isFinite(days) || days < 0) {
    process.stderr.write(`atlas admin: --days must be a number of days (0: never expires)\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const db = await connect({ databaseUrl: config.DATABASE_URL, dataDir: config.ATLAS_DATA_DIR });
  try {
    await migrate(db);
    if (verb === 'create') {
      const { token, expiresAt } = await createToken(db, values.name!.trim(), {
        expiresInDays: days > 0 ? days : undefined,
      });
      process.stderr.write(
        `Token "${values.name}" created${expiresAt ? `, valid until ${expiresAt}` : ', never expires'}. Keep it: it is shown only once.\n`,
      );
      process.stdout.write(`${token}\n`);
    } else if (verb === 'revoke') {
      const n = await revokeToken(db, values.name!.trim());
      process.stdout.write(`${n} token(s) revoked\n`);
    } else {
      for (const t of await listTokens(db))
        process.stdout.write(
          `${t.id}\t${t.name}\t${t.created_at}\t${t.revoked_at ? `revoked ${t.revoked_at}` : t.expires_at ? `expires ${t.expires_at}` : 'active'}\n`,
        );
    }
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const known = err instanceof ConfigError || err instanceof DatabaseStartupError || err instanceof TokenNameTaken;
    process.stderr.write(`atlas admin: ${known ? (err as Error).message : ((err as Error).stack ?? String(err))}\n`);
    process.exit(1);
  },
);
