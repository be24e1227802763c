/**
 * Values derived from a loaded catalogue and other inputs (trained artifacts): item vectors, statistics in
 * catalogue order … Kept as snapshots in `<FASHION_HOME>/cache/` under the catalogue's fingerprint, the content
 * hashes of the input files and a hash of the code that derives them, so that a restart reads them back instead of
 * computing them again, and any change to an input computes them afresh.
 */
import path from 'node:path';
import type { Catalog, Logger } from '../types.ts';
import { codeHash, fileHashes } from './fingerprint.ts';
import { encodeSnapshot, readSnapshotFile, type Section, writeSnapshotFile } from './snapshot.ts';

/** How a derived value is computed and stored. */
export interface Derivation<T> {
  /** The cache file's name (`<name>.snap`). */
  name: string;
  /** Files the value depends on besides the catalogue. */
  inputs: readonly string[];
  /** Project folder of the code that computes it (its sources are hashed into the key). */
  code: string;
  build(): T;
  encode(value: T): Record<string, Section>;
  decode(sections: ReadonlyMap<string, Section>): T;
}

/**
 * The value for this catalogue: read back from the data home when it was stored under the same key, else built
 * (and stored). A catalogue without a fingerprint (built in memory) is always built for.
 * @example
 * const space = derivedFromCatalog(catalog, config.home, logger, { name: 'item-space', inputs, code, build, encode, decode });
 */
export function derivedFromCatalog<T>(catalog: Catalog, home: string, logger: Logger, derivation: Derivation<T>): T {
  if (!catalog.fingerprint) return derivation.build();
  const file = path.join(home, 'cache', `${derivation.name}.snap`);
  const key = {
    catalog: catalog.fingerprint,
    code: codeHash(derivation.code),
    inputs: fileHashes(derivation.inputs, home),
  };
  try {
    const sections = readSnapshotFile(file, key);
    if (sections) return derivation.decode(sections);
  } catch (error) {
    logger.warn(`${derivation.name} cache unreadable, computing it again`, { file, error: (error as Error).message });
  }
  const value = derivation.build();
  try {
    writeSnapshotFile(file, encodeSnapshot(key, derivation.encode(value)));
  } catch (error) {
    logger.warn(`cannot write the ${derivation.name} cache; the next start computes it again`, {
      file,
      error: (error as Error).message,
    });
  }
  return value;
}
