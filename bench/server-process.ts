// Starts Atlas (server/src/main.ts) in a child process for load tests, so the load generator and the server do not
// share one event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ServerProcess {
  baseUrl: string;
  child: ChildProcess;
  /** What the server has written to its standard output so far (its log lines, V8's --trace-gc lines). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the server on a port the operating system chooses (PORT=0) and reads the port back from its startup line, so
 * that a fixed or random port can never collide with another service on the machine (a CI run once met epmd on 4369).
 */
export async function startServerProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
  /** Node's own options for the server process (e.g. --trace-gc), before the script. */
  nodeArgs: readonly string[] = [],
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ATLAS_LOAD_SAMPLE: 'never',
      // Benchmarks measure what the server does: one load generator is one client, which per-client limits would stop.
      ATLAS_RATE_LIMITS: 'off',
      ATLAS_CERT_RATE_PER_MIN: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 60 s')), 60_000);
    child.stdout!.on('data', () => {
      const started = /is running at http:\/\/[^:/\s]+:(\d+)\//.exec(out);
      if (started) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${started[1]}`);
      }
    });
    child.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
  return {
    baseUrl,
    child,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
