/**
 * Content hashes for cache keys: of data files (recomputed only when a file's size or modification time changed,
 * remembered in the data home) and of the project's own code (a changed loader, taxonomy or index rebuilds what
 * was built with the old one).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.ts';

interface Remembered {
  size: number;
  mtimeMs: number;
  sha256: string;
}

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The SHA-256 of each file's content. Hashes are remembered in `<home>/cache/file-hashes.json` with the size and
 * modification time they were computed for, so an unchanged file is not read again.
 * @example
 * fileHashes(['/data/styles.csv'], config.home); // ['9f2c…']
 */
export function fileHashes(files: readonly string[], home: string): string[] {
  const store = path.join(home, 'cache', 'file-hashes.json');
  let remembered: Record<string, Remembered> = {};
  try {
    remembered = JSON.parse(readFileSync(store, 'utf8')) as Record<string, Remembered>;
  } catch {}
  let changed = false;
  const hashes = files.map((file) => {
    const { size, mtimeMs } = statSync(file);
    const known = remembered[file];
    if (known && known.size === size && known.mtimeMs === mtimeMs) return known.sha256;
    const hash = sha256(readFileSync(file));
    remembered[file] = { size, mtimeMs, sha256: hash };
    changed = true;
    return hash;
  });
  if (changed) {
    try {
      mkdirSync(path.dirname(store), { recursive: true });
      writeFileSync(`${store}.${process.pid}.tmp`, JSON.stringify(remembered));
      renameSync(`${store}.${process.pid}.tmp`, store);
    } catch {
      // an unwritable home only means hashing again next time
    }
  }
  return hashes;
}

const codeHashes = new Map<string, string>();

/**
 * A hash of the sources under a project folder (e.g. `src/catalog`: the loaders, taxonomy and index), the same
 * whether the code runs from the sources or compiled: what was built by older code is built again.
 * @example
 * codeHash('models/trends'); // '3f9a…'
 */
export function codeHash(folder: string): string {
  let known = codeHashes.get(folder);
  if (known === undefined) {
    const hash = createHash('sha256');
    const dir = path.join(projectRoot, folder);
    const walk = (relative: string) => {
      const entries = readdirSync(path.join(dir, relative), { withFileTypes: true });
      for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const name = path.join(relative, entry.name);
        if (entry.isDirectory()) walk(name);
        else hash.update(`${name}\0`).update(readFileSync(path.join(dir, name)));
      }
    };
    walk('');
    known = hash.digest('hex').slice(0, 16);
    codeHashes.set(folder, known);
  }
  return known;
}
