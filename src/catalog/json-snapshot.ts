/**
 * A large JSON file (a trained model: mostly long arrays of numbers) read back from a snapshot in the data home
 * instead of parsed: its long number arrays are stored as `Float64Array` sections (a JSON number is a double, so
 * every value comes back exactly) and the rest as JSON. Keyed by the file's content hash, so an edited or retrained
 * file is parsed (and snapshotted) again.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileHashes } from './fingerprint.ts';
import { arraySection, encodeSnapshot, readSnapshotFile, type Section, writeSnapshotFile } from './snapshot.ts';

/** Bump when the layout below changes. */
const FORMAT = 1;

/** Number arrays at least this long go to a section of their own. */
const MIN_SECTION = 1024;

/** Marks where a number array was taken out of the JSON skeleton. */
const SECTION_REF = '$section';

const isNumberArray = (value: unknown): value is number[] =>
  Array.isArray(value) && value.length >= MIN_SECTION && value.every((v) => typeof v === 'number');

/** The JSON skeleton with its long number arrays replaced by references to sections. */
function split(value: unknown, sections: Record<string, Section>): unknown {
  if (isNumberArray(value)) {
    const name = `numbers.${Object.keys(sections).length}`;
    sections[name] = Float64Array.from(value);
    return { [SECTION_REF]: name };
  }
  if (Array.isArray(value)) return value.map((v) => split(v, sections));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, split(v, sections)]));
  }
  return value;
}

/** The value of `split`'s skeleton with its sections put back as plain arrays. */
function join(value: unknown, sections: ReadonlyMap<string, Section>): unknown {
  if (Array.isArray(value)) return value.map((v) => join(v, sections));
  if (value && typeof value === 'object') {
    const ref = (value as Record<string, unknown>)[SECTION_REF];
    if (typeof ref === 'string') return Array.from(arraySection(sections, ref, 'Float64Array'));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, join(v, sections)]));
  }
  return value;
}

/**
 * The parsed content of a JSON file, from `<home>/cache/<name>.snap` when it was built from the same content; else
 * parsed and snapshotted (a home that cannot be written only means parsing again next time). Throws when the file
 * cannot be read or is not JSON, as `JSON.parse` would.
 * @example
 * const model = readJsonSnapshot(modelPath(home), home, 'nlu-model');
 */
export function readJsonSnapshot(file: string, home: string, name: string): unknown {
  const cache = path.join(home, 'cache', `${name}.snap`);
  let key: unknown;
  try {
    key = { format: FORMAT, sha256: fileHashes([file], home)[0] };
    const sections = readSnapshotFile(cache, key);
    const skeleton = sections?.get('skeleton');
    if (sections && skeleton && !ArrayBuffer.isView(skeleton)) return join(skeleton.json, sections);
  } catch {
    // an unreadable snapshot is parsed again from the file below
  }
  const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (key !== undefined) {
    try {
      const sections: Record<string, Section> = {};
      sections.skeleton = { json: split(value, sections) };
      writeSnapshotFile(cache, encodeSnapshot(key, sections));
    } catch {
      // read-only home
    }
  }
  return value;
}
