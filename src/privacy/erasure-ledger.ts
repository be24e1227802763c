/**
 * The erasures not finished yet ("forget me" while a store was unreachable), kept where they survive the process:
 * `<home>/erasures-pending.jsonl`, one entry per line, each encrypted with the log key (an entry names a user, and
 * that they asked to be forgotten), mode 0600, rewritten whole (through a temporary file) on every change and deleted
 * once empty. The entry is written before any store is touched, so a crash part-way still finishes the erasure.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { TextCipher } from '../log/crypto.ts';
import { PRIVATE_MODE } from '../util/private-files.ts';

/** The stores a user's data is erased from. */
export const ERASURE_TARGETS = ['profile', 'log', 'experiments'] as const;
export type ErasureTarget = (typeof ERASURE_TARGETS)[number];

/** One user's unfinished erasure: what was asked when, and the stores still to erase. */
export interface PendingErasure {
  userId: string;
  /** When the user asked (ms): data from then on is newer than the erasure and stays. */
  at: number;
  pending: ErasureTarget[];
}

/** Unfinished erasures by user; every change is durable when the call returns. */
export interface ErasureLedger {
  get(userId: string): PendingErasure | undefined;
  all(): PendingErasure[];
  /** Records (or replaces) a user's entry; an entry with nothing pending is removed. */
  put(entry: PendingErasure): void;
}

/**
 * An in-memory ledger (tests, and engines built without a data home: erasures are retried while the process lives).
 * @example
 * const ledger = memoryErasureLedger();
 */
export function memoryErasureLedger(): ErasureLedger {
  const entries = new Map<string, PendingErasure>();
  return {
    get: (userId) => entries.get(userId),
    all: () => [...entries.values()],
    put(entry) {
      if (entry.pending.length === 0) entries.delete(entry.userId);
      else entries.set(entry.userId, entry);
    },
  };
}

/**
 * The ledger in `file`, encrypted with `cipher`. A file that cannot be read (other keys) fails here, at start.
 * @example
 * const ledger = fileErasureLedger(path.join(home, 'erasures-pending.jsonl'), createTextCipher(keys.encryption));
 */
export function fileErasureLedger(file: string, cipher: TextCipher): ErasureLedger {
  const memory = memoryErasureLedger();
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        memory.put(JSON.parse(cipher.decrypt(Buffer.from(line, 'base64'))) as PendingErasure);
      } catch (error) {
        throw new Error(
          `${file} (unfinished erasures) cannot be read with the log keys: ${(error as Error).message}. Restore the ` +
            'keys it was written under (keys.json); do not delete it — it lists erasures still to do',
          { cause: error },
        );
      }
    }
  }
  const persist = () => {
    const entries = memory.all();
    if (entries.length === 0) {
      rmSync(file, { force: true });
      return;
    }
    const lines = entries.map((entry) => `${cipher.encrypt(JSON.stringify(entry)).toString('base64')}\n`);
    writeFileSync(`${file}.tmp`, lines.join(''), { mode: PRIVATE_MODE });
    renameSync(`${file}.tmp`, file);
  };
  return {
    get: memory.get,
    all: memory.all,
    put(entry) {
      memory.put(entry);
      persist();
    },
  };
}
