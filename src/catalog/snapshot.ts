/**
 * A binary container for what start-up would otherwise rebuild (catalogue items, indexes): named sections of typed
 * arrays, read back as views of one buffer without parsing, and of JSON values, under a key that says what the
 * content was built from. Files are written to a temporary name and renamed, so a reader never sees half of one.
 *
 * Layout: `FASNAP01`, the header's byte length (uint32, little-endian), the header (JSON: key and section table),
 * then every section at an 8-byte-aligned offset. Typed arrays are stored in the machine's byte order, which the
 * header records; a file from a machine of the other order is refused (and rebuilt).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A section: a typed array or a JSON value. */
export type Section = Uint8Array | Uint32Array | Int32Array | Float32Array | Float64Array | { json: unknown };

const MAGIC = 'FASNAP01';
const ARRAYS = { Uint8Array, Uint32Array, Int32Array, Float32Array, Float64Array } as const;
type ArrayKind = keyof typeof ARRAYS;

interface SectionEntry {
  name: string;
  kind: ArrayKind | 'json';
  offset: number;
  bytes: number;
}

interface Header {
  key: unknown;
  endianness: string;
  sections: SectionEntry[];
}

const align = (n: number): number => (n + 7) & ~7;

/**
 * Encodes sections under a key.
 * @example
 * const bytes = encodeSnapshot({ version: 1 }, { prices: Float64Array.of(9.99), names: { json: ['shirt'] } });
 */
export function encodeSnapshot(key: unknown, sections: Readonly<Record<string, Section>>): Buffer {
  const parts: { entry: SectionEntry; data: Uint8Array }[] = [];
  let offset = 0;
  for (const [name, section] of Object.entries(sections)) {
    const data = ArrayBuffer.isView(section)
      ? new Uint8Array(section.buffer, section.byteOffset, section.byteLength)
      : Buffer.from(JSON.stringify(section.json));
    const kind = ArrayBuffer.isView(section) ? (section.constructor.name as ArrayKind) : 'json';
    parts.push({ entry: { name, kind, offset, bytes: data.byteLength }, data });
    offset = align(offset + data.byteLength);
  }
  const header: Header = { key, endianness: os.endianness(), sections: parts.map((p) => p.entry) };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const start = align(MAGIC.length + 4 + headerBytes.byteLength);
  const out = Buffer.alloc(start + offset);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(headerBytes.byteLength, MAGIC.length);
  headerBytes.copy(out, MAGIC.length + 4);
  for (const { entry, data } of parts) out.set(data, start + entry.offset);
  return out;
}

/**
 * Decodes a snapshot built under `key` into its sections (typed arrays are views of `bytes`); undefined when it was
 * built under another key. Throws on bytes that are not a whole snapshot of this machine's byte order.
 */
export function decodeSnapshot(bytes: Uint8Array, key: unknown): Map<string, Section> | undefined {
  // Views of the typed arrays need the buffer aligned to 8 bytes.
  const buffer =
    bytes.byteOffset % 8 === 0 ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.from(bytes);
  if (buffer.byteLength < MAGIC.length + 4 || buffer.toString('latin1', 0, MAGIC.length) !== MAGIC) {
    throw new Error('not a snapshot');
  }
  const headerLength = buffer.readUInt32LE(MAGIC.length);
  const header = JSON.parse(buffer.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + headerLength)) as Header;
  if (JSON.stringify(header.key) !== JSON.stringify(key)) return undefined;
  if (header.endianness !== os.endianness()) throw new Error(`snapshot written on a ${header.endianness} machine`);
  const start = align(MAGIC.length + 4 + headerLength);
  const sections = new Map<string, Section>();
  for (const { name, kind, offset, bytes: length } of header.sections) {
    const from = start + offset;
    if (from + length > buffer.byteLength) throw new Error(`snapshot truncated in section ${name}`);
    if (kind === 'json') {
      sections.set(name, { json: JSON.parse(buffer.toString('utf8', from, from + length)) });
    } else {
      const View = ARRAYS[kind];
      if (!View) throw new Error(`unknown section kind ${kind}`);
      sections.set(
        name,
        new View(buffer.buffer as ArrayBuffer, buffer.byteOffset + from, length / View.BYTES_PER_ELEMENT),
      );
    }
  }
  return sections;
}

/**
 * Reads a snapshot file; undefined when it is missing or was built under another key. Throws when it is damaged.
 * @example
 * const sections = readSnapshotFile(file, key); // then sections.get('items.id')
 */
export function readSnapshotFile(file: string, key: unknown): Map<string, Section> | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  return decodeSnapshot(bytes, key);
}

/** Writes a snapshot file atomically (temporary file, then rename). Throws when the file cannot be written. */
export function writeSnapshotFile(file: string, bytes: Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, file);
}

/** A typed-array section, or an error naming what is missing. */
export function arraySection<K extends ArrayKind>(
  sections: ReadonlyMap<string, Section>,
  name: string,
  kind: K,
): InstanceType<(typeof ARRAYS)[K]> {
  const section = sections.get(name);
  if (!(section instanceof ARRAYS[kind])) throw new Error(`snapshot section ${name} is not a ${kind}`);
  return section as InstanceType<(typeof ARRAYS)[K]>;
}

/** A JSON section's value, or an error naming what is missing. */
export function jsonSection<T>(sections: ReadonlyMap<string, Section>, name: string): T {
  const section = sections.get(name);
  if (!section || ArrayBuffer.isView(section)) throw new Error(`snapshot section ${name} is missing`);
  return section.json as T;
}
