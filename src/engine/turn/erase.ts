/** "Forget me" inside a turn: erasing everywhere, and holding a shopper's turns while an erasure waits. */
import type { Eraser } from '../../privacy/eraser.ts';
import type { ErasureTarget } from '../../privacy/erasure-ledger.ts';
import type { Language } from '../../types.ts';
import type { ActionResult, EngineDeps, Say } from '../context.ts';
import { forgetSay } from '../erasure.ts';

/** The engine's dependencies once the engine has made sure there is an eraser. */
export type ErasingDeps = EngineDeps & { eraser: Eraser };

/** Whether the action erased the shopper ("forget me"). */
export function erases(result: ActionResult): boolean {
  return result.events.some((e) => e.type === 'user_erased');
}

/**
 * Erases the user everywhere; the reply says what is erased and what waits for a store that is down.
 * @example
 * const say = await eraseEverywhere(deps, 'telegram:42', 'en'); // { key: 'forgotten' }
 */
export async function eraseEverywhere(deps: ErasingDeps, userId: string, language: Language): Promise<Say> {
  try {
    return forgetSay(await deps.eraser.erase(userId, deps.clock.now()), language);
  } catch (error) {
    // Not even recorded (the data home cannot be written): say so, never "your preferences are safe".
    deps.logger.error('erasure could not be recorded', { error: (error as Error).message });
    return { key: 'forget_failed' };
  }
}

/**
 * The stores a user's earlier "forget me" still waits for, when their profile is among them (tried again first):
 * until it is erased, a new turn would build on, or be merged into, what they asked to erase.
 * @example
 * await erasureInProgress(deps, 'telegram:42') // undefined, or ['profile', 'log']
 */
export async function erasureInProgress(deps: ErasingDeps, userId: string): Promise<ErasureTarget[] | undefined> {
  if (deps.eraser.pendingFor(userId).length === 0) return undefined;
  const pending = await deps.eraser.settle(userId);
  return pending.includes('profile') ? pending : undefined;
}
