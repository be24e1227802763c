/** A turn under A/B experiments: the shopper's arms, the exposure of what was shown, the outcome for earlier ones. */
import { randomUUID } from 'node:crypto';
import { type Assignment, mergeArmParams } from '../../experiments/assign.ts';
import type { ArmParams, OutcomeType } from '../../experiments/definitions.ts';
import type { Experiments } from '../../experiments/experiments.ts';
import type { MessageAction, Reply } from '../../types.ts';
import type { EngineDeps, TurnContext } from '../context.ts';

/** The experiments a shopper takes part in this turn. */
export interface TurnArms {
  /** The shopper's pseudonym in the experiment records (none when experiments are off). */
  pseudonym?: string;
  assignments: Assignment[];
  /** The merged parameters of the arms. */
  params: ArmParams;
}

/**
 * The shopper's arms, when experiments are on and users can be pseudonymised.
 * @example
 * armsOf(deps, 'telegram:42') // { pseudonym: 'p_…', assignments: [...], params: { tone: 'concise' } }
 */
export function armsOf(deps: EngineDeps, userId: string): TurnArms {
  if (!deps.experiments?.enabled || !deps.pseudonymize) return { assignments: [], params: {} };
  const pseudonym = deps.pseudonymize(userId);
  const assignments = deps.experiments.armsFor(pseudonym);
  return { pseudonym, assignments, params: mergeArmParams(assignments) };
}

/** The arms in the form the turn record lists its models (`experiment:<name>` → arm). */
export function armsRecorded(arms: TurnArms): Record<string, string> {
  return Object.fromEntries(arms.assignments.map((a) => [`experiment:${a.experiment}`, a.arm]));
}

type Outcome = { type: OutcomeType; itemId?: string };

/** What a button press means for earlier exposures. */
function pressedOutcome(pressed: MessageAction): Outcome {
  if (pressed.type === 'feedback') return { type: pressed.value > 0 ? 'positive' : 'negative', itemId: pressed.itemId };
  return { type: pressed.type, itemId: pressed.itemId };
}

/** The outcome intents of a typed message. */
const OUTCOME_OF_INTENT: Partial<Record<TurnContext['intent'], OutcomeType>> = {
  save_item: 'save',
  feedback_positive: 'positive',
  feedback_negative: 'negative',
};

/** What this turn means for earlier exposures: a button, a question about what was shown, typed feedback — or nothing. */
function outcomeOf(context: TurnContext, reply: Reply): Outcome | undefined {
  if (context.message.action) return pressedOutcome(context.message.action);
  if (context.intent === 'item_question' && context.state.session.lastShown.length > 0) {
    return { type: 'follow_up', itemId: reply.items[0]?.id };
  }
  const type = OUTCOME_OF_INTENT[context.intent];
  return type ? { type } : undefined;
}

/**
 * Records the exposure of this turn's items and the outcome this turn means for earlier exposures.
 * @example
 * await recordExperimentEvents(experiments, context, reply, arms);
 */
export async function recordExperimentEvents(
  experiments: Experiments,
  context: TurnContext,
  reply: Reply,
  arms: TurnArms & { pseudonym: string },
): Promise<void> {
  const { pseudonym, assignments } = arms;
  const at = context.now;
  const outcome = outcomeOf(context, reply);
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
