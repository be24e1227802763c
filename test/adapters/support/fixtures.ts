/** Fixture factories for adapter tests: replies and items with incrementing ids, and a bounded wait. */
import type { IncomingMessage, Reply, ReplyItem } from '../../../src/types.ts';

let nextItem = 1;

/** A reply item (what a platform shows of a catalogue item) with a fresh id. */
export function makeReplyItem(overrides: Partial<ReplyItem> = {}): ReplyItem {
  const n = nextItem++;
  return {
    id: `demo:item-${n}`,
    name: `Test item ${n}`,
    score: 1 / n,
    price: 10 + n,
    colors: ['navy'],
    articleType: 'shirt',
    signals: [],
    ...overrides,
  };
}

/** A reply with sensible defaults. */
export function makeReply(overrides: Partial<Reply> = {}): Reply {
  return {
    text: 'ok',
    intent: 'greet',
    confidence: 1,
    slots: {},
    items: [],
    outfits: [],
    private: false,
    actionable: false,
    ...overrides,
  };
}

/** Echoes the message back as a reply: `echo: <text>` (and the action, when there is one). */
export async function echoTurn(message: IncomingMessage): Promise<Reply> {
  const action = message.action ? ` [${message.action.type}:${message.action.itemId}]` : '';
  return makeReply({ text: `echo: ${message.text}${action}` });
}

/** Polls `condition` every 10 ms until it holds or `timeoutMs` passes (then throws with `what`). */
export async function waitFor<T>(condition: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
