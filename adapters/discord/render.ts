/**
 * A reply as Discord messages: with looks, the intro and then one message per look (an embed: the look's title, its
 * short why, a field per piece) with that look's buttons; otherwise the text with one embed listing the items and a
 * row of buttons per item. Catalogue ids appear only in the buttons' custom ids; all text is markdown-escaped.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import type { Reply, ReplyItem } from '../../src/types.ts';
import { type ActionCodec, type Code, ITEM_BUTTONS } from '../actions.ts';
import { introText, lookButtons, lookCards, withoutIds } from '../looks.ts';
import { buttonItems, formatPrice, replyItems } from '../render.ts';
import { escapeMarkdown, neutraliseMentions, splitText } from '../text.ts';

/** Discord's limit on one message's content. */
export const DISCORD_TEXT_LIMIT = 2000;

/** One message before the chart or file is attached: content, embeds and button rows. */
export interface DiscordMessage {
  content: string;
  embeds: EmbedBuilder[];
  components: ActionRowBuilder<ButtonBuilder>[];
}

/** Escapes markdown and breaks mass mentions. */
export function safeText(text: string): string {
  return neutraliseMentions(escapeMarkdown(text));
}

/** A text clipped to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const style = (code: Code) =>
  code === '+' ? ButtonStyle.Success : code === '-' ? ButtonStyle.Danger : ButtonStyle.Secondary;

const button = (codec: ActionCodec, code: Code, itemId: string, label: string) =>
  new ButtonBuilder().setCustomId(codec.encode(code, itemId)).setLabel(clip(label, 80)).setStyle(style(code));

/** An embed field for a piece: `2. Mikita Mule` / `€20.99 · black · heels`. */
function field(n: number | undefined, item: ReplyItem) {
  const details = [formatPrice(item.price), item.colors.slice(0, 2).join('/'), item.articleType].filter(Boolean);
  return {
    name: clip(safeText(`${n ?? '•'}. ${item.name}`), 256),
    value: clip(safeText(details.join(' · ') || '—'), 1024),
  };
}

/** The text split under Discord's limit, ids taken out, escaped. */
function contents(text: string): string[] {
  return splitText(withoutIds(text), DISCORD_TEXT_LIMIT, (chunk) => safeText(chunk).length).map(safeText);
}

/**
 * The Discord messages of a reply, in sending order (at least one).
 * @example
 * discordMessages(reply, createActionCodec(100)).map((m) => m.embeds.length) // [0, 1, 1, 1] for three looks
 */
export function discordMessages(reply: Reply, codec: ActionCodec): DiscordMessage[] {
  if (reply.outfits.length === 0) {
    const numbered = new Map(replyItems(reply).map(({ n, item }) => [item.id, n]));
    const embeds =
      reply.items.length > 0
        ? [
            new EmbedBuilder()
              .setTitle('Suggestions')
              .addFields(reply.items.slice(0, 25).map((i) => field(numbered.get(i.id), i))),
          ]
        : [];
    const components = buttonItems(reply).map(({ n, item }) =>
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        ITEM_BUTTONS.map(({ code, label }) => button(codec, code, item.id, `${label} #${n}`)),
      ),
    );
    const messages = contents(reply.text).map((content) => ({ content, embeds: [], components: [] }) as DiscordMessage);
    const last = messages.at(-1);
    if (last) Object.assign(last, { embeds, components });
    else messages.push({ content: '', embeds, components });
    return messages;
  }
  const messages: DiscordMessage[] = contents(introText(reply)).map((content) => ({
    content,
    embeds: [],
    components: [],
  }));
  for (const card of lookCards(reply).slice(0, 9)) {
    const embed = new EmbedBuilder()
      .setTitle(clip(safeText(card.title), 256))
      .addFields(card.pieces.slice(0, 25).map(({ n, item }) => field(n, item)));
    if (card.why) embed.setDescription(clip(safeText(card.why), 4096));
    const components = reply.actionable
      ? lookButtons(card, reply.language).map((row) =>
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            row.map(({ code, itemId, label }) => button(codec, code, itemId, label)),
          ),
        )
      : [];
    messages.push({ content: '', embeds: [embed], components });
  }
  return messages;
}
