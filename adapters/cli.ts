/** The terminal adapter: one line in, one reply out — as text for people, or as one JSON object per line. */
import type { Writable } from 'node:stream';
import type { IncomingMessage, Reply, ReplyItem } from '../src/types.ts';
import { wrapText } from './text.ts';

/** The JSON line printed by `chat --json` (DESIGN §9). */
export function replyToJson(reply: Reply) {
  const item = (i: ReplyItem) => ({ id: i.id, name: i.name, score: i.score });
  return {
    text: reply.text,
    intent: reply.intent,
    confidence: reply.confidence,
    slots: reply.slots,
    items: reply.items.map(item),
    outfits: reply.outfits.map((o) => ({ items: o.items.map(item), explanation: o.explanation })),
    explanation: reply.explanation ?? null,
  };
}

export interface TerminalChatOptions {
  lines: AsyncIterable<string>;
  out: Writable;
  handleTurn: (message: IncomingMessage) => Promise<Reply>;
  userId: string;
  json: boolean;
  /** Print a prompt and a welcome line (a person at a terminal). */
  interactive: boolean;
  /** Terminal width the text wraps at, in columns (default: the output's own when it is a terminal, else 80). */
  columns?: number;
}

/** What the text view prints before each reply, and the indent of its other lines. */
const BOT = 'bot> ';
const INDENT = ' '.repeat(BOT.length);

/**
 * Reads messages line by line and answers each exactly once, in order.
 * @example
 * await runTerminalChat({ lines: readline, out: process.stdout, handleTurn, userId: 'cli:me', json: true, interactive: false });
 */
export async function runTerminalChat(options: TerminalChatOptions): Promise<void> {
  const { out, json, interactive } = options;
  if (interactive)
    out.write('Fashion advisor — ask for an outfit, an item or trends. "help" for ideas, Ctrl-D to leave.\nyou> ');
  for await (const line of options.lines) {
    const reply = await options.handleTurn({
      platform: 'cli',
      userId: options.userId,
      conversationId: options.userId,
      text: line,
    });
    if (json) {
      out.write(`${JSON.stringify(replyToJson(reply))}\n`);
    } else {
      const width = options.columns ?? (out as Writable & { columns?: number }).columns ?? 80;
      const wrapped = wrapText(reply.text, width - INDENT.length);
      out.write(`${BOT}${wrapped.replace(/\n/g, `\n${INDENT}`)}\n`);
      if (reply.chart) out.write(`     (chart: ${reply.chart.title})\n`);
      if (reply.attachment) out.write(`${reply.attachment.content}\n`);
      if (interactive) out.write('you> ');
    }
  }
  if (interactive) out.write('\n');
}
