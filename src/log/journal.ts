/**
 * The log's write-ahead journal. A turn is durable once its batch is appended here — one encrypted line per batch,
 * written on the main thread before the reply goes out — and the writer thread copies it into the SQLite log later,
 * hundreds of turns per transaction. Replies then wait for one small file write instead of for SQLite's index
 * updates and commit (or for a writer thread busy with them), and the indexes are updated in large batches, which
 * costs far less per turn. A written line survives the process being killed, as a committed WAL transaction does:
 * both are in the operating system's hands.
 *
 * The journal is a series of segment files, `log-journal-<pid>-<n>.jsonl` in the data home; a segment is deleted
 * once every turn in it is in the log. Opening the log first copies the segments of writers that are gone into it
 * (copying twice is harmless: the log ignores a message id it already has).
 */
import {
  closeSync,
  existsSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import type { TurnRecord } from '../types.ts';
import type { TextCipher } from './crypto.ts';

const SEGMENT_NAME = /^log-journal-(\d+)-(\d+)\.jsonl$/;
/** A segment is closed and a new one started past this size. */
const SEGMENT_BYTES = 8 * 1024 * 1024;
/** Segments written by this process's live journals. */
const active = new Set<string>();
let segmentsOpened = 0;

interface Segment {
  file: string;
  fd: number | undefined;
  bytes: number;
  /** Sequence number of the last turn in it. */
  lastSeq: number;
}

/** A journal written by one writer of this process. */
export class TurnJournal {
  private readonly segments: Segment[] = [];
  /** Batches not in the log yet, with the sequence number of their last turn. */
  private readonly uncopied: { lastSeq: number; records: readonly TurnRecord[] }[] = [];
  /** Turns appended so far, and how many of them are in the log. */
  private appended = 0;
  private copied = 0;

  constructor(
    private readonly home: string,
    private readonly cipher: TextCipher,
  ) {
    this.startSegment();
  }

  /**
   * Appends a batch; returns once it is written (durable against the process dying), with the turns written and an
   * error for each turn that could not be (one that does not serialise). Throws when the file cannot be written.
   */
  append(records: readonly TurnRecord[]): { written: readonly TurnRecord[]; errors: (Error | undefined)[] } {
    const errors: (Error | undefined)[] = records.map(() => undefined);
    let written = records;
    let json: string;
    try {
      json = JSON.stringify(written);
    } catch {
      const parts: string[] = [];
      written = records.filter((record, i) => {
        try {
          parts.push(JSON.stringify(record));
          return true;
        } catch (error) {
          errors[i] = error as Error;
          return false;
        }
      });
      json = `[${parts.join(',')}]`;
    }
    if (written.length > 0) {
      this.write(json, written.length);
      this.uncopied.push({ lastSeq: this.appended, records: written });
    }
    return { written, errors };
  }

  /** The turns appended and not in the log yet, oldest first. */
  notCopied(): TurnRecord[] {
    return this.uncopied.flatMap((batch) => batch.records);
  }

  private write(json: string, turns: number): void {
    const { segment, fd } = this.current();
    const line = `${this.cipher.encrypt(json).toString('base64')}\n`;
    segment.bytes += writeSync(fd, line);
    this.appended += turns;
    segment.lastSeq = this.appended;
    if (segment.bytes >= SEGMENT_BYTES) {
      closeSync(fd);
      segment.fd = undefined;
      this.startSegment();
    }
  }

  /** Records that the first `count` turns appended are in the log: what holds only those is deleted. */
  copiedIntoLog(count: number): void {
    this.copied = count;
    while ((this.uncopied[0]?.lastSeq ?? Number.POSITIVE_INFINITY) <= count) this.uncopied.shift();
    while (this.segments.length > 1) {
      const [oldest] = this.segments;
      if (!oldest || oldest.lastSeq > count) break;
      this.segments.shift();
      this.drop(oldest);
    }
    if (count !== this.appended) return;
    // Everything appended is in the log: only the segment being written is left, and it can be emptied.
    const { segment, fd } = this.current();
    if (segment.bytes > 0) {
      ftruncateSync(fd, 0);
      segment.bytes = 0;
    }
  }

  /**
   * Closes the journal: deleted if everything in it is in the log, else kept for the next start (which copies it).
   * Either way its files no longer count as this process's live journal.
   */
  close(): void {
    const complete = this.copied === this.appended;
    for (const segment of this.segments.splice(0)) {
      if (segment.fd !== undefined) closeSync(segment.fd);
      if (complete) unlinkSync(segment.file);
      active.delete(segment.file);
    }
  }

  /** The segment being written (the last one) and its open file; throws once the journal is closed. */
  private current(): { segment: Segment; fd: number } {
    const segment = this.segments.at(-1);
    if (segment?.fd === undefined) throw new Error('the turn journal is closed');
    return { segment, fd: segment.fd };
  }

  private startSegment(): void {
    const file = path.join(this.home, `log-journal-${process.pid}-${++segmentsOpened}.jsonl`);
    active.add(file);
    this.segments.push({ file, fd: openSync(file, 'w', 0o600), bytes: 0, lastSeq: this.appended });
  }

  private drop(segment: Segment): void {
    if (segment.fd !== undefined) closeSync(segment.fd);
    unlinkSync(segment.file);
    active.delete(segment.file);
  }
}

/** What reading a left-over journal segment found. */
export interface RecoveredJournal {
  file: string;
  records: TurnRecord[];
  /** Lines that did not decrypt: a batch cut short by a crash while it was written (never acknowledged). */
  unreadable: number;
}

/**
 * The journal segments in `home` left by writers that are gone — their process no longer runs, or it is this
 * process (a previous life under the same pid, or a writer that died) and no live journal of ours writes them —
 * with the turns they hold, oldest first.
 * @example
 * for (const journal of leftoverJournals(home, cipher)) await copyIntoLog(journal.records);
 */
export function leftoverJournals(home: string, cipher: TextCipher): RecoveredJournal[] {
  if (!existsSync(home)) return [];
  const found: RecoveredJournal[] = [];
  const names = readdirSync(home).filter((name) => SEGMENT_NAME.test(name));
  for (const name of names.sort(bySegmentNumber)) {
    const match = SEGMENT_NAME.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    const file = path.join(home, name);
    if (active.has(file) || (pid !== process.pid && isRunning(pid))) continue;
    found.push(readJournal(file, cipher));
  }
  return found;
}

/** Oldest first: by process, then by segment number. */
function bySegmentNumber(a: string, b: string): number {
  const numbers = (name: string) => name.slice('log-journal-'.length, -'.jsonl'.length).split('-').map(Number);
  // Both names matched SEGMENT_NAME, so each has a process and a segment number.
  const [pidA = 0, nA = 0] = numbers(a);
  const [pidB = 0, nB = 0] = numbers(b);
  return pidA - pidB || nA - nB;
}

function readJournal(file: string, cipher: TextCipher): RecoveredJournal {
  const journal: RecoveredJournal = { file, records: [], unreadable: 0 };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      journal.records.push(...(JSON.parse(cipher.decrypt(Buffer.from(line, 'base64'))) as TurnRecord[]));
    } catch {
      journal.unreadable++;
    }
  }
  return journal;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
