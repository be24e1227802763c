/** The named steps of a turn, and the error that says which one failed. */

/** The steps of a turn, in order (`engine.ts`). */
export type TurnStep = 'load' | 'parse' | 'decide' | 'act' | 'erase' | 'apply' | 'render' | 'restyle' | 'persist';

/** A turn step failed: the step's name travels with the error to the one boundary that logs it. */
export class TurnStepError extends Error {
  constructor(
    readonly step: TurnStep,
    override readonly cause: Error,
  ) {
    super(`${step}: ${cause.message}`, { cause });
    this.name = 'TurnStepError';
  }
}

/**
 * Runs one step of a turn; an error leaves it named after the step.
 * @example
 * const state = await step('load', () => deps.store.load(userId));
 */
export async function step<T>(name: TurnStep, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new TurnStepError(name, error instanceof Error ? error : new Error(String(error)));
  }
}
