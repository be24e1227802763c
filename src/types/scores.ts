/** Scores and the reasons behind them, for items and outfits. */
import type { Item } from './catalog.ts';

/** One reason an item or outfit was chosen, with its contribution. */
export interface Signal {
  name:
    | 'match'
    | 'content'
    | 'collaborative'
    | 'popularity'
    | 'feedback'
    | 'preference'
    | 'trend'
    | 'compatibility'
    | 'color_harmony'
    | 'formality'
    | 'season'
    | 'budget'
    | 'diversity'
    | 'anchor'
    | 'style';
  weight: number;
  detail?: string;
}

/** An item with its score and the signals behind it. */
export interface ScoredItem {
  item: Item;
  score: number;
  signals: Signal[];
}

/** A look: scored pieces that go together. */
export interface Outfit {
  items: ScoredItem[];
  score: number;
  signals: Signal[];
  /** One or two sentences: why these pieces, for this request. */
  explanation: string;
}
