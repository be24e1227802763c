/**
 * HTML with escaping by default: every value interpolated into `html\`…\`` is escaped unless it is already
 * `SafeHtml` (the result of another `html` template or of `trustedHtml`). Arrays are joined.
 */

/** A piece of markup that is known to be safe to insert as is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML content and quoted attribute values.
 * @example
 * escapeHtml('<img src=x onerror=alert(1)>'); // '&lt;img src=x onerror=alert(1)&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === undefined || value === null || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template that escapes every interpolated value.
 * @example
 * html`<p>${userText}</p>`; // SafeHtml with userText escaped
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  // A template has one more string than values, so `strings[i + 1]` always exists.
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Marks markup produced by trusted code (our own chart renderer) as safe. Never pass user text here. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

const UNSAFE_SVG =
  /<\s*(script|foreignObject|iframe|object|embed|image|use)\b|\son[a-z]+\s*=|javascript:|(?:href|src)\s*=\s*["']?\s*(?!#)[a-z]+:/i;

/**
 * Accepts an SVG document from a chart renderer only when it holds no script, event handler, external
 * reference or embedded content; returns undefined otherwise.
 * @example
 * inlineSvg('<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>'); // SafeHtml
 */
export function inlineSvg(svg: string): SafeHtml | undefined {
  const trimmed = svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '').trim();
  if (!/^<svg[\s>]/i.test(trimmed) || !/<\/svg>$/i.test(trimmed) || UNSAFE_SVG.test(trimmed)) return undefined;
  return new SafeHtml(trimmed);
}
