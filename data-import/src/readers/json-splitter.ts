// Splits a GeoJSON FeatureCollection into its features while it streams in, without holding the document: a byte
// scanner follows strings, escapes and nesting, slices each element of the top-level "features" array, and leaves
// JSON.parse one feature at a time. The other top-level members (type, crs, name, bbox) are parsed wherever they
// appear, before or after "features". Memory stays bounded by the largest single feature.
// Generic streaming JSON parsers build every token as an event; slicing bytes is several times faster.
import { BACKSLASH, COLON, COMMA, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET } from './json-bytes.ts';

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** The document is not a well-formed JSON object, or ends too early; `offset` is the byte where it went wrong. */
export class SplitError extends Error {
  override name = 'SplitError';
  constructor(
    message: string,
    readonly offset: number,
    readonly features: number,
  ) {
    super(message);
  }
}

/** Reads a feature straight from the bytes when it can (readers/fast-feature.ts). */
export interface FeatureReader {
  read(buf: Buffer, start: number, end: number): { feature: object; next: number } | undefined;
}

export interface SplitterOptions {
  /** Slice the features (false: only count them and read the other members, e.g. to find a `crs` at the end). */
  features?: boolean;
  /** Gives each feature that starts and ends in the current chunk to this reader first: what it reads is emitted parsed. */
  reader?: FeatureReader;
  /** A feature (or another member) larger than this is refused: memory stays bounded. */
  maxValueBytes?: number;
}

// What the scanner expects next at the top level (depth 1) and inside "features" (depth 2).
const enum Top {
  Open, // before the document's '{'
  FirstKey, // after '{': a key or '}'
  Key, // after ',': a key
  Colon,
  Value,
  Next, // after a member: ',' or '}'
  Done, // after the closing '}': only white space
}
const enum Arr {
  FirstElement, // after '[': an element or ']'
  Element, // after ',': an element
  Next, // after an element: ',' or ']'
}
const enum Kind {
  Container,
  String,
  Literal,
}

interface Capture {
  /** offset in the current chunk, or -1 when the value began in an earlier chunk (its bytes are in `carry`) */
  start: number;
  /** depth of the container the value sits in: 1 for a top-level member, 2 for a feature */
  level: 1 | 2;
  kind: Kind;
}

