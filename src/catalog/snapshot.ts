/**
 * A binary container for what start-up would otherwise rebuild (catalogue items, indexes): named sections of typed
 * arrays, read back as views of one buffer without parsing, and of JSON values, under a key that says what the
 * content was built from. Files are written to a temporary name and renamed, so a reader never sees half of one.
 *
 * Layout: `FASNAP01`, the header's byte length (uint32, little-endian), the header (JSON: key and section table),
 * then every section at an 8-byte-aligned offset. Typed arrays are stored in the machine's byte order, which the
 * header records; a file from a machine of the other order is refused (and rebuilt).
 */
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, writeFileSync } from 'node:fs';
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

/** The parsed header and where the sections start; throws on bytes that do not begin a snapshot. */
function readHeader(
  prefix: Buffer,
  readMore: (from: number, length: number) => Buffer,
): { header: Header; start: number } {
  if (prefix.byteLength < MAGIC.length + 4 || prefix.toString('latin1', 0, MAGIC.length) !== MAGIC) {
    throw new Error('not a snapshot');
  }
  const headerLength = prefix.readUInt32LE(MAGIC.length);
  const header = JSON.parse(readMore(MAGIC.length + 4, headerLength).toString('utf8')) as Header;
  return { header, start: align(MAGIC.length + 4 + headerLength) };
}

/** Whether a header was built under `key`; throws when it was written on a machine of the other byte order. */
function matches(header: Header, key: unknown): boolean {
  if (JSON.stringify(header.key) !== JSON.stringify(key)) return false;
  if (header.endianness !== os.endianness()) throw new Error(`snapshot written on a ${header.endianness} machine`);
  return true;
}

/** One section from its bytes (`bytes` is used as it is: a view for arrays, parsed for JSON). */
function sectionOf({ name, kind }: SectionEntry, bytes: Buffer): Section {
  if (kind === 'json') return { json: JSON.parse(bytes.toString('utf8')) };
  const View = ARRAYS[kind];
  if (!View) throw new Error(`unknown section kind ${kind} in section ${name}`);
  return new View(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength / View.BYTES_PER_ELEMENT);
}

/**
 * Decodes a snapshot built under `key` into its sections (typed arrays are views of `bytes`); undefined when it was
 * built under another key. Throws on bytes that are not a whole snapshot of this machine's byte order.
 */
export function decodeSnapshot(bytes: Uint8Array, key: unknown): Map<string, Section> | undefined {
  // Views of the typed arrays need the buffer aligned to 8 bytes.
  const buffer =
    bytes.byteOffset % 8 === 0 ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.from(bytes);
  const slice = (from: number, length: number) => {
    if (from + length > buffer.byteLength) throw new Error('snapshot truncated');
    return buffer.subarray(from, from + length);
  };
  const { header, start } = readHeader(buffer, slice);
  if (!matches(header, key)) return undefined;
  const sections = new Map<string, Section>();
  for (const entry of header.sections) {
    if (start + entry.offset + entry.bytes > buffer.byteLength)
      throw new Error(`snapshot truncated in section ${entry.name}`);
    sections.set(entry.name, sectionOf(entry, slice(start + entry.offset, entry.bytes)));
  }
  return sections;
}

/**
 * Reads a snapshot file; undefined when it is missing or was built under another key. Throws when it is damaged.
 * Reads the header first (a stale snapshot costs one small read), then each section into a buffer of its own, so
 * that a section kept after start-up holds only its own bytes and no section is copied out of a shared buffer.
 * @example
 * const sections = readSnapshotFile(file, key); // then sections.get('items.id')
 */
export function readSnapshotFile(file: string, key: unknown): Map<string, Section> | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const read = (from: number, length: number): Buffer => {
      if (from + length > size) throw new Error('snapshot truncated');
      // A buffer of its own (never a slice of Node's shared pool, so typed-array views start 8-byte aligned), not
      // zero-filled first: every byte is read into it.
      const bytes = Buffer.allocUnsafeSlow(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, bytes, done, length - done, from + done);
        if (n === 0) throw new Error('snapshot truncated');
        done += n;
      }
      return bytes;
    };
    const { header, start } = readHeader(read(0, Math.min(size, MAGIC.length + 4)), read);
    if (!matches(header, key)) return undefined;
    const sections = new Map<string, Section>();
    for (const entry of header.sections) {
      if (start + entry.offset + entry.bytes > size) throw new Error(`snapshot truncated in section ${entry.name}`);
      sections.set(entry.name, sectionOf(entry, read(start + entry.offset, entry.bytes)));
    }
    return sections;
  } finally {
    closeSync(fd);
  }
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
