/**
 * Keyv's value (de)serialisation without its per-value walk. Keyv's default escapes strings that start with `:`
 * (`::…`) and writes Buffers as `:base64:…` strings, walking every value in JavaScript — the most expensive part of
 * loading and saving a user's state. A profile or session holds neither, so plain `JSON` gives the same text; the
 * escaping walk runs only when the text shows a string starting with `:` or a Buffer. The stored format is Keyv's
 * own, so states written before (or by Keyv's default) read back the same.
 */

/** A string value or array element that starts with `:` (Keyv escapes or decodes those). */
const COLON_STRING = /[[,:]":/;
const BUFFER = /"type":"Buffer"/;

/** Keyv's default format: strings starting with `:` get one more, Buffers become `:base64:` strings. */
function escapeWalk(value: unknown): unknown {
  if (typeof value === 'string') return value.startsWith(':') ? `:${value}` : value;
  if (Buffer.isBuffer(value)) return `:base64:${value.toString('base64')}`;
  if (value && typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function') {
    return escapeWalk(value.toJSON());
  }
  if (Array.isArray(value)) return value.map(escapeWalk);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    // Keys are written as they are (Keyv escapes values only).
    for (const [k, v] of Object.entries(value)) out[k] = escapeWalk(v);
    return out;
  }
  return value;
}

/**
 * The text Keyv's default serializer writes.
 * @example
 * serializeState({ value: { turns: 3 }, expires: null }); // '{"value":{"turns":3},"expires":null}'
 */
export function serializeState(data: unknown): string {
  const text = JSON.stringify(data ?? null);
  if (!COLON_STRING.test(text) && !BUFFER.test(text)) return text;
  return JSON.stringify(escapeWalk(data) ?? null);
}

/**
 * The value Keyv's default deserializer reads.
 * @example
 * deserializeState('{"value":"::x"}'); // { value: ':x' }
 */
export function deserializeState<T>(text: string): T {
  if (!COLON_STRING.test(text)) return JSON.parse(text) as T;
  return JSON.parse(text, (_, value: unknown) => {
    if (typeof value !== 'string') return value;
    if (value.startsWith(':base64:')) return Buffer.from(value.slice(8), 'base64');
    return value.startsWith(':') ? value.slice(1) : value;
  }) as T;
}
