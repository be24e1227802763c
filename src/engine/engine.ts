/**
 * The conversational engine (DESIGN §1, STYLE §3). One turn is a list of named steps, like Rasa's `handle_message`:
 * load → parse → decide (a named action) → act (events) → apply the events → render from the new state → restyle →
 * persist (save and log). Turns of one user run one at a time; every failure ends in a polite reply.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createKeyedQueue } from '../middleware/keyed-queue.ts';
import { renderSay } from '../nlg/render.ts';
import { detectLanguage } from '../nlu/text.ts';
import { createEraser } from '../privacy/eraser.ts';
import type { IncomingMessage, Reply } from '../types.ts';
import { forTurn } from '../util/logger.ts';
import type { EngineDeps, TurnContext } from './context.ts';
import { erasureTargets } from './erasure.ts';
import { applyEvents, beginTurn } from './events.ts';
import { cleanInput } from './input.ts';
import { decide } from './policy.ts';
import { act } from './turn/act.ts';
import { type ErasingDeps, eraseEverywhere, erases, erasureInProgress } from './turn/erase.ts';
import { armsOf, armsRecorded, recordExperimentEvents } from './turn/experiments.ts';
import { parseTurn } from './turn/parse.ts';
import { persistTurn } from './turn/persist.ts';
import { buildReply, erasurePendingReply, failureReply } from './turn/reply.ts';
import { restyled } from './turn/restyle.ts';
import { step, TurnStepError } from './turn/step.ts';
import { replyLanguage, replyTone } from './turn/voice.ts';

export interface Engine {
  handleTurn(message: IncomingMessage): Promise<Reply>;
}

/**
 * @example
 * const engine = createEngine({ parser, catalog, recommender, composer, store, templates, clock, random, logger });
 * const reply = await engine.handleTurn({ platform: 'cli', userId: 'cli:me', conversationId: 'cli:me', text: 'hi' });
 */
export function createEngine(engineDeps: EngineDeps): Engine {
  const queue = createKeyedQueue();
  const deps: ErasingDeps = {
    ...engineDeps,
    eraser: engineDeps.eraser ?? createEraser({ targets: erasureTargets(engineDeps), logger: engineDeps.logger }),
  };
  return {
    handleTurn: (message) => {
      // The turn's log lines carry an id of their own, so that an operator can follow one turn among many.
      const turnDeps: ErasingDeps = { ...deps, logger: forTurn(deps.logger, randomUUID()) };
      return queue.run(message.userId, () => lockedTurn(turnDeps, message));
    },
  };
}

/** A turn under the user's store lock (atomic across instances sharing Redis). */
async function lockedTurn(deps: ErasingDeps, message: IncomingMessage): Promise<Reply> {
  let release: (() => Promise<void>) | undefined;
  try {
    release = await deps.store.lock(message.userId);
  } catch (error) {
    deps.logger.warn('turn lock failed; answering without it', { error: (error as Error).message });
  }
  try {
    return await handleTurn(deps, message);
  } finally {
    await release?.();
  }
}

/** The one error boundary of a turn: logs the step that failed and answers politely. */
async function handleTurn(deps: ErasingDeps, message: IncomingMessage): Promise<Reply> {
  try {
    return await runTurn(deps, message);
  } catch (error) {
    // Outside a named step only the engine's own glue can fail: a programmer error, logged without a step.
    const cause = error instanceof TurnStepError ? error.cause : (error as Error);
    deps.logger.error('turn failed', {
      step: error instanceof TurnStepError ? error.step : undefined,
      platform: message.platform,
      error: cause.message,
      stack: cause.stack,
    });
    return failureReply(deps);
  }
}

async function runTurn(deps: ErasingDeps, message: IncomingMessage): Promise<Reply> {
  const started = performance.now();
  const now = deps.clock.now();
  const input = cleanInput(message.text);
  const pending = await step('load', () => erasureInProgress(deps, message.userId));
  if (pending) return erasurePendingReply(deps, pending, detectLanguage(input.text));
  const state = await step('load', () => deps.store.load(message.userId));
  const parse = await step('parse', () => parseTurn(deps, input, state));
  const { catalog, parser } = deps;
  const decision = await step('decide', () =>
    decide(parse, { user: state, pressed: message.action, catalog, threshold: parser.threshold }),
  );
  const arms = armsOf(deps, message.userId);
  const context: TurnContext = { message, parse, ...decision, state, deps, now, arms: arms.params };
  const result = await step('act', () => act(context, input));
  const next = await step('apply', () => applyEvents(beginTurn(state, decision.intent, now), result.events, now));
  const language = replyLanguage(next.profile, parse);
  const tone = replyTone(next.profile, decision.slots, arms.params);
  const erased = erases(result);
  const say = erased ? [await step('erase', () => eraseEverywhere(deps, message.userId, language))] : result.say;
  const rendered = await step('render', () =>
    renderSay(say, deps.templates, { language, tone, random: deps.random, lastVariants: next.session.lastVariants }),
  );
  const draft = { text: rendered.text, result, intent: decision.intent, language, tone, profile: next.profile };
  const text = await step('restyle', () => restyled(deps, draft));
  const reply = buildReply(parse, decision, result, text, language);
  // An erased user's state is not saved again and the turn that asked is not logged.
  if (erased) return reply;
  const saved = applyEvents(next, rendered.events, now);
  const latencyMs = performance.now() - started;
  const finished = { message: { ...message, text: input.text }, reply, action: decision.action, state: saved };
  const recorded = { events: result.events, at: now, latencyMs, arms: armsRecorded(arms) };
  await step('persist', () => persistTurn(deps, { ...finished, ...recorded }));
  const { pseudonym } = arms;
  const { experiments } = deps;
  if (pseudonym && experiments) {
    await step('persist', () => recordExperimentEvents(experiments, context, reply, { ...arms, pseudonym }));
  }
  return reply;
}
