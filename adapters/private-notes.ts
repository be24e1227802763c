/**
 * What a group sees when the answer to one of its members is private (the engine marks replies that reveal what is
 * kept about the shopper: export, profile summary, preferences, sizes, wishlist, erasure): a neutral note in the
 * shopper's language, never the answer itself. The answer goes to the shopper's direct messages.
 */
import type { Language } from '../src/types.ts';

const SENT: Record<Language, string> = {
  en: 'That answer is about you, so I sent it to you privately.',
  zh: '这个回答涉及你的个人信息，我已经私下发给你了。',
};

/**
 * The group's note once the answer reached the shopper alone (their direct messages, or a message only they see).
 * @example
 * sentPrivatelyNote('en') // 'That answer is about you, so I sent it to you privately.'
 */
export function sentPrivatelyNote(language: Language = 'en'): string {
  return SENT[language];
}

/**
 * The group's note when the bot may not write to the shopper first (Telegram: they never started a chat with it, or
 * blocked it): where to open that chat.
 * @example
 * openChatFirstNote('en', 'https://t.me/StyleBot?start=private')
 * // 'That answer is about you, so I only send it privately — open a chat with me first: https://t.me/StyleBot?start=private and ask me there.'
 */
export function openChatFirstNote(language: Language = 'en', link: string): string {
  return language === 'zh'
    ? `这个回答涉及你的个人信息，我只通过私信发送——请先打开和我的私聊：${link} ，然后在私聊里再问我一次。`
    : `That answer is about you, so I only send it privately — open a chat with me first: ${link} and ask me there.`;
}

/**
 * The group's note when Discord refused the direct message (the shopper does not accept messages from server
 * members): how to get the answer without it showing in the channel.
 * @example
 * directMessagesClosedNote('en')
 */
export function directMessagesClosedNote(language: Language = 'en'): string {
  return language === 'zh'
    ? '这个回答涉及你的个人信息，我只通过私信发送，但你的私信没有开放。请允许服务器成员给你发私信，或者使用斜杠命令（只有你能看到回答）。'
    : 'That answer is about you, so I only send it privately, but your direct messages are closed — allow direct messages from server members, or use the slash command (only you see its answer).';
}
