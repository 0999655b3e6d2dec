// Latency statistics and the printed table of a benchmark run.
export interface Row {
  suite: string;
  case: string;
  metric: string;
  value: number;
  unit: string;
  /** The reference this row is compared with (same suite, measured in the same run). */
  reference?: string | undefined;
  ratio?: number | undefined;
  goal?: string | undefined;
  pass?: boolean | undefined;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function stats(samples: number[]): { p50: number; p95: number; p99: number; mean: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length),
    n: s.length,
  };
}

/**
 * The p50 and p95 rows of `samples` (their count in the case), each against the reference's p50 (`refP50`, at least
 * 0.1 ms) with the goal of under `goalMs`.
 */
export function p50p95Rows(
  suite: string,
  label: string,
  samples: number[],
  reference: string,
  refP50: number,
  goalMs: number,
): Row[] {
  const s = stats(samples);
  return (['p50', 'p95'] as const).map((metric) => ({
    suite,
    case: `${label} (n=${s.n})`,
    metric,
    value: s[metric],
    unit: 'ms',
    reference,
    ratio: s[metric] / Math.max(refP50, 0.1),
    goal: `< ${goalMs} ms`,
    pass: s[metric] < goalMs,
  }));
}

/** Times `fn` `n` times (after `warmup` untimed runs), in milliseconds. */
export async function timeIt(
  n: number,
  fn: (i: number) => Promise<unknown>,
  warmup = Math.min(20, n),
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn(i);
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

export function printTable(rows: readonly Row[]): void {
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));
  const cells = rows.map((r) => [
    r.suite,
    r.case,
    r.metric,
    `${fmt(r.value)} ${r.unit}`,
    r.reference ?? '',
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`,
    r.goal ?? '',
    r.pass === undefined ? '' : r.pass ? 'ok' : 'MISSED',
  ]);
  const head = ['suite', 'case', 'metric', 'value', 'reference', 'ratio', 'goal', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => x.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  process.stdout.write(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const c of cells) process.stdout.write(`${line(c)}\n`);
  process.stdout.write('\n');
}
