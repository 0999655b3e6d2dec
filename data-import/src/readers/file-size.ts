// The size of a file about to be read, or the importer's message for one that cannot be (missing, unreadable, empty).
import { stat } from 'node:fs/promises';
import { ImportError } from '../import-job.ts';

/** The file's size in bytes; throws an ImportError naming the file (`name`) when it is missing, unreadable or empty. */
export async function fileSize(path: string, name: string): Promise<number> {
  const size = await stat(path).then(
    (s) => s.size,
    (err: NodeJS.ErrnoException) => {
      throw new ImportError(`${name}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
    },
  );
  if (size === 0) throw new ImportError(`${name}: the file is empty`);
  return size;
}
