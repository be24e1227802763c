/**
 * The NLP.js peer (`node-nlp`, a dev dependency): trained on exactly the same examples as our parser and scored on
 * the same splits. Only its intent classifier (`nlp.nluManager.process`) is timed and scored; NLP.js's sentiment
 * and entity steps are not part of the comparison.
 */
import { createRequire } from 'node:module';
import type { Intent, Language } from '../types.ts';
import type { Example } from './data.ts';

/** A trained NLP.js classifier. */
export interface NlpjsPeer {
  classify(text: string, language: Language): Promise<{ intent: Intent; score: number }>;
}

interface NlpManagerLike {
  addDocument(locale: string, text: string, intent: string): void;
  train(): Promise<void>;
  nlp: { nluManager: { process(locale: string, text: string): Promise<{ intent: string; score: number }> } };
}

/** Whether `node-nlp` is installed (it is a dev dependency, absent in production installs). */
export function nlpjsAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve('node-nlp');
    return true;
  } catch {
    return false;
  }
}

/**
 * Trains NLP.js on the examples (English and Chinese models side by side).
 * @example
 * const peer = await trainNlpjs(examples);
 * (await peer.classify('hello', 'en')).intent; // 'greet'
 */
export async function trainNlpjs(examples: readonly Example[]): Promise<NlpjsPeer> {
  const require = createRequire(import.meta.url);
  // NLP.js's Chinese dictionary announces itself with console.log; keep stdout clean for `--json` reports.
  const log = console.log;
  console.log = (...parts: unknown[]) => process.stderr.write(`${parts.join(' ')}\n`);
  let manager: NlpManagerLike;
  try {
    const { NlpManager } = require('node-nlp') as { NlpManager: new (options: object) => NlpManagerLike };
    manager = new NlpManager({
      languages: [...new Set(examples.map((e) => e.language))],
      forceNER: false,
      autoSave: false,
      autoLoad: false,
      nlu: { log: false },
    });
    for (const e of examples) if (e.text.trim()) manager.addDocument(e.language, e.text, e.intent);
    await manager.train();
  } finally {
    console.log = log;
  }
  return {
    async classify(text, language) {
      const result = await manager.nlp.nluManager.process(language, text);
      const intent = (result.intent === 'None' ? 'out_of_scope' : result.intent) as Intent;
      return { intent, score: result.score ?? 0 };
    },
  };
}
