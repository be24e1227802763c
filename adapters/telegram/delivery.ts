/**
 * How a `Reply` reaches a Telegram chat: HTML messages split under Telegram's limit with an inline keyboard on the
 * last part, a chart photo and a JSON document when present. In a group a private reply goes to the shopper's own
 * chat with the bot, and the group gets a neutral note.
 */
import { Input, TelegramError } from 'telegraf';
import type { Opts } from 'telegraf/types';
import type { Reply } from '../../src/types.ts';
import { LruCache } from '../../src/util/lru-cache.ts';
import type { ActionCodec } from '../actions.ts';
import { createChartRenderer } from '../chart.ts';
import { openChatFirstNote, sentPrivatelyNote } from '../private-notes.ts';
import { escapeHtml } from '../text.ts';
import type { Delivery } from '../turns.ts';
import type { TelegramClient } from './client.ts';
import { telegramMessages } from './render.ts';

const CAPTION_LIMIT = 1024;
/** How many uploaded charts' file ids are remembered (a chart is the same picture for everyone that week). */
const CHART_FILE_IDS = 64;
/** The `/start` payload of the link a group gets when a private answer could not be sent (it greets the shopper). */
const PRIVATE_START = 'private';

/** Sends trend charts as photos, by the file id of their first upload when it is known. */
function createChartSender(client: TelegramClient) {
  const { bot, api, call } = client;
  const renderChart = createChartRenderer();
  // Telegram keeps every picture sent to it: a chart sent again goes by the file id of its first upload.
  const chartFileIds = new LruCache<string>(CHART_FILE_IDS);

  return async (chatId: number, chart: NonNullable<Reply['chart']>) => {
    const caption = escapeHtml(chart.title.slice(0, CAPTION_LIMIT - 100));
    const fileId = chartFileIds.get(chart.svg);
    if (fileId) {
      try {
        await call('sendPhoto', () =>
          api('sendPhoto', { chat_id: chatId, photo: fileId, caption, parse_mode: 'HTML' }),
        );
        return;
      } catch (error) {
        // A file id Telegram no longer knows (another bot's server, a wiped test server): upload the picture again.
        const unknownFile = error instanceof TelegramError && error.code === 400 && /file/i.test(error.description);
        if (!unknownFile) throw error;
        chartFileIds.delete(chart.svg);
      }
    }
    const png = await renderChart(chart.svg);
    const sent = await call('sendPhoto', () =>
      bot.telegram.sendPhoto(chatId, Input.fromBuffer(png, 'trend.png'), { caption, parse_mode: 'HTML' }),
    );
    const uploaded = sent.photo?.at(-1)?.file_id;
    if (uploaded) chartFileIds.set(chart.svg, uploaded);
  };
}

/** Makes the `Delivery` of one update. */
export interface TelegramDeliveries {
  /**
   * How replies reach `chat`, sent by `userId` (a reply quotes message `replyTo` when given); `botUsername` makes the
   * link that opens the shopper's chat with the bot.
   */
  deliveryFor(
    chat: { id: number; type: string },
    userId: number,
    replyTo: number | undefined,
    botUsername: string,
  ): Delivery;
}

/**
 * Creates the senders of one bot; `codec` encodes the item buttons.
 * @example
 * const { deliveryFor } = createTelegramDeliveries(client, createActionCodec(64));
 * await deliveryFor(chat, from.id, undefined, me.username).reply(reply);
 */
export function createTelegramDeliveries(client: TelegramClient, codec: ActionCodec): TelegramDeliveries {
  const { bot, api, call } = client;
  const sendChart = createChartSender(client);
  const sendText = async (chatId: number, html: string, extra: Partial<Opts<'sendMessage'>> = {}) =>
    call('sendMessage', () =>
      api('sendMessage', {
        chat_id: chatId,
        text: html,
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...extra,
      }),
    );

  /** Sends a whole reply to one chat: its text (split under the limit, the keyboard on the last part), chart and file. */
  const sendReply = async (chatId: number, reply: Reply, replyParameters: Partial<Opts<'sendMessage'>>) => {
    for (const [index, { html, keyboard }] of telegramMessages(reply, codec).entries()) {
      await sendText(chatId, html, {
        ...(index === 0 ? replyParameters : {}),
        ...(keyboard ? { reply_markup: keyboard } : {}),
      });
    }
    if (reply.chart) await sendChart(chatId, reply.chart);
    if (reply.attachment) {
      const { filename, content } = reply.attachment;
      await call('sendDocument', () =>
        bot.telegram.sendDocument(chatId, Input.fromBuffer(Buffer.from(content, 'utf8'), filename)),
      );
    }
  };

  /**
   * Sends a private reply to the shopper's own chat with the bot (its id is theirs). Telegram answers 403 when the
   * bot may not write first — the shopper never started it, or blocked it: then `false`, and nothing was sent.
   */
  const sendToDirectChat = async (userId: number, reply: Reply): Promise<boolean> => {
    try {
      await sendReply(userId, reply, {});
      return true;
    } catch (error) {
      if (error instanceof TelegramError && error.code === 403) return false;
      throw error;
    }
  };

  return {
    // In a group a private reply (see `Reply.private`) goes to the shopper's direct chat, and the group gets a
    // neutral note — or, when the bot may not write to them first, a link that opens that chat.
    deliveryFor(chat, userId, replyTo, botUsername) {
      const replyParameters =
        replyTo === undefined ? {} : { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } };
      const inGroup = chat.type !== 'private';
      return {
        async reply(reply) {
          if (!reply.private || !inGroup) return sendReply(chat.id, reply, replyParameters);
          const note = (await sendToDirectChat(userId, reply))
            ? sentPrivatelyNote(reply.language)
            : openChatFirstNote(reply.language, `https://t.me/${botUsername}?start=${PRIVATE_START}`);
          await sendText(chat.id, escapeHtml(note), replyParameters);
        },
        async notice(text) {
          await sendText(chat.id, escapeHtml(text), replyParameters);
        },
      };
    },
  };
}
