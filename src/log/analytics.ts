/**
 * Aggregates of the conversation log for the console's trends page: weekly mentions of categories and colours by
 * opted-in users (only groups large enough that nobody stands out), turns and conversations per day, intents, 👍/👎.
 */
import type { Slots } from '../types.ts';
import type { LogContext } from './log-rows.ts';
import type { LogAnalytics, WeeklyMention } from './log-types.ts';

const DAY_MS = 86_400_000;

/**
 * Weekly counts of distinct opted-in users whose request named a category or colour; only (week, term) pairs
 * with at least `minUsers` users are returned (nobody is identifiable from a small count).
 * @example
 * await weeklyMentions(context, 20); // [{ week: '2026-11-23', term: 'linen', users: 31 }, …]
 */
export async function weeklyMentions(context: LogContext, minUsers = 20): Promise<WeeklyMention[]> {
  const rows = await context.db.all<{ at: number; user_key: string; slots: string }>(
    'SELECT at, user_key, slots FROM turns WHERE trend_opt_in = 1',
  );
  const users = new Map<string, Set<string>>();
  for (const row of rows) {
    const slots = JSON.parse(row.slots) as Slots;
    const terms = [slots.category, ...(slots.color ?? [])].filter((t): t is string => typeof t === 'string');
    const week = weekStart(Number(row.at));
    for (const term of terms) {
      const key = `${week}\u0000${term.toLowerCase()}`;
      const set = users.get(key) ?? new Set<string>();
      set.add(row.user_key);
      users.set(key, set);
    }
  }
  return [...users.entries()]
    .filter(([, set]) => set.size >= minUsers)
    .map(([key, set]) => {
      const [week, term] = key.split('\u0000') as [string, string];
      return { week, term, users: set.size };
    })
    .sort((a, b) => a.week.localeCompare(b.week) || a.term.localeCompare(b.term));
}

/** Conversations and turns per day, intents and 👍/👎 counts over the last `days` days. */
export async function logAnalytics(context: LogContext, days = 30): Promise<LogAnalytics> {
  const since = Math.floor(context.clock.now() / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
  const perDay = await context.db.all<{ day: number; turns: number; conversations: number }>(
    `SELECT at / ${DAY_MS} AS day, COUNT(*) AS turns, COUNT(DISTINCT conversation_id) AS conversations
     FROM turns WHERE at >= ? GROUP BY at / ${DAY_MS} ORDER BY day`,
    [since],
  );
  const intents = await context.db.all<{ intent: string; turns: number }>(
    'SELECT intent, COUNT(*) AS turns FROM turns WHERE at >= ? GROUP BY intent ORDER BY turns DESC, intent',
    [since],
  );
  const feedback = await context.db.get<{ positive: number | null; negative: number | null }>(
    `SELECT SUM(CASE WHEN feedback_value = 1 OR intent = 'feedback_positive' THEN 1 ELSE 0 END) AS positive,
            SUM(CASE WHEN feedback_value = -1 OR intent = 'feedback_negative' THEN 1 ELSE 0 END) AS negative
     FROM turns WHERE at >= ?`,
    [since],
  );
  return {
    perDay: perDay.map((r) => ({
      day: new Date(Math.floor(Number(r.day)) * DAY_MS).toISOString().slice(0, 10),
      turns: Number(r.turns),
      conversations: Number(r.conversations),
    })),
    intents: intents.map((r) => ({ intent: r.intent, turns: Number(r.turns) })),
    feedback: { positive: Number(feedback?.positive ?? 0), negative: Number(feedback?.negative ?? 0) },
  };
}

/** ISO date (UTC) of the Monday starting the week of `at`. */
function weekStart(at: number): string {
  const day = new Date(Math.floor(at / DAY_MS) * DAY_MS);
  const offset = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - offset * DAY_MS).toISOString().slice(0, 10);
}
