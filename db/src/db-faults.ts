// What a database error means for the request that met it: the server is unreachable (503, retry later), a statement
// or the wait for a connection ran out of time (504), or neither (a bug or bad data: the caller decides).
// Issue 12, items 1, 7 and 8: a database fault is an answer, never a crash.

export type DbFault = 'unavailable' | 'timeout';

/** SQLSTATE classes and codes that mean "the server is not there or is going away". */
const UNAVAILABLE_CODES = new Set([
  '57P01', // admin_shutdown (pg_ctl stop, restart)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovery)
  '53300', // too_many_connections
  '08000', // connection_exception
  '08003', // connection_does_not_exist
  '08006', // connection_failure
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
]);

const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT']);

const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /terminating connection/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/** The fault a database error stands for, or undefined when it is not one (a constraint, a syntax error...). */
export function dbFaultOf(err: unknown): DbFault | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code === '57014') return 'timeout'; // query_canceled: statement_timeout
  if (code === '55P03') return 'timeout'; // lock_not_available: lock_timeout
  const message = typeof e.message === 'string' ? e.message : '';
  if (/Query read timeout/i.test(message)) return 'timeout';
  if (code && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_ERRNO.has(code))) return 'unavailable';
  if (UNAVAILABLE_MESSAGES.some((re) => re.test(message))) return 'unavailable';
  // AggregateError from net.connect when every address refused.
  if (Array.isArray(e.errors) && e.errors.some((x) => dbFaultOf(x) === 'unavailable')) return 'unavailable';
  if (e.cause && e.cause !== err) return dbFaultOf(e.cause);
  return undefined;
}

/**
 * Tracks whether the database answers, and reports only the changes (down → up, up → down): an outage of a minute
 * under load is two log lines, not one per request.
 */
export class DbState {
  #up = true;
  #since = 0;
  #reason: string | undefined;
  constructor(
    private readonly onChange?: (up: boolean, fields: Record<string, unknown>) => void,
    /**
     * Successes within this time after going down do not count as "up": while a server shuts down, statements that
     * finished just before it still report success after the first connection reported the fault.
     */
    private readonly settleMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  get up(): boolean {
    return this.#up;
  }
  get since(): number {
    return this.#since;
  }
  get reason(): string | undefined {
    return this.#reason;
  }

  /** A statement succeeded: the database answers. */
  ok(): void {
    if (this.#up) return;
    const downMs = this.now() - this.#since;
    if (downMs < this.settleMs) return;
    this.#up = true;
    this.#since = this.now();
    this.#reason = undefined;
    this.onChange?.(true, { downMs });
  }

  /** An error happened: when it is an "unavailable" fault, the database is down. Returns the fault, if any. */
  saw(err: unknown): DbFault | undefined {
    const fault = dbFaultOf(err);
    if (fault === 'unavailable' && this.#up) {
      this.#up = false;
      this.#since = this.now();
      this.#reason = (err as Error)?.message ?? String(err);
      this.onChange?.(false, { reason: this.#reason, code: (err as { code?: string })?.code });
    }
    return fault;
  }
}
