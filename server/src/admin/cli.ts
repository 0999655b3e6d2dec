// npm run admin -- token create --name NAME | token list | token revoke --name NAME
import { parseArgs } from 'node:util';
import { connect, DatabaseStartupError } from '../../../db/src/connect.ts';
import { migrate } from '../../../db/src/migrate.ts';
import { createToken, listTokens, revokeToken } from '../../../db/src/tokens.repository.ts';
import { ConfigError, loadConfig } from '../config.ts';

const USAGE = 'usage: npm run admin -- token create --name NAME | token list | token revoke --name NAME';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { name: { type: 'string' } } });
  const [noun, verb] = positionals;
  if (noun !== 'token' || !['create', 'list', 'revoke'].includes(verb ?? '')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (verb !== 'list' && !values.name?.trim()) {
    process.stderr.write(`atlas admin: --name is required\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const db = await connect({ databaseUrl: config.DATABASE_URL, dataDir: config.ATLAS_DATA_DIR });
  try {
    await migrate(db);
    if (verb === 'create') {
      const { token } = await createToken(db, values.name!.trim());
      process.stderr.write(`Token "${values.name}" created. Keep it: it is shown only once.\n`);
      process.stdout.write(`${token}\n`);
    } else if (verb === 'revoke') {
      const n = await revokeToken(db, values.name!.trim());
      process.stdout.write(`${n} token(s) revoked\n`);
    } else {
      for (const t of await listTokens(db))
        process.stdout.write(`${t.id}\t${t.name}\t${t.created_at}\t${t.revoked_at ?? 'active'}\n`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const known = err instanceof ConfigError || err instanceof DatabaseStartupError;
    process.stderr.write(`atlas admin: ${known ? (err as Error).message : ((err as Error).stack ?? String(err))}\n`);
    process.exit(1);
  },
);
