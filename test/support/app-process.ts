// An Atlas process (server/src/main.ts, as `npm start` runs it) on a free loopback port, for tests that need real app
// instances side by side: its output kept for the error messages, ready once a health path answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port.ts';
import { ROOT } from './paths.ts';

export interface AppProcess {
  readonly baseUrl: string;
  readonly process: ChildProcess;
  /** What the process wrote, stdout and stderr as they came. */
  readonly output: string[];
  /** SIGTERM, resolved when the process has exited. */
  stop(): Promise<void>;
}

/** Starts the app with `env` over this process's environment; resolves once `readyPath` answers 2xx. */
export async function startAppProcess(
  env: Record<string, string>,
  { readyPath = '/api/health', timeoutMs = 120_000 }: { readyPath?: string; timeoutMs?: number } = {},
): Promise<AppProcess> {
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}): ${output.join('')}`);
    const ok = await fetch(`${baseUrl}${readyPath}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the app did not start: ${output.join('')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    process: child,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