/** The closing quote of a string whose content starts at `from`, or -1 when the string goes on past this chunk. */
function closingQuote(buf: Buffer, from: number): number {
  for (let j = from; ;) {
    const q = buf.indexOf(QUOTE, j);
    if (q < 0) return -1;
    let k = q - 1;
    while (k >= from && buf[k] === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q;
    j = q + 1;
  }
}

export class FeatureCollectionSplitter {
  /** Members other than "features", parsed, in the order they were met. */
  readonly members = new Map<string, unknown>();
  /** Features sliced so far (or counted, when `features` is false). */
  count = 0;
  /** Whether the "features" array has been entered (its members before it are then known). */
  featuresStarted = false;
  /** Whether the "features" array has been closed. */
  featuresEnded = false;

  private readonly emitFeatures: boolean;
  private readonly reader: FeatureReader | undefined;
  private readonly maxValueBytes: number;
  /** the bytes, from earlier chunks, of the value or key in progress */
  private carry: Buffer | undefined;
  /** stream offset of the current chunk's first byte */
  private base = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private top = Top.Open;
  private arr = Arr.FirstElement;
  private inFeatures = false;
  /** where the member name being read starts (as Capture.start), undefined when none */
  private keyStart: number | undefined;
  private key = '';
  private capture: Capture | undefined;

  constructor(opts: SplitterOptions = {}) {
    this.emitFeatures = opts.features ?? true;
    this.reader = this.emitFeatures ? opts.reader : undefined;
    this.maxValueBytes = opts.maxValueBytes ?? 256 * 1024 ** 2;
  }

  get done(): boolean {
    return this.top === Top.Done;
  }

  /** Bytes consumed so far. */
  get offset(): number {
    return this.base;
  }

  /** Feeds the next bytes; returns the features completed in them, as JSON text (or parsed, by the `reader`). */
  push(buf: Buffer): (string | object)[] {
    const out: (string | object)[] = [];
    const n = buf.length;
    let i = 0;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;

    while (i < n) {
      if (inString) {
        // A string left open by the previous chunk, or a key: byte by byte (an escape may straddle chunks).
        for (; i < n; i++) {
          const c = buf[i]!;
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) break;
        }
        if (i >= n) break;
        inString = false;
        if (this.keyStart !== undefined) {
          this.key = this.keyStart >= 0 ? buf.toString('utf8', this.keyStart + 1, i) : this.text(buf, -1, i, 1);
          this.keyStart = undefined;
          this.top = Top.Colon;
        } else if (this.capture?.kind === Kind.String) {
          this.finish(buf, i + 1, out);
        }
        i++;
        continue;
      }
      const cap = this.capture;
      if (cap !== undefined && cap.kind === Kind.Container) {
        // Inside a feature (or a member's object): only strings and nesting matter. Strings are skipped with indexOf.
        const level = cap.level;
        for (; i < n; i++) {
          const c = buf[i]!;
          if (c === QUOTE) {
            const q = closingQuote(buf, i + 1);
            if (q < 0) {
              inString = true;
              let k = n - 1;
              while (k > i && buf[k] === BACKSLASH) k--;
              escaped = (n - 1 - k) % 2 === 1;
              i = n;
              break;
            }
            i = q;
          } else if (c === LBRACE || c === LBRACKET) depth++;
          else if (c === RBRACE || c === RBRACKET) {
            depth--;
            if (depth === level) {
              this.finish(buf, i + 1, out);
              i++;
              break;
            }
          }
        }
        continue;
      }
      const c = buf[i]!;
      if (cap !== undefined) {
        // A literal (number, true, false, null) ends at the next delimiter, which is then read as structure.
        if (!(isSpace(c) || c === COMMA || c === RBRACE || c === RBRACKET)) {
          i++;
          continue;
        }
        this.finish(buf, i, out);
      }
      i++;
      if (isSpace(c)) continue;
      const at = i - 1;
      if (depth === 2 && this.inFeatures) {
        if (this.arr === Arr.Next) {
          if (c === COMMA) this.arr = Arr.Element;
          else if (c === RBRACKET) {
            depth = 1;
            this.inFeatures = false;
            this.featuresEnded = true;
            this.top = Top.Next;
          } else this.fail(`expected ',' or ']' after feature ${this.count - 1}`, at);
        } else if (c === RBRACKET && this.arr === Arr.FirstElement) {
          depth = 1;
          this.inFeatures = false;
          this.featuresEnded = true;
          this.top = Top.Next;
        } else if (c === RBRACKET || c === COMMA) {
          this.fail(`unexpected '${String.fromCharCode(c)}' in the features array`, at);
        } else {
          if (c === LBRACE && this.reader) {
            const read = this.reader.read(buf, at, n);
            if (read) {
              out.push(read.feature);
              this.count++;
              this.arr = Arr.Next;
              i = read.next;
              continue;
            }
          }
          this.begin(c, at, 2);
          if (c === LBRACE || c === LBRACKET) depth++;
          else if (c === QUOTE) inString = true;
        }
        continue;
      }
      switch (this.top) {
        case Top.Open:
          // A UTF-8 byte order mark is not JSON but common in files written on Windows.
          if ((c === 0xef || c === 0xbb || c === 0xbf) && this.base + at < 3) break;
          if (c !== LBRACE) this.fail('expected a JSON object ({ "type": "FeatureCollection", ... })', at);
          depth = 1;
          this.top = Top.FirstKey;
          break;
        case Top.FirstKey:
        case Top.Key:
          if (c === QUOTE) {
            this.keyStart = at;
            inString = true;
          } else if (c === RBRACE && this.top === Top.FirstKey) {
            depth = 0;
            this.top = Top.Done;
          } else this.fail('expected a member name', at);
          break;
        case Top.Colon:
          if (c !== COLON) this.fail(`expected ':' after "${this.key}"`, at);
          this.top = Top.Value;
          break;
        case Top.Value:
          if (this.key === 'features' && c === LBRACKET && !this.featuresStarted) {
            depth = 2;
            this.inFeatures = true;
            this.featuresStarted = true;
            this.arr = Arr.FirstElement;
          } else {
            this.begin(c, at, 1);
            if (c === LBRACE || c === LBRACKET) depth++;
            else if (c === QUOTE) inString = true;
          }
          break;
        case Top.Next:
          if (c === COMMA) this.top = Top.Key;
          else if (c === RBRACE) {
            depth = 0;
            this.top = Top.Done;
          } else this.fail(`expected ',' or '}' after "${this.key}"`, at);
          break;
        case Top.Done:
          this.fail('unexpected data after the end of the JSON document', at);
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;

    // Keep only the bytes a value or key in progress still needs; a new chunk is never copied whole.
    const keep = this.capture ? this.capture.start : this.keyStart;
    if (keep === undefined) {
      this.carry = undefined;
    } else {
      this.carry = keep >= 0 ? Buffer.from(buf.subarray(keep)) : Buffer.concat([this.carry!, buf]);
      if (this.capture) this.capture.start = -1;
      else this.keyStart = -1;
      if (this.carry.length > this.maxValueBytes) {
        this.fail(
          `${this.capture?.level === 2 ? `feature ${this.count}` : `member "${this.key}"`} is larger than ${Math.round(this.maxValueBytes / 1024 ** 2)} MB`,
          0,
        );
      }
    }
    this.base += n;
    return out;
  }

  /** The text from `start` (in this chunk, or -1: in the carried bytes, skipping `skip` of them) to `end`. */
  private text(buf: Buffer, start: number, end: number, skip = 0): string {
    if (start >= 0) return buf.toString('utf8', start, end);
    return Buffer.concat([this.carry!.subarray(skip), buf.subarray(0, end)]).toString('utf8');
  }

  /** Call at the end of the input: throws when the document is incomplete. */
  end(): void {
    if (this.top !== Top.Done) {
      const where = this.inFeatures
        ? `inside the features array, after ${this.count} feature${this.count === 1 ? '' : 's'}`
        : this.top === Top.Open
          ? 'before any JSON object'
          : 'before the closing }';
      throw new SplitError(`the file ends ${where}: it is truncated or not valid JSON`, this.base, this.count);
    }
  }

  private begin(c: number, i: number, level: 1 | 2): void {
    const kind = c === LBRACE || c === LBRACKET ? Kind.Container : c === QUOTE ? Kind.String : Kind.Literal;
    this.capture = { start: i, level, kind };
  }

  private finish(buf: Buffer, end: number, out: (string | object)[]): void {
    const cap = this.capture!;
    this.capture = undefined;
    if (cap.level === 2) {
      if (this.emitFeatures) out.push(this.text(buf, cap.start, end));
      this.count++;
      this.arr = Arr.Next;
      return;
    }
    const text = this.text(buf, cap.start, end);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      this.fail(`member "${this.key}" is not valid JSON (${(err as Error).message})`, Math.max(cap.start, 0));
    }
    this.members.set(this.key, value);
    this.top = Top.Next;
  }

  private fail(message: string, i: number): never {
    throw new SplitError(message, this.base + i, this.count);
  }
}
