// A `pmtiles` Source over a local file (the package's FileSource is the browser's File API): lets Node read the
// archives that the export writes, with the same reader a web client uses.
import { open, type FileHandle } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { Compression, PMTiles, type RangeResponse, type Source } from 'pmtiles';

export class NodeFileSource implements Source {
  private handle: Promise<FileHandle> | undefined;

  constructor(private readonly path: string) {}

  getKey(): string {
    return this.path;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    this.handle ??= open(this.path, 'r');
    const fh = await this.handle;
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, offset);
    const data = buf.buffer.slice(buf.byteOffset, buf.byteOffset + bytesRead) as ArrayBuffer;
    return { data };
  }

  async close(): Promise<void> {
    if (this.handle) await (await this.handle).close();
    this.handle = undefined;
  }
}

/** Opens an archive with the `pmtiles` reader; gzip is undone with zlib (Node has no DecompressionStream need). */
export function openPmtiles(path: string): { archive: PMTiles; source: NodeFileSource } {
  const source = new NodeFileSource(path);
  const archive = new PMTiles(source, undefined, async (buf, compression) => {
    if (compression === Compression.None || compression === Compression.Unknown) return buf;
    if (compression === Compression.Gzip) {
      const out = gunzipSync(new Uint8Array(buf));
      return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
    }
    throw new Error(`compression ${compression} is not supported here`);
  });
  return { archive, source };
}
