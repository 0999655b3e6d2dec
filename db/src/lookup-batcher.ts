// Coalesces concurrent parcel lookups into one statement per batch. Under a crowd, requests wait for a pooled
// connection anyway; those waiting together are answered by one execution (a LATERAL join over their keys) instead of
// one each: the statement's fixed costs (the round trip, executor start-up of a plan of some forty nodes, the
// driver's work per query) are paid once per batch. A lone request goes out at once, as a batch of one.

export type LookupKind = 'number' | 'point';
export type LookupKey = readonly [a: number, b: string | number];

/** Runs one batch: keys of one kind, one instant and day; answers in the keys' order (undefined: no parcel). */
export type RunBatch<R> = (
  kind: LookupKind,
  at: string,
  day: string,
  keys: readonly LookupKey[],
) => Promise<(R | undefined)[]>;

interface Waiting<R> {
  key: LookupKey;
  resolve(row: R | undefined): void;
  reject(err: unknown): void;
}

interface Group<R> {
  kind: LookupKind;
  /** The instant asked for; undefined means "now", taken when the batch goes out. */
  at: string | undefined;
  day: string;
  waiting: Waiting<R>[];
}

export class LookupBatcher<R> {
  /** Waiting lookups by (kind, instant, day), oldest group first. */
  private readonly groups = new Map<string, Group<R>>();
  private inFlight = 0;
  /** Statements run and lookups answered, for tests and diagnostics. */
  batches = 0;
  lookups = 0;

  /**
   * @param slots at most this many batches at once (the connections the engine has for them).
   * @param maxBatch at most this many lookups in one statement.
   */
  constructor(
    private readonly run: RunBatch<R>,
    private readonly slots: number,
    private readonly maxBatch = 32,
  ) {}

  lookup(kind: LookupKind, key: LookupKey, at: string | undefined, day: string): Promise<R | undefined> {
    return new Promise((resolve, reject) => {
      const id = `${kind}|${at ?? 'now'}|${day}`;
      let group = this.groups.get(id);
      if (!group) this.groups.set(id, (group = { kind, at, day, waiting: [] }));
      group.waiting.push({ key, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.slots) {
      const next = this.groups.entries().next();
      if (next.done) return;
      const [id, group] = next.value;
      const batch = group.waiting.splice(0, this.maxBatch);
      if (group.waiting.length === 0) this.groups.delete(id);
      this.inFlight++;
      this.batches++;
      this.lookups += batch.length;
      const at = group.at ?? new Date().toISOString();
      this.run(
        group.kind,
        at,
        group.day,
        batch.map((w) => w.key),
      )
        .then(
          (rows) => batch.forEach((w, i) => w.resolve(rows[i])),
          (err: unknown) => batch.forEach((w) => w.reject(err)),
        )
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }
}
