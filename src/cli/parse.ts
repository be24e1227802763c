/**
 * `fashion-advisor parse [--json]`: the NLU alone. Reads one utterance per stdin line and writes exactly one
 * line per input line: with `--json` `{"text","intent","confidence","slots"}`, otherwise a readable summary.
 * Each line is parsed in the context of the previous one (so "in blue?" after a search is a refinement).
 */
import { createInterface } from 'node:readline';
import { loadParser } from '../nlu/index.ts';
import type { Parse, ParseContext } from '../types.ts';
import type { Command } from './command.ts';

/** A one-line human summary of a parse. */
export function describeParse(parse: Parse): string {
  const slots = Object.entries(parse.slots)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
  return `${parse.intent} (${parse.confidence.toFixed(2)})${slots ? `  ${slots}` : ''}`;
}

/** The context the next line is parsed in. */
function nextContext(parse: Parse, previous: ParseContext): ParseContext {
  const searching = ['product_search', 'outfit_request', 'refine'].includes(parse.intent);
  return {
    previousIntent: parse.intent,
    activeSlots: searching ? { ...previous.activeSlots, ...parse.slots } : previous.activeSlots,
    language: parse.language,
  };
}

/**
 * @example
 * printf 'hi\nblue jeans\nin black?\n' | fashion-advisor parse --json
 */
export const parse: Command = async (args, { config, logger, stdin, stdout }) => {
  const parser = await loadParser(config, logger);
  const json = args.flags.json === true;
  const lines = createInterface({ input: stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let context: ParseContext = {};
  for await (const line of lines) {
    const result = parser.parse(line, context);
    if (line.trim()) context = nextContext(result, context);
    if (json) {
      stdout.write(
        `${JSON.stringify({ text: result.text, intent: result.intent, confidence: result.confidence, slots: result.slots })}\n`,
      );
    } else {
      stdout.write(`${describeParse(result)}\n`);
    }
  }
  return 0;
};
