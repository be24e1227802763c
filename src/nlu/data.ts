/**
 * The project's own labelled utterances (`data/nlu/<language>/<intent>.txt`). One utterance per line, optionally
 * followed by ` | ` and its gold slots as `key=value` pairs separated by `;` (the flattened form of
 * `flattenSlots`). Lines starting with `#` are comments. Extra JSONL files (`{"text","intent","slots"?}`), such as
 * the stylist console's export, can be added.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { INTENTS, type Intent, type Language } from '../types.ts';
import { flattenSlots, type NluSlots } from './slots.ts';

/** One labelled utterance. */
export interface Example {
  text: string;
  intent: Intent;
  language: Language;
  /** Gold slots as sorted `key=value` strings; undefined when the source gave none. */
  slots?: string[];
  /** Where it came from, e.g. `en/greet.txt:3`. */
  source: string;
}

const INTENT_SET = new Set<string>(INTENTS);

/**
 * Parses one data file's text.
 * @example
 * parseDataFile('hi there\nshow me [x] | category=t-shirt', 'greet', 'en', 'en/greet.txt');
 */
export function parseDataFile(content: string, intent: Intent, language: Language, source: string): Example[] {
  const examples: Example[] = [];
  content.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    // "text |" (a bar and nothing after it) says the utterance has no slots.
    const bar = line.endsWith(' |') ? line.length - 2 : line.indexOf(' | ');
    const text = (bar >= 0 ? line.slice(0, bar) : line).trim();
    const slots =
      bar >= 0
        ? line
            .slice(bar + 3)
            .split(';')
            .map((s) => s.trim())
            .filter(Boolean)
            .sort()
        : [];
    for (const pair of slots) {
      if (!/^[a-z_]+=.+$/.test(pair)) throw new Error(`${source}:${index + 1}: bad slot annotation "${pair}"`);
    }
    examples.push({ text, intent, language, slots, source: `${source}:${index + 1}` });
  });
  return examples;
}

/**
 * Loads every `data/nlu/<en|zh>/<intent>.txt` under `dir`.
 * @example
 * const examples = loadExamples(path.join(projectRoot, 'data/nlu'));
 */
export function loadExamples(dir: string): Example[] {
  const examples: Example[] = [];
  for (const language of ['en', 'zh'] as const) {
    const folder = path.join(dir, language);
    let files: string[];
    try {
      files = readdirSync(folder).filter((f) => f.endsWith('.txt'));
    } catch (error) {
      throw new Error(`loadExamples: cannot read ${folder}: ${(error as Error).message}`);
    }
    for (const file of files.sort()) {
      const intent = file.slice(0, -4);
      if (!INTENT_SET.has(intent)) throw new Error(`loadExamples: ${folder}/${file} is not named after an intent`);
      const content = readFileSync(path.join(folder, file), 'utf8');
      examples.push(...parseDataFile(content, intent as Intent, language, `${language}/${file}`));
    }
  }
  return examples;
}

/**
 * Reads extra JSONL examples (`{"text","intent","slots"?}` per line). Bad lines are reported with their number.
 * @example
 * loadJsonlExamples(readFileSync('reviewed.jsonl', 'utf8'), 'reviewed.jsonl');
 */
export function loadJsonlExamples(content: string, source: string): Example[] {
  const examples: Example[] = [];
  content.split('\n').forEach((raw, index) => {
    if (!raw.trim()) return;
    let row: { text?: unknown; intent?: unknown; slots?: unknown };
    try {
      row = JSON.parse(raw);
    } catch (error) {
      throw new Error(`${source}:${index + 1}: not JSON (${(error as Error).message})`);
    }
    if (typeof row.text !== 'string' || typeof row.intent !== 'string' || !INTENT_SET.has(row.intent)) {
      throw new Error(`${source}:${index + 1}: expected {"text": string, "intent": one of the intents}`);
    }
    const slots = row.slots && typeof row.slots === 'object' ? flattenSlots(row.slots as NluSlots) : undefined;
    const language: Language = /[\u4e00-\u9fff]/.test(row.text) ? 'zh' : 'en';
    examples.push({ text: row.text, intent: row.intent as Intent, language, slots, source: `${source}:${index + 1}` });
  });
  return examples;
}

/** A short hash of the training data, saved with the model. */
export function dataHash(examples: readonly Example[]): string {
  const hash = createHash('sha256');
  for (const e of examples) hash.update(`${e.intent}\t${e.text}\n`);
  return hash.digest('hex').slice(0, 16);
}
