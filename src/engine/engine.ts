/**
 * The conversational engine: one turn = load → parse → decide → act → render → apply events → save → log
 * (DESIGN §1, STYLE §3). Turns of one user run one at a time; every failure ends in a polite reply.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type Assignment, mergeArmParams } from '../experiments/assign.ts';
import type { OutcomeType } from '../experiments/definitions.ts';
import { createKeyedQueue } from '../middleware/keyed-queue.ts';
import { renderSay } from '../nlg/render.ts';
import { detectLanguage } from '../nlu/text.ts';
import { createEraser } from '../privacy/eraser.ts';
import type { ErasureTarget } from '../privacy/erasure-ledger.ts';
import type {
  IncomingMessage,
  Intent,
  Language,
  Parse,
  ParseContext,
  Reply,
  ReplyItem,
  ScoredItem,
  TurnRecord,
  UserState,
} from '../types.ts';
import type { Action, ActionResult, EngineDeps, Say, TurnContext } from './context.ts';
import { erasurePendingSay, erasureTargets, forgetSay } from './erasure.ts';
import { applyEvents } from './events.ts';
import { type CleanInput, cleanInput } from './input.ts';
import { decide } from './policy.ts';
import { explainSignals } from './present.ts';

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
  const deps: EngineDeps = {
    ...engineDeps,
    eraser: engineDeps.eraser ?? createEraser({ targets: erasureTargets(engineDeps), logger: engineDeps.logger }),
  };
  return {
    handleTurn: (message) => queue.run(message.userId, () => lockedTurn(deps, message)),
  };
}

/** A turn under the user's store lock (atomic across instances sharing Redis). */
async function lockedTurn(deps: EngineDeps, message: IncomingMessage): Promise<Reply> {
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

async function handleTurn(deps: EngineDeps, message: IncomingMessage): Promise<Reply> {
  const started = performance.now();
  const now = deps.clock.now();
  let stage = 'load';
  try {
    const input = cleanInput(message.text);
    const waiting = await erasureInProgress(deps, message.userId);
    if (waiting) return erasurePendingReply(deps, waiting, detectLanguage(input.text));
    const state = await deps.store.load(message.userId);
    stage = 'parse';
    const parse = parseTurn(deps, input, state);
    stage = 'act';
    const decision = decide(
      parse,
      message,
      state,
      deps.catalog,
      deps.parser.threshold,
      (phrase) => deps.parser.parse(phrase).slots,
    );
    const pseudonym = deps.experiments?.enabled && deps.pseudonymize ? deps.pseudonymize(message.userId) : undefined;
    const assignments = pseudonym ? deps.experiments!.armsFor(pseudonym) : [];
    const arms = mergeArmParams(assignments);
    const context: TurnContext = {
      message,
      parse,
      intent: decision.intent,
      slots: decision.slots,
      state,
      deps,
      now,
      arms,
    };
    let result = await act(context, input, decision.action);
    const erased = result.events.some((e) => e.type === 'user_erased');
    if (erased) {
      stage = 'erase';
      const language = state.profile.language ?? parse.language;
      result = { ...result, say: [await eraseEverywhere(deps, message.userId, language)] };
    }
    stage = 'render';
    const language = result.events.some((e) => e.type === 'language_set')
      ? (context.slots.language ?? parse.language)
      : (state.profile.language ?? parse.language);
    // A tone the user chose wins; otherwise an experiment arm may set it.
    const tone =
      context.slots.tone ?? (state.profile.tone !== 'friendly' ? state.profile.tone : (arms.tone ?? 'friendly'));
    const rendered = renderSay(result.say, deps.templates, {
      language,
      tone,
      random: deps.random,
      lastVariants: state.session.lastVariants,
    });
    const text = deps.restyle
      ? await deps.restyle({
          text: rendered.text,
          items: (result.items ?? []).map((s) => s.item),
          intent: decision.intent,
          language,
          tone,
          preferences: {
            gender: state.profile.gender,
            likedColors: state.profile.likedColors,
            dislikedColors: state.profile.dislikedColors,
            dislikedMaterials: state.profile.dislikedMaterials,
            styles: state.profile.styles,
            budgetMax: state.profile.budgetMax,
            currency: state.profile.currency,
            sizes: state.profile.sizes,
          },
        })
      : rendered.text;
    stage = 'save and log';
    const reply = buildReply(parse, decision.intent, decision.slots, result, text, language);
    // An erased user's state is not saved again and the turn that asked is not logged.
    if (erased) return reply;
    // The state and the log are written side by side; the reply waits for both to be durable.
    const saved = deps.store.save(applyEvents(state, [...result.events, ...rendered.events], decision.intent, now));
    const logged = (async () => {
      for (const event of result.events) {
        if (event.type === 'trend_opt_in' && deps.log) await deps.log.setTrendOptIn(message.userId, event.on);
      }
      const experimentArms = Object.fromEntries(assignments.map((a) => [`experiment:${a.experiment}`, a.arm]));
      await logTurn(deps, { ...message, text: input.text }, reply, now, performance.now() - started, experimentArms);
    })();
    await Promise.all([saved, logged]);
    if (pseudonym) await recordExperimentEvents(deps, context, reply, pseudonym, assignments);
    return reply;
  } catch (error) {
    const err = error as Error;
    deps.logger.error('turn failed', { stage, platform: message.platform, error: err.message, stack: err.stack });
    return failureReply(deps);
  }
}

function parseTurn(deps: EngineDeps, input: CleanInput, state: UserState): Parse {
  const { session, profile } = state;
  const context: ParseContext = {
    previousIntent: session.lastIntent,
    activeSlots: session.request?.slots,
    lastShownCount: session.lastShown.length,
    awaitingSlot: session.awaiting?.slot,
    language: profile.language,
  };
  return deps.parser.parse(input.text, context);
}

/** Runs the decided action; inputs with nothing to read get a polite answer instead. */
async function act(context: TurnContext, input: CleanInput, action: Action): Promise<ActionResult> {
  if (!context.message.action && (input.problem === 'empty' || input.problem === 'binary')) {
    return { events: [], say: [{ key: input.problem === 'empty' ? 'empty_input' : 'binary_input' }] };
  }
  const result = await action(context);
  if (input.problem === 'truncated') {
    const note: Say = { key: 'input_truncated' };
    return { ...result, say: [note, ...result.say] };
  }
  return result;
}

const toReplyItem = (s: ScoredItem): ReplyItem => ({
  id: s.item.id,
  name: s.item.name,
  score: Math.round(s.score * 1e4) / 1e4,
  price: s.item.price,
  colors: s.item.colors,
  articleType: s.item.articleType,
  signals: s.signals,
});

function buildReply(
  parse: Parse,
  intent: Intent,
  slots: TurnContext['slots'],
  result: ActionResult,
  text: string,
  language: Language,
): Reply {
  const reasons = result.signals?.length ? explainSignals(result.signals, 4, language) : [];
  return {
    text,
    intent: parse.intent === 'refine' && intent !== 'refine' ? 'refine' : intent,
    confidence: Math.round(parse.confidence * 1e4) / 1e4,
    slots,
    items: (result.items ?? []).map(toReplyItem),
    outfits: (result.outfits ?? []).map((o) => ({
      items: o.items.map(toReplyItem),
      score: Math.round(o.score * 1e4) / 1e4,
      explanation: o.explanation,
    })),
    explanation: reasons.length
      ? language === 'zh'
        ? `推荐理由：${reasons.join('；')}。`
        : `Chosen because ${reasons.join('; ')}.`
      : undefined,
    chart: result.chart,
    attachment: result.attachment,
    private: result.private ?? false,
    actionable: (result.items?.length ?? 0) > 0,
    language,
  };
}

/** Erases the user everywhere; the reply says what is erased and what waits for a store that is down. */
async function eraseEverywhere(deps: EngineDeps, userId: string, language: Language): Promise<Say> {
  try {
    return forgetSay(await deps.eraser!.erase(userId, deps.clock.now()), language);
  } catch (error) {
    // Not even recorded (the data home cannot be written): say so, never "your preferences are safe".
    deps.logger.error('erasure could not be recorded', { error: (error as Error).message });
    return { key: 'forget_failed' };
  }
}

/**
 * The stores a user's earlier "forget me" still waits for, when their profile is among them (tried again first):
 * until it is erased, a new turn would build on, or be merged into, what they asked to erase.
 */
async function erasureInProgress(deps: EngineDeps, userId: string): Promise<ErasureTarget[] | undefined> {
  if (deps.eraser!.pendingFor(userId).length === 0) return undefined;
  const pending = await deps.eraser!.settle(userId);
  return pending.includes('profile') ? pending : undefined;
}

/** Answers a turn that must wait for an erasure; the turn is neither saved nor logged. */
function erasurePendingReply(deps: EngineDeps, pending: readonly ErasureTarget[], language: Language): Reply {
  const { text } = renderSay([erasurePendingSay(pending, language)], deps.templates, {
    language,
    tone: 'friendly',
    random: deps.random,
  });
  return {
    text,
    intent: 'privacy_forget',
    confidence: 1,
    slots: {},
    items: [],
    outfits: [],
    private: true,
    actionable: false,
  };
}

/** Exposure of this turn's items, and the outcome this turn means for earlier exposures. */
async function recordExperimentEvents(
  deps: EngineDeps,
  context: TurnContext,
  reply: Reply,
  pseudonym: string,
  assignments: Assignment[],
) {
  const experiments = deps.experiments!;
  const at = context.now;
  const action = context.message.action;
  const outcome: { type: OutcomeType; itemId?: string } | undefined = action
    ? {
        type: action.type === 'feedback' ? (action.value > 0 ? 'positive' : 'negative') : action.type,
        itemId: action.itemId,
      }
    : context.intent === 'item_question' && context.state.session.lastShown.length > 0
      ? { type: 'follow_up', itemId: reply.items[0]?.id }
      : context.intent === 'feedback_positive' ||
          context.intent === 'feedback_negative' ||
          context.intent === 'save_item'
        ? {
            type:
              context.intent === 'save_item'
                ? 'save'
                : context.intent === 'feedback_positive'
                  ? 'positive'
                  : 'negative',
          }
        : undefined;
  if (outcome) await experiments.recordOutcome({ pseudonym, at, ...outcome });
  const itemIds = [...reply.items.map((i) => i.id), ...reply.outfits.flatMap((o) => o.items.map((i) => i.id))];
  if (assignments.length > 0 && itemIds.length > 0) {
    await experiments.recordExposure({
      pseudonym,
      turnId: randomUUID(),
      at,
      assignments,
      itemIds: [...new Set(itemIds)],
    });
  }
}

async function logTurn(
  deps: EngineDeps,
  message: IncomingMessage,
  reply: Reply,
  at: number,
  latencyMs: number,
  experimentArms: Record<string, string>,
) {
  if (!deps.log) return;
  const record: TurnRecord = {
    at,
    platform: message.platform,
    userId: message.userId,
    conversationId: message.conversationId,
    // Every turn carries an id, so a retried write (spool, timeout) never logs it twice.
    messageId: message.messageId ?? randomUUID(),
    text: message.text,
    reply: reply.text,
    intent: reply.intent,
    confidence: reply.confidence,
    slots: reply.slots,
    items: reply.items,
    outfits: reply.outfits,
    explanation: reply.explanation,
    latencyMs: Math.round(latencyMs * 100) / 100,
    models: {
      parser: deps.parser.version,
      recommender: deps.recommender.name,
      composer: deps.composer.name,
      ...(deps.trends ? { trends: deps.trends.name } : {}),
      ...experimentArms,
    },
    feedback:
      message.action?.type === 'feedback' ? { itemId: message.action.itemId, value: message.action.value } : undefined,
  };
  try {
    await deps.log.append(record);
  } catch (error) {
    deps.logger.warn('turn not logged', { error: (error as Error).message });
  }
}

function failureReply(deps: EngineDeps): Reply {
  const { text } = deps.templates.render('error', {}, { language: 'en', tone: 'friendly', random: deps.random });
  return {
    text,
    intent: 'out_of_scope',
    confidence: 0,
    slots: {},
    items: [],
    outfits: [],
    private: false,
    actionable: false,
  };
}
