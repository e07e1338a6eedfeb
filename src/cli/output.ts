import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes through a temporary file in the same directory and renames it over `file`, so that
 * a reader (a CI step uploading the report) never sees a half-written file. */
export function writeFileAtomic(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(temporary, text, { flag: 'wx' });
  try {
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
