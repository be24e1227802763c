/** Validation of inbound text at the edge of the engine: whatever arrives, the turn gets something safe to parse. */

/** Longest message the parser sees; longer ones are cut (the user is told). */
export const MAX_INPUT_CHARS = 2000;

export interface CleanInput {
  text: string;
  problem?: 'empty' | 'binary' | 'truncated';
}

// C0/C1 control characters except tab and newline, plus bidi overrides and zero-width characters used to hide text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Normalises a message: Unicode NFC, control characters removed, whitespace collapsed, length capped.
 * @example
 * cleanInput('  hi\u0000 there ') // { text: 'hi there' }
 */
export function cleanInput(raw: string): CleanInput {
  const replacement = (raw.match(/\ufffd/g) ?? []).length;
  const nul = raw.split('\u0000').length - 1;
  if (raw.length > 0 && (replacement + nul) / raw.length > 0.1) return { text: '', problem: 'binary' };
  let text = raw.normalize('NFC').replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  if (text.length === 0) return { text, problem: 'empty' };
  if (text.length > MAX_INPUT_CHARS) {
    const cut = text.slice(0, MAX_INPUT_CHARS);
    // Never split a surrogate pair.
    text = /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
    return { text, problem: 'truncated' };
  }
  return { text };
}
