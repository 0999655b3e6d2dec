// The import's progress as the CLI shows it: a bar with features, features/s and ETA on a terminal, plain lines
// every few seconds when the output is a file or a pipe (logs, CI).
import type { ImportProgress } from './import-job.ts';

/** A progress bar on a terminal; plain lines every few seconds otherwise (logs, CI). Both on stderr. */
export function progressPrinter(
  layer: string,
  out: { isTTY?: boolean; write(s: string): unknown } = process.stderr,
): (p: ImportProgress) => void {
  const tty = Boolean(out.isTTY);
  let lastLine = 0;
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  return (p) => {
    const total = p.total === undefined ? '' : `/${p.estimated ? '~' : ''}${n(p.total)}`;
    const eta =
      p.eta === undefined ? '' : `, ETA ${p.eta < 60 ? `${p.eta.toFixed(0)} s` : `${(p.eta / 60).toFixed(1)} min`}`;
    const numbers = `${n(p.done)}${total} features, ${n(p.rate)} features/s${eta}`;
    if (tty) {
      const pct = p.total ? Math.min(100, (100 * p.done) / p.total) : undefined;
      const bar =
        pct === undefined ? '' : `[${'#'.repeat(Math.round(pct / 5)).padEnd(20, '.')}] ${pct.toFixed(0).padStart(3)}% `;
      out.write(`\r${layer} ${p.phase.padEnd(10)} ${bar}${numbers}\u001b[K${p.phase === 'done' ? '\n' : ''}`);
      return;
    }
    if (p.phase === 'reading' && Date.now() - lastLine < 2000) return;
    lastLine = Date.now();
    out.write(`${layer} ${p.phase}: ${numbers}\n`);
  };
}
