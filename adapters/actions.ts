/**
 * Item buttons (👍 👎 more like this, save) as compact strings that fit Telegram's 64-byte `callback_data` and
 * Discord's 100-character `custom_id`: `fa|<code>|<itemId>`. Catalogue ids (`hm:0108775015`, `myntra:15970`,
 * `demo:m-shirt-01`) fit; a longer one is kept in a bounded in-memory table under a short hash key.
 */
import { createHash } from 'node:crypto';
import type { MessageAction } from '../src/types.ts';

const PREFIX = 'fa|';
const CODES = { '+': 'feedback_up', '-': 'feedback_down', m: 'more_like', s: 'save' } as const;
/** The one-letter code of a button's action. */
export type Code = keyof typeof CODES;

/** The four buttons shown under each item, in display order. */
export const ITEM_BUTTONS: readonly { code: Code; label: string }[] = [
  { code: '+', label: '👍' },
  { code: '-', label: '👎' },
  { code: 'm', label: 'More like this' },
  { code: 's', label: 'Save' },
];

export interface ActionCodec {
  encode(code: Code, itemId: string): string;
  /** The action behind a button, or undefined for foreign data or a long id that was forgotten. */
  decode(data: string): MessageAction | undefined;
}

/**
 * @param maxBytes the platform's limit (64 for Telegram, 100 for Discord)
 * @example
 * const codec = createActionCodec(64);
 * codec.decode(codec.encode('+', 'hm:0108775015')) // { type: 'feedback', itemId: 'hm:0108775015', value: 1 }
 */
export function createActionCodec(maxBytes: number, maxRemembered = 10_000): ActionCodec {
  const longIds = new Map<string, string>();
  return {
    encode(code, itemId) {
      const direct = `${PREFIX}${code}|${itemId}`;
      if (Buffer.byteLength(direct) <= maxBytes) return direct;
      const key = `#${createHash('sha256').update(itemId).digest('base64url').slice(0, 16)}`;
      longIds.delete(key);
      longIds.set(key, itemId);
      const [oldest] = longIds.keys();
      if (oldest !== undefined && longIds.size > maxRemembered) longIds.delete(oldest);
      return `${PREFIX}${code}|${key}`;
    },
    decode(data) {
      if (!data.startsWith(PREFIX)) return undefined;
      const code = data.slice(PREFIX.length, data.indexOf('|', PREFIX.length)) as Code;
      const rawId = data.slice(PREFIX.length + code.length + 1);
      const itemId = rawId.startsWith('#') ? longIds.get(rawId) : rawId;
      if (!itemId || !(code in CODES)) return undefined;
      switch (code) {
        case '+':
          return { type: 'feedback', itemId, value: 1 };
        case '-':
          return { type: 'feedback', itemId, value: -1 };
        case 'm':
          return { type: 'more_like', itemId };
        case 's':
          return { type: 'save', itemId };
      }
    },
  };
}

/**
 * The words a button press stands for, so the turn reads naturally in logs and transcripts.
 * @example
 * actionText({ type: 'save', itemId: 'demo:x' }) // 'save this one'
 */
export function actionText(action: MessageAction): string {
  switch (action.type) {
    case 'feedback':
      return action.value === 1 ? 'I like this one' : 'not this one';
    case 'more_like':
      return 'more like this';
    case 'save':
      return 'save this one';
  }
}
