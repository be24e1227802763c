/**
 * The engine's side of "forget me": which stores a user's data is erased from, and replies that say exactly what
 * was erased and what waits for a store that is down (see `privacy/eraser.ts`).
 */
import { listOf } from '../nlg/lexicon.ts';
import type { EraseIn, ErasureOutcome } from '../privacy/eraser.ts';
import type { ErasureTarget } from '../privacy/erasure-ledger.ts';
import type { Language } from '../types.ts';
import type { EngineDeps, Say } from './context.ts';

/**
 * The erasure of each store the engine uses: profile and session, the conversation log, experiment records.
 * @example
 * createEraser({ targets: erasureTargets(deps), logger });
 */
export function erasureTargets(
  deps: Pick<EngineDeps, 'store' | 'log' | 'experiments' | 'pseudonymize'>,
): Partial<Record<ErasureTarget, EraseIn>> {
  const { store, log, experiments, pseudonymize } = deps;
  return {
    // A profile is erased whole: the user's turns wait while this is pending (see `handleTurn`), so none is newer.
    profile: (userId) => store.erase(userId),
    ...(log ? { log: (userId: string, at: number) => log.eraseUser(userId, at) } : {}),
    ...(experiments && pseudonymize
      ? { experiments: (userId: string, at: number) => experiments.eraseUser(pseudonymize(userId), at) }
      : {}),
  };
}

const NAMES: Record<Language, Record<ErasureTarget, string>> = {
  en: {
    profile: 'your profile (preferences, sizes, saved items)',
    log: 'your conversation history',
    experiments: 'your usage statistics',
  },
  zh: { profile: '你的资料（偏好、尺码、收藏）', log: '你的对话记录', experiments: '你的使用统计' },
};

/**
 * The stores in words, as the replies name them.
 * @example
 * describeTargets(['profile', 'log'], 'en'); // 'your profile (preferences, sizes, saved items) and your conversation history'
 */
export function describeTargets(targets: readonly ErasureTarget[], language: Language): string {
  return listOf(
    targets.map((target) => NAMES[language][target]),
    language,
  );
}

/** The reply to "forget me": all done, or what is done and what waits for a store to come back. */
export function forgetSay({ erased, pending }: ErasureOutcome, language: Language): Say {
  if (pending.length === 0) return { key: 'forgotten' };
  const waiting = describeTargets(pending, language);
  if (erased.length === 0) return { key: 'forgotten_later', vars: { pending: waiting } };
  return { key: 'forgotten_partly', vars: { erased: describeTargets(erased, language), pending: waiting } };
}

/** The reply to a turn of a user whose profile is still being erased. */
export function erasurePendingSay(pending: readonly ErasureTarget[], language: Language): Say {
  return { key: 'erasure_pending', vars: { pending: describeTargets(pending, language) } };
}
