/** Turns a `Reply` into the platform-neutral pieces every adapter shows: text, item lines and items with buttons. */
import type { Reply, ReplyItem } from '../src/types.ts';

/** At most this many items get buttons (Discord allows five rows of buttons per message). */
export const MAX_BUTTON_ITEMS = 5;

/** An item with the number the reply text gives it ("the second one"). */
export interface NumberedItem {
  n: number;
  item: ReplyItem;
}

/**
 * The items of a reply, each once, numbered as the engine numbers them: outfit pieces across outfits (1, 2, 3 … in
 * look order) when the reply has outfits, listed items otherwise; items of both kinds continue the count.
 * @example
 * replyItems(reply).map(({ n, item }) => `${n}: ${item.id}`)
 */
export function replyItems(reply: Reply): NumberedItem[] {
  const ordered = [...reply.outfits.flatMap((outfit) => outfit.items), ...reply.items];
  const seen = new Set<string>();
  const numbered: NumberedItem[] = [];
  ordered.forEach((item, index) => {
    if (seen.has(item.id)) return;
    seen.add(item.id);
    numbered.push({ n: index + 1, item });
  });
  return numbered;
}

/** The items that get 👍 👎 more-like-this and save buttons. */
export function buttonItems(reply: Reply): NumberedItem[] {
  return reply.actionable ? replyItems(reply).slice(0, MAX_BUTTON_ITEMS) : [];
}

/**
 * `€39.99`, or undefined when the price is unknown.
 * @example
 * formatPrice(39.9) // '€39.90'
 */
export function formatPrice(price: number | undefined): string | undefined {
  return price === undefined ? undefined : `€${price.toFixed(2)}`;
}

/** One line describing an item: `Navy oxford shirt — €39.90 · navy`. */
export function itemSummary(item: ReplyItem): string {
  const details = [formatPrice(item.price), item.colors.slice(0, 2).join('/') || undefined].filter(Boolean);
  return details.length > 0 ? `${item.name} — ${details.join(' · ')}` : item.name;
}

/**
 * The plain text of a reply, with its items listed when the reply text does not already name them all (the engine's
 * text usually does). Numbers match the engine's and the buttons'.
 * @example
 * replyText(reply) // 'Here are three shirts…\n1. Navy oxford shirt — €39.90 · navy'
 */
export function replyText(reply: Reply): string {
  const text = reply.text.trim();
  const items = replyItems(reply);
  if (items.length === 0 || items.every(({ item }) => text.includes(item.name))) return text;
  const lines = items.map(({ n, item }) => `${n}. ${itemSummary(item)}`);
  return [text, lines.join('\n')].filter((section) => section.length > 0).join('\n\n');
}
