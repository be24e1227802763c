// Whether dist/ holds the compiled form of the current sources. Read by bin/ on every start (a few milliseconds of
// `stat` calls) and written by scripts/build.mjs, so that a source edited after the last build is never run stale.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the compiled JavaScript goes, mirroring the source tree. */
export const DIST = path.join(ROOT, 'dist');
/** Source folders that are compiled (tests run from their TypeScript through vitest). */
export const SOURCE_DIRS = ['src', 'adapters', 'models', 'bench'];
/** Files whose change makes every compiled file stale. */
const BUILD_INPUTS = ['package.json', 'tsconfig.json', 'scripts/build.mjs', 'scripts/build-stamp.mjs'];
const STAMP = path.join(DIST, 'stamp.txt');

/** Files the build compiles or the compiled code reads beside itself; a README never makes dist/ stale. */
const COMPILED = /\.(?:ts|mts|mjs|js|json|css)$/;

/** Every compiled file under the source folders, relative to the root, sorted. */
export function sourceFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.isFile() && COMPILED.test(entry.name)) files.push(relative);
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(path.join(ROOT, dir))) walk(dir);
  return files.sort();
}

/** A hash of the names, sizes and modification times of the sources and build inputs. */
export function sourceStamp(files = sourceFiles()) {
  const hash = createHash('sha256');
  for (const file of [...BUILD_INPUTS, ...files]) {
    const stat = statSync(path.join(ROOT, file), { throwIfNoEntry: false });
    hash.update(`${file}\0${stat?.size ?? -1}\0${stat?.mtimeMs ?? -1}\n`);
  }
  return hash.digest('hex');
}

/** The stamp the last build wrote, or undefined. */
export function builtStamp() {
  try {
    return readFileSync(STAMP, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Records that dist/ matches `stamp`. */
export const stampFile = STAMP;

/** The URL of the compiled command-line entry when dist/ is up to date with the sources, otherwise undefined. */
export function compiledEntry() {
  const built = builtStamp();
  return built !== undefined && built === sourceStamp()
    ? new URL('../dist/src/cli/main.js', import.meta.url).href
    : undefined;
}
