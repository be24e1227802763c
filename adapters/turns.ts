/**
 * What every chat adapter does between "a platform update arrived" and "send the answer": flood protection per user,
 * de-duplication, one-at-a-time ordering per conversation, the engine call, and one error boundary per turn.
 *
 * De-duplication is a lease (see `src/middleware/dedup.ts`): a message is claimed before its turn runs, the claim is
 * renewed while it runs and marked done only once the answer went out, so a platform redelivery of a message whose
 * instance died runs it, and one of a message already answered does not.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { memoryDeduplicator, type UpdateClaim, type UpdateDeduplicator } from '../src/middleware/dedup.ts';
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
  /**
   * How long a message claimed elsewhere (a live lease: another instance is running it) is waited for before the
   * verdict is `busy`; default one and a half leases, so a lease left by a dead instance expires within the wait.
   */
  busyWaitMs?: number;
}

export interface TurnPipeline {
  /**
   * Admits one message, in the order of calls per conversation (the checks run in the conversation's queue, so a
   * slow shared store cannot reorder messages). `verdict`: `duplicate` (answered before: nothing happens), `busy`
   * (another instance holds it and is alive: nothing happens here, a later redelivery decides), `drop` (flooding,
   * already told), `notify` (flooding: one notice goes out) or `allow` (the turn runs). `done` settles with the same
   * verdict once the answer or notice was delivered (or its failure logged) and the message marked done; neither
   * promise rejects.
   */
  submit(message: IncomingMessage, delivery: Delivery): { verdict: Promise<Verdict>; done: Promise<Verdict> };
  /** Resolves when every admitted turn has been answered. */
  drain(): Promise<void>;
}

/** What became of a submitted message. */
export type Verdict = FloodVerdict | 'duplicate' | 'busy';

/** The pipeline's dependencies, defaults filled in. */
interface PipelineDeps {
  handleTurn: HandleTurn;
  logger: Logger;
  flood: FloodGuard;
  dedup: UpdateDeduplicator;
  clock: Clock;
  busyWaitMs: number;
}

/** Sends something to the platform; a failure is logged, never thrown (the turn is over either way). */
async function deliverSafely(logger: Logger, what: string, message: IncomingMessage, send: () => Promise<void>) {
  try {
    await send();
  } catch (error) {
    logger.error(`could not deliver ${what}`, {
      platform: message.platform,
      messageId: message.messageId,
      error: (error as Error).message,
    });
  }
}

/** Runs the engine on one message and delivers its reply, or an apology when the turn failed. */
async function runTurn({ handleTurn, logger }: PipelineDeps, message: IncomingMessage, delivery: Delivery) {
  let reply: Reply;
  try {
    reply = await handleTurn(message);
  } catch (error) {
    logger.error('turn failed', {
      platform: message.platform,
      messageId: message.messageId,
      error: (error as Error).message,
    });
    await deliverSafely(logger, 'apology', message, () => delivery.notice(SORRY_TEXT));
    return;
  }
  await deliverSafely(logger, 'reply', message, () => delivery.reply(reply));
}

/** Claims the message, waiting out another holder's live lease for up to `busyWaitMs` (real time). */
async function claimOf(
  { dedup, clock, busyWaitMs }: PipelineDeps,
  key: string,
): Promise<UpdateClaim | 'done' | 'busy'> {
  const retryBusyMs = Math.max(20, Math.min(1000, dedup.leaseMs / 5));
  const deadline = Date.now() + busyWaitMs;
  for (;;) {
    const found = await dedup.claim(key, clock.now());
    if (found !== 'busy' || Date.now() >= deadline) return found;
    await sleep(retryBusyMs);
  }
}

/** Decides whether a message runs: not a duplicate, not held elsewhere, not flooding. */
async function admit(deps: PipelineDeps, message: IncomingMessage): Promise<{ verdict: Verdict; claim?: UpdateClaim }> {
  const { logger, flood, clock } = deps;
  let claim: UpdateClaim | undefined;
  if (message.messageId) {
    const found = await claimOf(deps, `${message.platform}:${message.messageId}`);
    if (found === 'done' || found === 'busy') {
      logger.debug(found === 'done' ? 'duplicate update ignored' : 'update held by a live instance', {
        platform: message.platform,
        messageId: message.messageId,
      });
      return { verdict: found === 'done' ? 'duplicate' : 'busy' };
    }
    claim = found;
  }
  const verdict = await flood.check(message.userId, clock.now());
  if (verdict === 'notify')
    logger.info('flood notice sent', { platform: message.platform, messageId: message.messageId });
  return { verdict, claim };
}

/** Renews `claim` every third of a lease until the returned stop function is called. */
function keepClaimed({ logger, dedup, clock }: PipelineDeps, claim: UpdateClaim, message: IncomingMessage) {
  let warned = false;
  const timer = setInterval(() => {
    void claim.renew(clock.now()).then((held) => {
      if (held || warned) return;
      warned = true;
      logger.warn('lost the claim on a running turn; a redelivery may run it again', {
        platform: message.platform,
        messageId: message.messageId,
      });
    });
  }, dedup.leaseMs / 3);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * One admitted message, in its conversation's queue: admits it (settling `settleVerdict` as soon as that is known),
 * runs the turn or sends the flood notice while keeping the claim alive, then marks the message done.
 */
async function processMessage(
  deps: PipelineDeps,
  message: IncomingMessage,
  delivery: Delivery,
  settleVerdict: (verdict: Verdict) => void,
): Promise<Verdict> {
  const { logger, clock } = deps;
  let outcome: Verdict;
  let claim: UpdateClaim | undefined;
  try {
    ({ verdict: outcome, claim } = await admit(deps, message));
  } catch (error) {
    logger.error('could not check the message against flood limits', { error: (error as Error).message });
    outcome = 'allow';
  }
  settleVerdict(outcome);
  if (outcome === 'duplicate' || outcome === 'busy') return outcome;
  const stopRenewing = claim ? keepClaimed(deps, claim, message) : undefined;
  try {
    if (outcome === 'allow') await runTurn(deps, message, delivery);
    else if (outcome === 'notify')
      await deliverSafely(logger, 'flood notice', message, () => delivery.notice(FLOOD_NOTICE));
  } finally {
    stopRenewing?.();
  }
  await claim
    ?.complete(clock.now())
    .catch((error: Error) => logger.warn('could not mark an update done', { error: error.message }));
  return outcome;
}

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
  busyWaitMs = dedup.leaseMs * 1.5,
}: TurnPipelineOptions): TurnPipeline {
  const deps: PipelineDeps = { handleTurn, logger, flood, dedup, clock, busyWaitMs };
  const queue = createKeyedQueue();
  return {
    submit(message, delivery) {
      let settleVerdict: (verdict: Verdict) => void = () => undefined;
      const verdict = new Promise<Verdict>((resolve) => {
        settleVerdict = resolve;
      });
      const done = queue.run(message.conversationId, () => processMessage(deps, message, delivery, settleVerdict));
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
