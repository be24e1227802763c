/**
 * The stylist console's reads of the conversation log: one page of the conversation list (filters, blind-index
 * text search, a capped count, a preview of each), one conversation, one turn.
 */
import type { Platform } from '../types.ts';
import { type ConversationRow, type LogContext, TURN_SELECT, type TurnRow, toLoggedTurn } from './log-rows.ts';
import type { ConversationFilter, ConversationPage, LoggedTurn } from './log-types.ts';
import type { SqlValue } from './sql.ts';

/** How the list reads: what "low confidence" is, and how far it counts matches. */
export interface ListLimits {
  lowConfidence: number;
  countCap: number;
}

/**
 * One page of conversations, most recently active first.
 * @example
 * await listConversations(context, { lowConfidence: 0.5, countCap: 1000 }, { platform: 'telegram', text: 'linen' });
 */
export async function listConversations(
  context: LogContext,
  limits: ListLimits,
  filter: ConversationFilter = {},
): Promise<ConversationPage> {
  const pageSize = Math.min(Math.max(filter.pageSize ?? 50, 1), 200);
  const page = Math.max(filter.page ?? 1, 1);
  const { whereSql, params } = conversationWhere(context, limits, filter);
  const rows = await context.db.all<ConversationRow>(
    `SELECT c.* FROM conversations c ${whereSql} ORDER BY c.last_at DESC, c.id LIMIT ? OFFSET ?`,
    [...params, pageSize + 1, (page - 1) * pageSize],
  );
  const hasNext = rows.length > pageSize;
  if (hasNext) rows.pop();
  const countRow = await context.db.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM (SELECT 1 FROM conversations c ${whereSql} LIMIT ${limits.countCap + 1}) capped`,
    params,
  );
  const counted = Number(countRow?.n ?? 0);
  const previews = await previewsOf(
    context,
    rows.map((r) => r.id),
  );
  return {
    conversations: rows.map((r) => ({
      id: r.id,
      platform: r.platform as Platform,
      firstAt: Number(r.first_at),
      lastAt: Number(r.last_at),
      turns: Number(r.turns),
      minConfidence: Number(r.min_confidence),
      negative: Number(r.negative),
      annotated: Number(r.annotated),
      preview: previews.get(r.id) ?? '',
    })),
    total: Math.min(counted, limits.countCap),
    totalCapped: counted > limits.countCap,
    hasNext,
    page,
    pageSize,
  };
}

/** The `WHERE` of a conversation filter (the filters combine with AND) and its parameters. */
function conversationWhere(
  context: LogContext,
  limits: ListLimits,
  filter: ConversationFilter,
): { whereSql: string; params: SqlValue[] } {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const add = (clause: string, ...values: SqlValue[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (filter.platform) add('c.platform = ?', filter.platform);
  if (filter.from !== undefined) add('c.last_at >= ?', filter.from);
  if (filter.to !== undefined) add('c.first_at <= ?', filter.to);
  if (filter.lowConfidence) add('c.min_confidence < ?', limits.lowConfidence);
  if (filter.negativeFeedback) add('c.negative > 0');
  if (filter.unreviewed) add('c.annotated = 0');
  if (filter.intent)
    add('EXISTS (SELECT 1 FROM turns t WHERE t.intent = ? AND t.conversation_id = c.id)', filter.intent);
  for (const term of context.index.searchTerms(filter.text ?? '')) {
    add('EXISTS (SELECT 1 FROM turn_terms s WHERE s.term = ? AND s.conversation_id = c.id)', term);
  }
  return { whereSql: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** The first user message (redacted, shortened) of each conversation. */
async function previewsOf(context: LogContext, ids: string[]): Promise<Map<string, string>> {
  const previews = new Map<string, string>();
  if (ids.length === 0) return previews;
  const rows = await context.db.all<{ conversation_id: string; content: Buffer }>(
    `SELECT conversation_id, content FROM turns WHERE id IN (
       SELECT MIN(id) FROM turns WHERE conversation_id IN (${ids.map(() => '?').join(', ')}) GROUP BY conversation_id)`,
    ids,
  );
  for (const row of rows) {
    const content = context.open(row.content);
    previews.set(row.conversation_id, content ? shorten(content.text, 120) : '');
  }
  return previews;
}

/**
 * The turns of one conversation, oldest first, with their annotations; undefined when it does not exist.
 * @example
 * await conversationTurns(context, '5c1e…'); // [{ id: 1, text: 'hi', reply: 'Hello!', … }, …]
 */
export async function conversationTurns(context: LogContext, id: string): Promise<LoggedTurn[] | undefined> {
  const rows = await context.db.all<TurnRow>(`${TURN_SELECT} WHERE t.conversation_id = ? ORDER BY t.at, t.id`, [id]);
  return rows.length === 0 ? undefined : rows.map((row) => toLoggedTurn(context, row));
}

/**
 * One turn by id, or undefined.
 * @example
 * (await loggedTurn(context, 12))?.annotation?.rating; // 2
 */
export async function loggedTurn(context: LogContext, id: number): Promise<LoggedTurn | undefined> {
  const row = await context.db.get<TurnRow>(`${TURN_SELECT} WHERE t.id = ?`, [id]);
  return row ? toLoggedTurn(context, row) : undefined;
}

function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
