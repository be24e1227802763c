/**
 * The free-text index of a catalogue: for each stemmed word of item names and descriptions, the ascending positions
 * of the items that hold it. Stored flat (sorted words, offsets, one array of positions) so that it is a few typed
 * arrays for the garbage collector and loads from a snapshot without parsing.
 */
import type { Item } from '../types.ts';
import { itemText } from './query.ts';
import { forEachRawWord, stemWord } from './taxonomy.ts';

/** A finished text index: `positions[offsets[i] … offsets[i+1])` hold the items of `words[i]` (words sorted). */
export interface TextIndexData {
  words: string[];
  offsets: Uint32Array;
  positions: Uint32Array;
}

/**
 * The positions of the items holding a stemmed word, ascending (a view, not a copy), or undefined.
 * @example
 * postingsOf(data, 'linen'); // Uint32Array [3, 17, …]
 */
export function postingsOf(data: TextIndexData, word: string): Uint32Array | undefined {
  let lo = 0;
  let hi = data.words.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // `mid` < `hi` ≤ the word count: `?? ''` only satisfies the index type.
    if ((data.words[mid] ?? '') < word) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= data.words.length || data.words[lo] !== word) return undefined;
  // There is one more offset than words, so both offsets of a found word exist.
  return data.positions.subarray(data.offsets[lo] ?? 0, data.offsets[lo + 1] ?? 0);
}

/**
 * Builds the text index over items (in position order) in steps, so that a long-running process can build it between
 * event-loop turns. Colour variants share their text, so each distinct text is tokenised once.
 */
export class TextIndexBuilder {
  private readonly termOfRaw = new Map<string, number>();
  private readonly termsOfText = new Map<string, Uint32Array>();
  private readonly stems: string[] = [];
  private readonly termOfStem = new Map<string, number>();
  private readonly lists: number[][] = [];
  private readonly stamp: number[] = [];
  private readonly buffer: number[] = [];
  private next = 0;
  private data?: TextIndexData;

  constructor(private readonly items: readonly Item[]) {}

  /** The finished index, once every item is indexed. */
  get done(): TextIndexData | undefined {
    return this.data;
  }

  /** Indexes up to `count` more items; the last step flattens the index and drops the building tables. */
  step(count: number): void {
    const end = Math.min(this.items.length, this.next + count);
    for (; this.next < end; this.next++) this.addItem(this.next);
    if (this.next === this.items.length && !this.data) this.data = this.flatten();
  }

  /** The finished index (finishing it now if needed). */
  finish(): TextIndexData {
    this.step(Number.POSITIVE_INFINITY);
    // An unbounded step indexes the last item, and indexing the last item flattens the index.
    if (!this.data) throw new Error('the text index did not finish');
    return this.data;
  }

  private flatten(): TextIndexData {
    const terms = this.stems
      .map((stem, term) => ({ stem, list: this.lists[term] ?? [] }))
      .sort((a, b) => (a.stem < b.stem ? -1 : 1));
    const offsets = new Uint32Array(terms.length + 1);
    let total = 0;
    terms.forEach(({ list }, i) => {
      offsets[i] = total;
      total += list.length;
    });
    offsets[terms.length] = total;
    const positions = new Uint32Array(total);
    let at = 0;
    for (const { list } of terms) {
      positions.set(list, at);
      at += list.length;
    }
    const words = terms.map(({ stem }) => stem);
    this.termOfRaw.clear();
    this.termsOfText.clear();
    this.termOfStem.clear();
    this.lists.length = 0;
    this.stamp.length = 0;
    return { words, offsets, positions };
  }

  private addItem(position: number): void {
    const item = this.items[position];
    if (!item) throw new Error(`the text index has no item at position ${position}`);
    const text = itemText(item);
    let terms = this.termsOfText.get(text);
    if (!terms) {
      this.buffer.length = 0;
      forEachRawWord(text, (raw) => {
        const term = this.termOf(raw);
        if (this.stamp[term] !== position) {
          this.stamp[term] = position;
          this.buffer.push(term);
        }
      });
      terms = Uint32Array.from(this.buffer);
      this.termsOfText.set(text, terms);
    }
    // termOf() made a list for every term it returned.
    for (const term of terms) this.lists[term]?.push(position);
  }

  private termOf(raw: string): number {
    let term = this.termOfRaw.get(raw);
    if (term === undefined) {
      const stem = stemWord(raw);
      term = this.termOfStem.get(stem);
      if (term === undefined) {
        term = this.stems.length;
        this.stems.push(stem);
        this.lists.push([]);
        this.stamp.push(-1);
        this.termOfStem.set(stem, term);
      }
      this.termOfRaw.set(raw, term);
    }
    return term;
  }
}
