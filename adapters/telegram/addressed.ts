/** Which Telegram messages are meant for the bot, and the utterance each stands for. */
import type { Message, UserFromGetMe } from 'telegraf/types';
import { commandText } from '../commands.ts';

/**
 * The text of a message meant for the bot, or undefined when the bot should stay quiet. In private chats every text;
 * in groups only commands (addressed to no bot or to this one), @mentions of the bot and replies to its messages —
 * with the mention taken out. Commands become the utterance they stand for.
 * @example
 * addressedText(groupMessage('@StyleBot navy shirt'), me) // 'navy shirt'
 */
export function addressedText(message: Message.TextMessage, me: UserFromGetMe): string | undefined {
  const entities = message.entities ?? [];
  const text = message.text;
  const command = entities.find((entity) => entity.type === 'bot_command' && entity.offset === 0);
  if (command) {
    const [name = '', target] = text.slice(1, command.length).split('@');
    if (target && target.toLowerCase() !== me.username.toLowerCase()) return undefined;
    return commandText(name, text.slice(command.length)) ?? 'help';
  }
  if (message.chat.type === 'private') return text.trim() || undefined;
  const mention = `@${me.username}`.toLowerCase();
  const mentioned = entities.some(
    (entity) =>
      (entity.type === 'mention' &&
        text.slice(entity.offset, entity.offset + entity.length).toLowerCase() === mention) ||
      (entity.type === 'text_mention' && entity.user.id === me.id),
  );
  const repliedTo = message.reply_to_message?.from?.id === me.id;
  if (!mentioned && !repliedTo) return undefined;
  const cleaned = text
    .replace(new RegExp(`@${me.username}\\b`, 'gi'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned || 'hello';
}
