/**
 * What every chat adapter does between "a platform update arrived" and "send the answer": flood protection per user,
 * de-duplication, one-at-a-time ordering per conversation, the engine call, and one error boundary per turn.
 */

import { memoryDeduplicator, type UpdateDeduplicator } from '../src/middleware/dedup.ts';
import { createFloodGuard, FLOOD_NOTICE, type FloodGuard, type FloodVerdict } from '../src/middleware/flood-guard.ts';
import { createKeyedQueue } from '../src/middleware/keyed-queue.ts';
import type { Clock, IncomingMessage, Logger, Reply } from '../src/types.ts';
import { systemClock } from '../src/util/random.ts';

/** The engine entry point an adapter is given. */
export type HandleTurn = (message: IncomingMessage) => Promise<Reply>;

/** The answer a user gets when a turn fails on our side. */
export const SORRY_TEXT = 'Sorry, something went wrong on my side. Please try again in a moment.';

/** How an adapter shows a reply or a short notice on its platform. */
export interface Delivery {
  reply(reply: Reply): Promise<void>;
  notice(text: string): Promise<void>;
}

/** Dependencies of the pipeline; all but the first two have in-memory defaults. */
export interface TurnPipelineOptions {
  handleTurn: HandleTurn;
  logger: Logger;
  flood?: FloodGuard;
  dedup?: UpdateDeduplicator;
  clock?: Clock;
}

export interface TurnPipeline {
  /**
   * Admits one message, in the order of calls per conversation (the checks run in the conversation's queue, so a
   * slow shared store cannot reorder messages). `verdict`: `duplicate` (seen before: nothing happens), `drop`
   * (flooding, already told), `notify` (flooding: one notice goes out) or `allow` (the turn runs). `done` settles
   * once the answer or notice was delivered or its failure logged; neither promise rejects.
   */
  submit(message: IncomingMessage, delivery: Delivery): { verdict: Promise<Verdict>; done: Promise<void> };
  /** Resolves when every admitted turn has been answered. */
  drain(): Promise<void>;
}

/** What became of a submitted message. */
export type Verdict = FloodVerdict | 'duplicate';

/**
 * @example
 * const turns = createTurnPipeline({ handleTurn, logger });
 * await turns.submit(message, { reply: (r) => send(r), notice: (t) => sendText(t) });
 */
export function createTurnPipeline({
  handleTurn,
  logger,
  flood = createFloodGuard(),
  dedup = memoryDeduplicator(),
  clock = systemClock,
}: TurnPipelineOptions): TurnPipeline {
  const queue = createKeyedQueue();

  const deliverSafely = async (what: string, message: IncomingMessage, send: () => Promise<void>) => {
    try {
      await send();
    } catch (error) {
      logger.error(`could not deliver ${what}`, {
        platform: message.platform,
        messageId: message.messageId,
        error: (error as Error).message,
      });
    }
  };

  const runTurn = async (message: IncomingMessage, delivery: Delivery) => {
    let reply: Reply;
    try {
      reply = await handleTurn(message);
    } catch (error) {
      logger.error('turn failed', {
        platform: message.platform,
        messageId: message.messageId,
        error: (error as Error).message,
      });
      await deliverSafely('apology', message, () => delivery.notice(SORRY_TEXT));
      return;
    }
    await deliverSafely('reply', message, () => delivery.reply(reply));
  };

  const admit = async (message: IncomingMessage): Promise<Verdict> => {
    const now = clock.now();
    if (message.messageId && !(await dedup.firstSeen(`${message.platform}:${message.messageId}`, now))) {
      logger.debug('duplicate update ignored', { platform: message.platform, messageId: message.messageId });
      return 'duplicate';
    }
    const verdict = await flood.check(message.userId, now);
    if (verdict === 'notify')
      logger.info('flood notice sent', { platform: message.platform, messageId: message.messageId });
    return verdict;
  };

  return {
    submit(message, delivery) {
      let settleVerdict!: (verdict: Verdict) => void;
      const verdict = new Promise<Verdict>((resolve) => {
        settleVerdict = resolve;
      });
      const done = queue.run(message.conversationId, async () => {
        let outcome: Verdict;
        try {
          outcome = await admit(message);
        } catch (error) {
          logger.error('could not check the message against flood limits', { error: (error as Error).message });
          outcome = 'allow';
        }
        settleVerdict(outcome);
        if (outcome === 'allow') await runTurn(message, delivery);
        else if (outcome === 'notify')
          await deliverSafely('flood notice', message, () => delivery.notice(FLOOD_NOTICE));
      });
      return { verdict, done };
    },
    drain: () => queue.drain(),
  };
}

/** What `serve` runs: one chat platform connection. */
export interface ChatAdapter {
  /** Connects and starts answering; resolves once updates are being received. */
  start(): Promise<void>;
  /** Stops receiving, answers what was already admitted, then disconnects. */
  stop(): Promise<void>;
}
