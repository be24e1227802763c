/**
 * What the conversation log does with one user's data, and with old data: erase it (and keep late copies out),
 * export it, record their consent to the trend statistics, delete what is past the retention period.
 */
import type { TurnRecord } from '../types.ts';
import {
  type LogContext,
  REFRESH_SET,
  refreshConversations,
  TURN_SELECT,
  type TurnRow,
  toLoggedTurn,
} from './log-rows.ts';
import { asStored } from './stored-turn.ts';

const DAY_MS = 86_400_000;

/**
 * Erases every turn of a user logged at or before `until`, the conversations left empty and their trend consent;
 * returns how many turns. The erasure is remembered (see `TurnLogStore.eraseUser`).
 * @example
 * await eraseUserTurns(context, 'telegram:42', Date.now()); // 17
 */
export async function eraseUserTurns(context: LogContext, rawUserId: string, until: number): Promise<number> {
  const { db, hasher, index } = context;
  const userKey = hasher.user(rawUserId);
  const erased = await db.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO erasures (erasure_key, erased_at) VALUES (?, ?)
       ON CONFLICT (erasure_key) DO UPDATE SET erased_at = CASE WHEN excluded.erased_at > erasures.erased_at
         THEN excluded.erased_at ELSE erasures.erased_at END`,
      [hasher.erasure(rawUserId), until],
    );
    const affected = await tx.all<{ conversation_id: string }>(
      'SELECT DISTINCT conversation_id FROM turns WHERE user_key = ? AND at <= ?',
      [userKey, until],
    );
    const count = await tx.run('DELETE FROM turns WHERE user_key = ? AND at <= ?', [userKey, until]);
    await tx.run('DELETE FROM trend_optins WHERE user_key = ? AND since <= ?', [userKey, until]);
    const conversationIds = affected.map((r) => r.conversation_id);
    await refreshConversations(tx, conversationIds);
    await index.afterDeletion(tx, conversationIds);
    return count;
  });
  await db.scrubDeleted();
  return erased;
}

/**
 * Everything logged about a user (redacted text, decrypted), oldest first, with `journaled` — turns the writer
 * thread holds and has not copied into `direct` yet (redacted the same way; one copied meanwhile counts once).
 * @example
 * await exportUserTurns(context, db, 'telegram:42', []); // [{ at, text: 'show me dresses', … }, …]
 */
export async function exportUserTurns(
  context: LogContext,
  direct: LogContext['db'],
  rawUserId: string,
  journaled: readonly TurnRecord[],
): Promise<TurnRecord[]> {
  const rows = await direct.all<TurnRow>(`${TURN_SELECT} WHERE t.user_key = ? ORDER BY t.at, t.id`, [
    context.hasher.user(rawUserId),
  ]);
  const records = rows.map((row) => {
    const turn = toLoggedTurn(context, row);
    const record: TurnRecord = {
      at: turn.at,
      platform: turn.platform,
      userId: rawUserId,
      conversationId: turn.conversationId,
      text: turn.text,
      reply: turn.reply,
      intent: turn.intent,
      confidence: turn.confidence,
      slots: turn.slots,
      items: turn.items,
      outfits: turn.outfits,
      latencyMs: turn.latencyMs,
      models: turn.models,
    };
    if (turn.messageId !== undefined) record.messageId = turn.messageId;
    if (turn.explanation !== undefined) record.explanation = turn.explanation;
    if (turn.feedback) record.feedback = turn.feedback;
    if (turn.action !== undefined) record.action = turn.action;
    if (turn.events !== undefined) record.events = turn.events;
    return record;
  });
  const logged = new Set(records.map((r) => r.messageId));
  for (const turn of journaled) {
    const stored = asStored(turn, context.hasher);
    if (!logged.has(stored.messageId)) records.push(stored);
  }
  return records.sort((a, b) => a.at - b.at);
}

/**
 * Records a user's consent to aggregated trend statistics. On: their turns from now on count in
 * `weeklyMentions`. Off: none of their turns count any more (past ones included).
 */
export async function setTrendOptIn(context: LogContext, rawUserId: string, on: boolean): Promise<void> {
  const userKey = context.hasher.user(rawUserId);
  await context.db.transaction(async (tx) => {
    if (on) {
      await tx.run('INSERT INTO trend_optins (user_key, since) VALUES (?, ?) ON CONFLICT DO NOTHING', [
        userKey,
        context.clock.now(),
      ]);
    } else {
      await tx.run('DELETE FROM trend_optins WHERE user_key = ?', [userKey]);
      await tx.run('UPDATE turns SET trend_opt_in = 0 WHERE user_key = ? AND trend_opt_in = 1', [userKey]);
    }
  });
}

/**
 * Deletes turns older than `retentionDays` (`LOG_RETENTION_DAYS`), and erasures as old; returns how many turns.
 * @example
 * await purgeExpired(context, 90); // 1204
 */
export async function purgeExpired(context: LogContext, retentionDays: number): Promise<number> {
  const cutoff = context.clock.now() - retentionDays * DAY_MS;
  const deleted = await context.db.transaction(async (tx) => {
    const affected = await tx.all<{ conversation_id: string }>(
      'SELECT DISTINCT conversation_id FROM turns WHERE at < ?',
      [cutoff],
    );
    const n = await tx.run('DELETE FROM turns WHERE at < ?', [cutoff]);
    // No turn older than this is kept, so an erasure this old has nothing left to hold back.
    await tx.run('DELETE FROM erasures WHERE erased_at < ?', [cutoff]);
    if (n > 0) {
      await tx.run(
        'DELETE FROM conversations WHERE NOT EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = conversations.id)',
      );
      await tx.run(`${REFRESH_SET} WHERE first_at < ?`, [cutoff]);
      await context.index.afterDeletion(
        tx,
        affected.map((r) => r.conversation_id),
      );
    }
    return n;
  });
  if (deleted > 0) context.logger.info('deleted expired log turns', { turns: deleted, retentionDays });
  return deleted;
}
