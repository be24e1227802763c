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
  if (low < text.length && /[\uDC00-\uDFFF]/.test(text.charAt(low)) && low > 1) low--;
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

/** Columns a character takes in a terminal: two for East Asian wide characters, one otherwise. */
function columns(char: string): number {
  return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(char)
    ? 2
    : 1;
}

/** Terminal columns of a text. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += columns(char);
  return width;
}

/**
 * Wraps text for a terminal `width` columns wide at word boundaries (between any two Chinese characters too), keeping
 * each line's indent and indenting its continuation lines two more. A word longer than a line is cut.
 * @example
 * wrapText('Look 1: black dress and black heels', 20) // 'Look 1: black dress\n  and black heels'
 */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => wrapLine(line, Math.max(width, 20)))
    .join('\n');
}

function wrapLine(line: string, width: number): string {
  if (displayWidth(line) <= width) return line;
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const next = `${indent}  `;
  // Words, or single wide characters (Chinese breaks between any two), each with the spaces before it.
  const tokens =
    line
      .slice(indent.length)
      .match(
        /\s*(?:[\u2e80-\ua4cf\uf900-\ufaff\uff00-\uff60][，。；：！？、）」]?|[^\s\u2e80-\ua4cf\uf900-\ufaff\uff00-\uff60]+)/g,
      ) ?? [];
  const out: string[] = [];
  let current = indent;
  for (const token of tokens) {
    const word = token.trimStart();
    const fresh = current.trim().length === 0;
    if (!fresh && displayWidth(current) + displayWidth(token) > width) {
      out.push(current);
      current = next;
    }
    let piece = current.trim().length === 0 ? word : token;
    while (displayWidth(current) + displayWidth(piece) > width && displayWidth(current) < width) {
      const room = width - displayWidth(current);
      let cut = 0;
      for (let used = 0; cut < piece.length && used + columns(piece.charAt(cut)) <= room; cut++)
        used += columns(piece.charAt(cut));
      out.push(current + piece.slice(0, cut));
      current = next;
      piece = piece.slice(cut);
    }
    current += piece;
  }
  out.push(current);
  return out.join('\n');
}
