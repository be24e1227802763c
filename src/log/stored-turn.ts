/**
 * What the log keeps of a turn's words and ids: the texts redacted and encrypted together (`StoredContent`), the
 * conversation and message ids as keyed hashes, since a platform's ids can name the chat (and so the user).
 */
import type { Logger, StateEvent, TurnRecord } from '../types.ts';
import type { Hasher, TextCipher } from './crypto.ts';
import { redact, redactDeep } from './redact.ts';

/**
 * The encrypted part of a logged turn: the user's message, the reply and its explanation, all redacted, and the
 * action with its state events (profile data, redacted like the text), which make the conversation replayable
 * (`fashion-advisor replay`).
 */
export interface StoredContent {
  text: string;
  reply: string;
  explanation?: string;
  action?: string;
  events?: StateEvent[];
}

/**
 * The redacted texts of a turn, as they are encrypted into the log.
 * @example
 * storedContent(record); // { text: 'call me on [phone]', reply: '…' }
 */
export function storedContent(record: TurnRecord): StoredContent {
  const content: StoredContent = { text: redact(record.text), reply: redact(record.reply) };
  if (record.explanation !== undefined) content.explanation = redact(record.explanation);
  if (record.action !== undefined) content.action = record.action;
  if (record.events !== undefined) content.events = redactDeep(record.events);
  return content;
}

/**
 * Decrypts a turn's stored content; undefined (and a warning) when it cannot be read, e.g. under another key.
 * @example
 * openStoredContent(cipher, logger, row.content)?.text;
 */
export function openStoredContent(cipher: TextCipher, logger: Logger, content: Buffer): StoredContent | undefined {
  try {
    return JSON.parse(cipher.decrypt(Buffer.from(content))) as StoredContent;
  } catch (error) {
    logger.warn('a logged turn could not be decrypted', { reason: (error as Error).message });
    return undefined;
  }
}

/**
 * A turn as the log keeps it: its conversation and message ids pseudonymised, its texts and slots redacted.
 * @example
 * asStored(record, hasher).conversationId; // '5c1e…'
 */
export function asStored(record: TurnRecord, hasher: Hasher): TurnRecord {
  const stored: TurnRecord = {
    ...record,
    conversationId: hasher.conversation(record.platform, record.conversationId),
    messageId: storedMessageId(record, hasher),
    text: redact(record.text),
    reply: redact(record.reply),
    slots: redactDeep(record.slots),
  };
  if (record.explanation !== undefined) stored.explanation = redact(record.explanation);
  if (record.events !== undefined) stored.events = redactDeep(record.events);
  return stored;
}

/**
 * The message id as the log keeps it (a keyed hash), or undefined when the turn has none.
 * @example
 * storedMessageId({ platform: 'telegram', messageId: '42:7', … }, hasher); // '9a0b…'
 */
export function storedMessageId(record: TurnRecord, hasher: Hasher): string | undefined {
  return record.messageId === undefined ? undefined : hasher.message(record.platform, record.messageId);
}
