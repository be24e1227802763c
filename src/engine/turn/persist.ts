/** The persist step: the new state saved and the turn logged, side by side; the reply waits for both. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Reply, TurnRecord, UserState } from '../../types.ts';
import type { EngineDeps } from '../context.ts';
import type { ActionName } from '../decision.ts';
import type { StateEvent } from '../events.ts';

/** One finished turn, as it is saved and logged. */
export interface FinishedTurn {
  /** The message with its text as cleaned and parsed. */
  message: IncomingMessage;
  reply: Reply;
  /** The named action that served the turn. */
  action: ActionName;
  /** The state after the turn's events. */
  state: UserState;
  events: readonly StateEvent[];
  at: number;
  latencyMs: number;
  /** `experiment:<name>` → arm, listed with the models that served the turn. */
  arms: Record<string, string>;
}

/** The log record of a turn (the log store pseudonymises, redacts and encrypts it). */
function turnRecord(deps: EngineDeps, turn: FinishedTurn): TurnRecord {
  const { message, reply } = turn;
  const pressed = message.action;
  return {
    at: turn.at,
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
    latencyMs: Math.round(turn.latencyMs * 100) / 100,
    models: {
      parser: deps.parser.version,
      recommender: deps.recommender.name,
      composer: deps.composer.name,
      ...(deps.trends ? { trends: deps.trends.name } : {}),
      ...turn.arms,
    },
    feedback: pressed?.type === 'feedback' ? { itemId: pressed.itemId, value: pressed.value } : undefined,
    action: turn.action,
    events: [...turn.events],
  };
}

/** Logs the turn, with the trend-sharing consent it gave; a log that is down loses the turn, not the reply. */
async function logTurn(deps: EngineDeps, turn: FinishedTurn): Promise<void> {
  const { log } = deps;
  if (!log) return;
  for (const event of turn.events) {
    if (event.type === 'trend_opt_in') await log.setTrendOptIn(turn.message.userId, event.on);
  }
  try {
    await log.append(turnRecord(deps, turn));
  } catch (error) {
    deps.logger.warn('turn not logged', { error: (error as Error).message });
  }
}

/**
 * Saves the new state and logs the turn, side by side; resolves when both are durable.
 * @example
 * await persistTurn(deps, { message, reply, action: 'greet', state: next, events, at: now, latencyMs, arms: {} });
 */
export async function persistTurn(deps: EngineDeps, turn: FinishedTurn): Promise<void> {
  await Promise.all([deps.store.save(turn.state), logTurn(deps, turn)]);
}
