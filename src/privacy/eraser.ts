/**
 * "Forget me" across every store, with no gap when one is unreachable: the erasure is first recorded in the ledger
 * (durable), then each store is erased; what could not be is retried in the background — and before the user's next
 * turn — until done. The outcome says what was erased and what is still pending, so the reply can tell the truth.
 * Each store erases only data from before the request (`at`): a retry that runs after the user came back keeps
 * what is newer.
 */
import type { Logger } from '../types.ts';
import { withTimeout } from '../util/async.ts';
import {
  ERASURE_TARGETS,
  type ErasureLedger,
  type ErasureTarget,
  memoryErasureLedger,
  type PendingErasure,
} from './erasure-ledger.ts';

/** Erases one user's data (from before `at`) in one store; throws when the store cannot be reached. */
export type EraseIn = (userId: string, at: number) => Promise<unknown>;

/** What one "forget me" did. */
export interface ErasureOutcome {
  erased: ErasureTarget[];
  /** Stores not reached: recorded, and erased as soon as they answer. */
  pending: ErasureTarget[];
}

export interface Eraser {
  /** Records the erasure, erases every store it can; never throws for a store that is down. */
  erase(userId: string, at: number): Promise<ErasureOutcome>;
  /** The stores still to erase for this user (none: nothing pending). */
  pendingFor(userId: string): ErasureTarget[];
  /** Tries a user's pending erasure again now; resolves to what is still pending. */
  settle(userId: string): Promise<ErasureTarget[]>;
  /** Tries every pending erasure again (the background retry does this every `retryMs`). */
  retryAll(): Promise<void>;
  close(): void;
}

export interface EraserOptions {
  /** The stores in use, each with its erasure. */
  targets: Partial<Record<ErasureTarget, EraseIn>>;
  ledger?: ErasureLedger;
  logger: Logger;
  /** Longest wait for one store (default 5 s): a store that does not answer counts as unreachable. */
  timeoutMs?: number;
  /** Background retry period (default 2 s); 0 turns the background retry off. */
  retryMs?: number;
}

/**
 * @example
 * const eraser = createEraser({ targets: { profile: (u) => store.erase(u), log: (u, at) => log.eraseUser(u, at) }, logger });
 * const { erased, pending } = await eraser.erase('telegram:42', Date.now());
 */
export function createEraser(options: EraserOptions): Eraser {
  const { targets, logger } = options;
  const ledger = options.ledger ?? memoryErasureLedger();
  const timeoutMs = options.timeoutMs ?? 5000;
  const inUse = ERASURE_TARGETS.filter((target) => targets[target] !== undefined);
  /** One attempt at a time per user, so that two never race over the ledger entry. */
  const running = new Map<string, Promise<ErasureTarget[]>>();

  /** Erases what is pending for the user in parallel; updates the ledger; resolves to what is still pending. */
  const attempt = (userId: string, first = false): Promise<ErasureTarget[]> => {
    const current = running.get(userId);
    if (current) return current;
    const run = (async () => {
      const entry = ledger.get(userId);
      if (!entry) return [];
      const results = await Promise.all(
        entry.pending.map((target) => eraseOne(target, userId, entry.at, { targets, logger, timeoutMs, first })),
      );
      return markDone(ledger, entry, new Set(results.filter((r) => r.done).map((r) => r.target)));
    })().finally(() => running.delete(userId));
    running.set(userId, run);
    return run;
  };

  let sweeping: Promise<void> | undefined;
  const retryAll = () => {
    sweeping ??= (async () => {
      for (const { userId } of ledger.all()) {
        // A ledger that cannot be written now is tried again on the next round.
        await attempt(userId).catch((error: Error) =>
          logger.error('unfinished erasures could not be updated', { error: error.message }),
        );
      }
    })().finally(() => {
      sweeping = undefined;
    });
    return sweeping;
  };
  const retryMs = options.retryMs ?? 2000;
  const timer =
    retryMs > 0
      ? setInterval(() => {
          if (ledger.all().length > 0) void retryAll();
        }, retryMs)
      : undefined;
  timer?.unref();
  if (ledger.all().length > 0) {
    logger.warn('erasures left unfinished by an earlier run: retrying them', { users: ledger.all().length });
    void retryAll();
  }

  return {
    async erase(userId, at) {
      // Synchronously from the moment no attempt runs: the new entry is the one the next attempt works on.
      for (let current = running.get(userId); current; current = running.get(userId)) {
        await current.catch(() => undefined);
      }
      ledger.put({ userId, at, pending: [...inUse] });
      const pending = await attempt(userId, true);
      if (pending.length > 0) logger.warn('erasure recorded; unreachable stores are erased when back', { pending });
      return { erased: inUse.filter((target) => !pending.includes(target)), pending };
    },
    pendingFor: (userId) => ledger.get(userId)?.pending ?? [],
    settle: (userId) => (ledger.get(userId) ? attempt(userId) : Promise.resolve([])),
    retryAll,
    close() {
      clearInterval(timer);
    },
  };
}

/** Erases a user from one store, within the timeout; a store this instance does not use counts as done. */
async function eraseOne(
  target: ErasureTarget,
  userId: string,
  at: number,
  {
    targets,
    logger,
    timeoutMs,
    first,
  }: Pick<EraserOptions, 'targets' | 'logger'> & { timeoutMs: number; first: boolean },
): Promise<{ target: ErasureTarget; done: boolean }> {
  const eraseIn = targets[target];
  if (!eraseIn) {
    // Recorded by an earlier run that used this store; this one is configured without it.
    logger.warn('an unfinished erasure names a store this instance does not use; dropped', { store: target });
    return { target, done: true };
  }
  try {
    await withTimeout(eraseIn(userId, at), timeoutMs, `erasing ${target}`);
    return { target, done: true };
  } catch (error) {
    // Said once per erasure; the retries every few seconds only at debug level.
    (first ? logger.warn : logger.debug)('erasure not finished: a store is unreachable; retried until done', {
      store: target,
      error: (error as Error).message,
    });
    return { target, done: false };
  }
}

/**
 * Takes what an attempt erased off the user's ledger entry and returns what is still pending. The entry may have been
 * replaced meanwhile (the user asked again): only what this attempt did comes off, and only from the same request.
 */
function markDone(ledger: ErasureLedger, entry: PendingErasure, done: ReadonlySet<ErasureTarget>): ErasureTarget[] {
  const latest = ledger.get(entry.userId);
  if (latest && latest.at === entry.at) {
    const pending = latest.pending.filter((target) => !done.has(target));
    ledger.put({ ...latest, pending });
    return pending;
  }
  return latest?.pending ?? [];
}
