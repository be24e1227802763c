/** Text helpers shared by the chat adapters: splitting to a platform's length limit and escaping for its markup. */

/**
 * Splits `text` into chunks whose `measure` stays within `limit`, preferring paragraph breaks, then line breaks,
 * then spaces; a single word longer than the limit is cut. Chunks are trimmed and never empty.
 * `measure` lets a caller count the length after escaping (Telegram counts the HTML it receives).
 * @example
 * splitText('a\n\nb', 1) // ['a', 'b']
 */
export function splitText(text: string, limit: number, measure: (chunk: string) => number = (s) => s.length): string[] {
  if (limit < 1) throw new RangeError(`splitText: limit must be at least 1, got ${limit}`);
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    if (measure(rest) <= limit) {
      chunks.push(rest);
      break;
    }
    const cut = findCut(rest, limit, measure);
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  return chunks;
}

/** The longest prefix length that fits, moved back to the best break inside it. */
function findCut(text: string, limit: number, measure: (chunk: string) => number): number {
  let low = 1;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(text.slice(0, mid)) <= limit) low = mid;
    else high = mid - 1;
  }
  // Never cut a surrogate pair in two.
  if (low < text.length && /[\uDC00-\uDFFF]/.test(text[low]!) && low > 1) low--;
  const window = text.slice(0, low + 1);
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(separator);
    if (at > 0) return at + (separator === ' ' ? 1 : separator.length);
  }
  return low;
}

/**
 * Escapes text for Telegram's HTML parse mode (`<`, `>`, `&` — the three it requires).
 * @example
 * escapeHtml('<b> & co') // '&lt;b&gt; &amp; co'
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Breaks mass and role mentions (`@everyone`, `@here`, `<@&id>`) with a zero-width space so that text echoed back
 * can never ping, even where a platform ignores `allowedMentions`.
 * @example
 * neutraliseMentions('hi @everyone') // 'hi @\u200beveryone'
 */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, '@\u200b$1').replace(/<@&(\d+)>/g, '<@\u200b&$1>');
}

/**
 * Escapes Discord markdown (`\ * _ ~ ` | >` and `#`/`-` at a line start) so catalogue names and user text show verbatim.
 * @example
 * escapeMarkdown('*new* in_stock') // '\\*new\\* in\\_stock'
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|])/g, '\\$1').replace(/^([>#-])/gm, '\\$1');
}
