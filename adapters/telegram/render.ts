/**
 * A reply as Telegram messages: with looks, the intro and then one message per look (bold title, the short why in
 * italics, one line per piece) with that look's compact keyboard; otherwise the text, split under the limit, with the
 * item buttons on its last part. HTML parse mode: everything from the catalogue or the shopper is escaped.
 */
import type { Reply } from '../../src/types.ts';
import type { ActionCodec } from '../actions.ts';
import { ITEM_BUTTONS } from '../actions.ts';
import { introText, lookButtons, lookCards, withoutIds } from '../looks.ts';
import { buttonItems, replyText } from '../render.ts';
import { escapeHtml, splitText } from '../text.ts';

/** Telegram's limit on one message's text, in characters after entity parsing; we count the HTML we send. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** An inline keyboard as the Bot API takes it. */
export interface InlineKeyboard {
  inline_keyboard: { text: string; callback_data: string }[][];
}

/** One message to send: HTML text and, maybe, its keyboard. */
export interface TelegramMessage {
  html: string;
  keyboard?: InlineKeyboard;
}

/** The plain text split under the limit, every catalogue id taken out, each part escaped. */
function textMessages(text: string): TelegramMessage[] {
  return splitText(withoutIds(text), TELEGRAM_TEXT_LIMIT, (chunk) => escapeHtml(chunk).length).map((chunk) => ({
    html: escapeHtml(chunk),
  }));
}

/** The item keyboard of a reply without looks: one row of 👍 👎 more-like-this save per numbered item. */
function itemKeyboard(reply: Reply, codec: ActionCodec): InlineKeyboard | undefined {
  const rows = buttonItems(reply).map(({ n, item }) =>
    ITEM_BUTTONS.map(({ code, label }) => ({ text: `${label} #${n}`, callback_data: codec.encode(code, item.id) })),
  );
  return rows.length > 0 ? { inline_keyboard: rows } : undefined;
}

/**
 * The Telegram messages of a reply, in sending order.
 * @example
 * telegramMessages(reply, createActionCodec(64)).map((m) => m.html)
 * // ['Here are 3 looks (wedding · women):', '<b>Look 1 · €50.98</b>\n<i>For a wedding…</i>\n1. Cypress Dress — €29.99 · black', …]
 */
export function telegramMessages(reply: Reply, codec: ActionCodec): TelegramMessage[] {
  if (reply.outfits.length === 0) {
    const messages = textMessages(replyText(reply));
    const keyboard = itemKeyboard(reply, codec);
    const last = messages.at(-1);
    if (keyboard && last) last.keyboard = keyboard;
    return messages;
  }
  const messages = textMessages(introText(reply));
  for (const card of lookCards(reply)) {
    const lines = [
      `<b>${escapeHtml(card.title)}</b>`,
      ...(card.why ? [`<i>${escapeHtml(card.why)}</i>`] : []),
      ...card.pieces.map(({ n, line }) => `${n}. ${escapeHtml(line)}`),
    ];
    const rows = reply.actionable
      ? lookButtons(card, reply.language).map((row) =>
          row.map(({ code, itemId, label }) => ({ text: label, callback_data: codec.encode(code, itemId) })),
        )
      : [];
    messages.push({
      html: clipHtml(lines.join('\n')),
      ...(rows.length > 0 ? { keyboard: { inline_keyboard: rows } } : {}),
    });
  }
  return messages;
}

/** A look's message kept under the limit (a look has a handful of pieces: only absurd names could exceed it). */
function clipHtml(html: string): string {
  if (html.length <= TELEGRAM_TEXT_LIMIT) return html;
  const cut = html.lastIndexOf('\n', TELEGRAM_TEXT_LIMIT - 1);
  return html.slice(0, Math.max(cut, 0));
}
