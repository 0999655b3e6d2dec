// A load refused, and why: the error every import step throws (the readers, the encoder and the database's checks
// alike), so that the CLI and the admin API report one kind of error whatever refused the file.

export interface ImportProblem {
  /** 0-based index of the feature in the file. */
  feature?: number;
  /** 1-based line of the file, for line-based formats (CSV). */
  line?: number;
  id?: string | number | undefined;
  field?: string;
  reason: string;
}

/** An import refused: nothing was written. `problems` says which features and why. */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    message: string,
    readonly problems: ImportProblem[] = [],
    /** What kind of refusal, for HTTP: the input is wrong (default) or too large. */
    readonly kind: 'invalid' | 'too-large' = 'invalid',
  ) {
    super(problems.length ? `${message}\n${formatProblems(problems)}` : message);
  }
  /** The first line of the message, without the list of problems. */
  get summary(): string {
    return this.message.split('\n', 1)[0]!;
  }
}

export function formatProblems(problems: readonly ImportProblem[], max = 20): string {
  const lines = problems.slice(0, max).map((p) => {
    const where = [
      p.line !== undefined ? `line ${p.line}` : p.feature !== undefined ? `feature ${p.feature}` : undefined,
      p.id !== undefined ? `id ${String(p.id)}` : undefined,
      p.field ? `field ${p.field}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    return `  - ${where ? `${where}: ` : ''}${p.reason}`;
  });
  if (problems.length > max) lines.push(`  … and ${problems.length - max} more`);
  return lines.join('\n');
}

/** At most this many problems are collected and reported. */
export const MAX_PROBLEMS = 1000;
