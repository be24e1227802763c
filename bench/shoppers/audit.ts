/**
 * Reads the shopper audit (`../shared/bench/shopper-audit/`): the user messages of each conversation, in order.
 * Conversations come from `<id>.jsonl` (one `{"user", "reply"}` line per turn) or, for a conversation recorded in a
 * plain terminal only (`T01_terminal_tmux.txt`), from its `you> ` lines.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Reply } from '../../src/types.ts';

/** One audited conversation: its id (`E01`, `C03`, `T01`) and the shopper's messages in order. */
export interface AuditConversation {
  id: string;
  language: 'en' | 'zh';
  messages: string[];
}

const ID = /^([A-Z]\d{2})/;

/** Chinese when any message has a CJK character, else English. */
function languageOf(messages: readonly string[]): 'en' | 'zh' {
  return messages.some((m) => /[\u4e00-\u9fff]/.test(m)) ? 'zh' : 'en';
}

/**
 * Every conversation of the audit folder, sorted by id.
 * @throws when the folder does not exist (the caller names the variable that points at it).
 */
export function readAudit(dir: string): AuditConversation[] {
  if (!existsSync(dir)) throw new Error(`no shopper audit at ${dir}`);
  const files = readdirSync(dir).sort();
  const byId = new Map<string, string[]>();
  for (const file of files) {
    const id = ID.exec(file)?.[1];
    if (!id || !file.endsWith('.jsonl')) continue;
    const lines = readFileSync(path.join(dir, file), 'utf8').split('\n').filter(Boolean);
    byId.set(
      id,
      lines.map((line) => String((JSON.parse(line) as { user: unknown }).user)),
    );
  }
  for (const file of files) {
    const id = ID.exec(file)?.[1];
    if (!id || !file.endsWith('.txt') || byId.has(id)) continue;
    const messages = readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('you> '))
      .map((line) => line.slice(5).trim());
    if (messages.length > 0) byId.set(id, messages);
  }
  return [...byId.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, messages]) => ({ id, language: languageOf(messages), messages }));
}

/** The replies the audit recorded for a conversation (`<id>.jsonl`), or none when it has no such file. */
export function readRecordedReplies(dir: string, id: string): Reply[] {
  const file = readdirSync(dir).find((f) => f.startsWith(id) && f.endsWith('.jsonl'));
  if (!file) return [];
  return readFileSync(path.join(dir, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { reply: Reply }).reply);
}
