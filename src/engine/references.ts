/** Resolves "the second one", "the blue one", "that jacket", "it" against the last list shown. */
import type { Catalog, Item, Reference, Session } from '../types.ts';

/**
 * The item ids a reference points to, in the order shown. An ordinal beyond the list resolves to nothing;
 * without a reference the focus item (the one the conversation is about) is used.
 * @example
 * resolveReference({ kind: 'ordinal', index: 1 }, session, catalog) // [session.lastShown[1]]
 */
export function resolveReference(reference: Reference | undefined, session: Session, catalog: Catalog): Item[] {
  const shown = session.lastShown.map((id) => catalog.get(id)).filter((item): item is Item => item !== undefined);
  if (!reference || reference.kind === 'anaphora') {
    const focus = session.focusItemId ? catalog.get(session.focusItemId) : undefined;
    if (focus) return [focus];
    return shown.length === 1 ? shown : [];
  }
  if (reference.kind === 'ordinal') {
    const item = reference.index < 0 ? shown.at(reference.index) : shown[reference.index];
    return item ? [item] : [];
  }
  const { color } = reference;
  const fits = (item: Item) =>
    (!color || item.colors.some((c) => c === color || c.includes(color))) &&
    (!reference.category || item.articleType === reference.category || item.category === reference.category);
  // "The blazer" after talking about one blazer: the piece in focus, when it fits the description.
  const focus = session.focusItemId ? catalog.get(session.focusItemId) : undefined;
  if (focus && fits(focus)) return [focus];
  return shown.filter(fits);
}
