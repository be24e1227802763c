/**
 * The log's rows as the queries read them back (a turn with its annotation, decrypted), what the parts of the log
 * store share to run those queries, and the upkeep of the per-conversation aggregates when turns are removed.
 */
import type { Clock, Intent, Logger, Platform, ReplyItem, ReplyOutfit, Slots } from '../types.ts';
import type { BlindIndex } from './blind-index.ts';
import type { Hasher, TextCipher } from './crypto.ts';
import type { Annotation, LoggedTurn } from './log-types.ts';
import type { Queryable, Row, SqlDatabase } from './sql.ts';
import type { StoredContent } from './stored-turn.ts';

/** Ids a statement lists in one `IN (…)` at the most. */
const IN_BATCH = 500;

/** What the queries of the log share. */
export interface LogContext {
  /** The database; each use first waits until the turns the writer thread acknowledged are in it. */
  readonly db: SqlDatabase;
  readonly cipher: TextCipher;
  readonly hasher: Hasher;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly index: BlindIndex;
  /** Decrypts a stored turn's content; undefined (and a warning) when it cannot be read. */
  open(content: Buffer): StoredContent | undefined;
}

/** A row of `conversations`. */
export interface ConversationRow extends Row {
  id: string;
  platform: string;
  first_at: number;
  last_at: number;
  turns: number;
  min_confidence: number;
  negative: number;
  annotated: number;
}

/** A row of `TURN_SELECT`: a turn and its annotation, if any. */
export interface TurnRow extends Row {
  id: number;
  conversation_id: string;
  platform: string;
  user_key: string;
  message_id: string | null;
  at: number;
  content: Buffer;
  intent: string;
  confidence: number;
  slots: string;
  items: string;
  outfits: string;
  latency_ms: number;
  models: string;
  feedback_item: string | null;
  feedback_value: number | null;
  a_stylist: string | null;
  a_rating: number | null;
  a_tags: string | null;
  a_corrected_intent: string | null;
  a_corrected_slots: string | null;
  a_better_item: string | null;
  a_note: Buffer | null;
  a_updated_at: number | null;
}

/** Selects `TurnRow`s; append a `WHERE` on `t.`. */
export const TURN_SELECT = `SELECT t.id, t.conversation_id, t.platform, t.user_key, t.message_id, t.at, t.content, t.intent,
  t.confidence, t.slots, t.items, t.outfits, t.latency_ms, t.models, t.feedback_item, t.feedback_value,
  a.stylist AS a_stylist, a.rating AS a_rating, a.tags AS a_tags, a.corrected_intent AS a_corrected_intent,
  a.corrected_slots AS a_corrected_slots, a.better_item AS a_better_item, a.note AS a_note, a.updated_at AS a_updated_at
  FROM turns t LEFT JOIN annotations a ON a.turn_id = t.id`;

/** Recomputes the aggregates of conversations from their turns; append a `WHERE`. */
export const REFRESH_SET = `UPDATE conversations SET
  first_at = (SELECT MIN(t.at) FROM turns t WHERE t.conversation_id = conversations.id),
  last_at = (SELECT MAX(t.at) FROM turns t WHERE t.conversation_id = conversations.id),
  turns = (SELECT COUNT(*) FROM turns t WHERE t.conversation_id = conversations.id),
  min_confidence = (SELECT MIN(t.confidence) FROM turns t WHERE t.conversation_id = conversations.id),
  negative = (SELECT COUNT(*) FROM turns t WHERE t.conversation_id = conversations.id
    AND (t.feedback_value = -1 OR t.intent = 'feedback_negative')),
  annotated = (SELECT COUNT(*) FROM annotations a WHERE a.conversation_id = conversations.id)`;

/** Recomputes the aggregates of the given conversations after turns were removed; drops the empty ones. */
export async function refreshConversations(tx: Queryable, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += IN_BATCH) {
    const batch = ids.slice(i, i + IN_BATCH);
    const list = batch.map(() => '?').join(', ');
    await tx.run(
      `DELETE FROM conversations WHERE id IN (${list})
       AND NOT EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = conversations.id)`,
      batch,
    );
    await tx.run(`${REFRESH_SET} WHERE id IN (${list})`, batch);
  }
}

/**
 * A turn row as the console shows it: decrypted (text and reply empty, `unreadable`, when the key does not fit).
 * @example
 * (await db.all<TurnRow>(`${TURN_SELECT} WHERE t.id = ?`, [12])).map((row) => toLoggedTurn(context, row));
 */
export function toLoggedTurn(context: LogContext, row: TurnRow): LoggedTurn {
  const content = context.open(row.content);
  const turn: LoggedTurn = {
    id: Number(row.id),
    conversationId: row.conversation_id,
    platform: row.platform as Platform,
    userKey: row.user_key,
    at: Number(row.at),
    text: content?.text ?? '',
    reply: content?.reply ?? '',
    unreadable: content === undefined,
    intent: row.intent as Intent,
    confidence: Number(row.confidence),
    slots: JSON.parse(row.slots) as Slots,
    items: JSON.parse(row.items) as ReplyItem[],
    outfits: JSON.parse(row.outfits) as ReplyOutfit[],
    latencyMs: Number(row.latency_ms),
    models: JSON.parse(row.models) as Record<string, string>,
  };
  if (row.message_id !== null) turn.messageId = row.message_id;
  if (content?.explanation !== undefined) turn.explanation = content.explanation;
  if (content?.action !== undefined) turn.action = content.action;
  if (content?.events !== undefined) turn.events = content.events;
  if (row.feedback_item !== null && row.feedback_value !== null) {
    turn.feedback = { itemId: row.feedback_item, value: Number(row.feedback_value) === 1 ? 1 : -1 };
  }
  if (row.a_stylist !== null) turn.annotation = toAnnotation(context.cipher, row, row.a_stylist);
  return turn;
}

function toAnnotation(cipher: TextCipher, row: TurnRow, stylist: string): Annotation {
  const annotation: Annotation = {
    turnId: Number(row.id),
    stylist,
    tags: JSON.parse(row.a_tags ?? '[]') as string[],
    updatedAt: Number(row.a_updated_at),
  };
  if (row.a_rating !== null) annotation.rating = Number(row.a_rating);
  if (row.a_corrected_intent !== null) annotation.correctedIntent = row.a_corrected_intent as Intent;
  if (row.a_corrected_slots !== null) annotation.correctedSlots = JSON.parse(row.a_corrected_slots) as Slots;
  if (row.a_better_item !== null) annotation.betterItem = row.a_better_item;
  if (row.a_note !== null) {
    try {
      annotation.note = cipher.decrypt(Buffer.from(row.a_note));
    } catch {
      annotation.note = '[note cannot be decrypted]';
    }
  }
  return annotation;
}
