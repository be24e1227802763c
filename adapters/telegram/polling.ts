/**
 * Long polling that confirms only completed turns. `getUpdates` with an offset confirms every update below it.
 * telegraf's own loop would confirm a batch as soon as its handlers return, and waiting for every turn of a batch
 * before the next call holds new messages behind the slowest turn; so this loop dispatches each update once, as it
 * arrives (one chat's in order, chats at once), and asks with the offset of the oldest update whose turn has not
 * completed — while turns run, `POLL_GATHER_MS` after a poll that brought new updates, else after `POLL_BUSY_MS`
 * (or once they all completed), so new messages are not held up; already dispatched updates that come back are
 * skipped. A restarted instance thus gets every update whose turn had not completed; those it completed are done
 * in the de-duplication store. Telegram sends at most 100 updates from the offset, so a turn that hangs holds back
 * messages more than 100 updates after it until it ends.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TelegramError } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Logger } from '../../src/types.ts';
import type { TelegramClient } from './client.ts';

/**
 * While turns run, how often new updates are asked for (Telegram answers at once: it still has the running ones, which
 * come back each time — so not after every completed turn).
 */
const POLL_BUSY_MS = 25;
/**
 * After a poll that brought new updates, how long to let more arrive before asking again: asking at once gets one or
 * two updates per call under load, and gathering a few per call saves CPU on both sides for a few milliseconds more
 * per reply (bench/README.md, "Telegram polling").
 */
const POLL_GATHER_MS = 4;
/** Long-polling wait when no turn runs, in seconds. */
const POLL_TIMEOUT_S = 50;

/**
 * Polls until `signal` aborts. Resolves once stopped, every dispatched turn completed and the offset confirmed;
 * rejects when Telegram refuses the token or another poller takes over.
 * @example
 * const polling = pollUpdates(client, logger, ['message', 'callback_query'], stopping.signal);
 */
export async function pollUpdates(
  client: TelegramClient,
  logger: Logger,
  allowedUpdates: readonly ('message' | 'callback_query')[],
  signal: AbortSignal,
): Promise<void> {
  const running = new Map<number, Promise<void>>();
  let next = 0; // the update after the newest dispatched one
  const confirmable = () => (running.size > 0 ? Math.min(...running.keys()) : next);
  // Whether the last poll brought new updates: more may be arriving, ask again soon.
  let fresh = false;
  for (let failures = 0; !signal.aborted; ) {
    if (fresh) await sleep(POLL_GATHER_MS);
    else if (running.size > 0) await Promise.race([Promise.all(running.values()), sleep(POLL_BUSY_MS)]);
    fresh = false;
    let updates: Update[];
    try {
      updates = await client.api(
        'getUpdates',
        { offset: confirmable(), timeout: running.size > 0 ? 0 : POLL_TIMEOUT_S, allowed_updates: [...allowedUpdates] },
        signal,
      );
      failures = 0;
    } catch (error) {
      if (signal.aborted) break;
      if (error instanceof TelegramError && (error.code === 401 || error.code === 409)) throw error;
      const retryAfter = error instanceof TelegramError ? error.parameters?.retry_after : undefined;
      failures++;
      logger.warn('telegram getUpdates failed; retrying', { error: (error as Error).message, failures });
      await sleep((retryAfter ?? Math.min(30, 2 ** failures / 4)) * 1000, undefined, { signal }).catch(() => undefined);
      continue;
    }
    for (const update of updates) {
      if (update.update_id < next) continue; // running or completed already
      next = update.update_id + 1;
      fresh = true;
      const handled = client.bot
        .handleUpdate(update)
        .catch((error: Error) => logger.error('telegram update failed', { error: error.message }))
        .finally(() => running.delete(update.update_id));
      running.set(update.update_id, handled);
    }
  }
  await Promise.all(running.values());
  if (next > 0)
    await client
      .api('getUpdates', { offset: next, limit: 1, timeout: 0 })
      .catch((error: Error) => logger.warn('could not confirm the last updates', { error: error.message }));
}
