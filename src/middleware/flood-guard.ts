/**
 * Per-user flood protection: a user who sends too much in a short time gets one polite notice, then silence
 * until the pace drops — never one notice per message.
 */
import type { RateLimit, RateLimiter } from './rate-limit.ts';
import { memoryRateLimiter } from './rate-limit.ts';

/** What to do with one inbound message. */
export type FloodVerdict = 'allow' | 'notify' | 'drop';

export interface FloodGuard {
  check(userId: string, now: number): Promise<FloodVerdict>;
}

/** The default pace: 20 messages in any 10 seconds. */
export const DEFAULT_FLOOD_LIMIT: RateLimit = { limit: 20, windowMs: 10_000 };

/** The notice a flooding user gets, once per window. */
export const FLOOD_NOTICE =
  "You're sending messages faster than I can read them. I'll skip the next few — give me a few seconds and try again.";

/**
 * Builds a flood guard from two limiters: one over messages, one (limit 1) over notices. Both are `RateLimiter`s so a
 * shared store (Redis) can replace either.
 * @example
 * const guard = createFloodGuard();
 * const verdict = await guard.check('discord:7', clock.now()); // 'allow' | 'notify' | 'drop'
 */
export function createFloodGuard(
  limit: RateLimit = DEFAULT_FLOOD_LIMIT,
  messages: RateLimiter = memoryRateLimiter(limit),
  notices: RateLimiter = memoryRateLimiter({ limit: 1, windowMs: limit.windowMs }),
): FloodGuard {
  return {
    async check(userId, now) {
      if (await messages.hit(userId, now)) return 'allow';
      return (await notices.hit(userId, now)) ? 'notify' : 'drop';
    },
  };
}
