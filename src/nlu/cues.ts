/**
 * Intent cue words: hand-picked words and their synonyms that hint at an intent ("why" → explanation, "wipe" →
 * erasure), read from the per-language cue files (`data/nlu/cues/*.json`, see `language-files.ts`). They become
 * classifier features, so that an utterance using a synonym never seen in the training data still lands near the
 * right intent. The classifier learns how much each cue counts.
 */
import { type CueFile, cueFiles } from './language-files.ts';

const WORD_FILES = cueFiles().filter((f) => f.match === 'words');
const CHARACTER_FILES = cueFiles().filter((f) => f.match === 'characters');

/** Word → its cue classes, over every language matched by words. */
const WORD_INDEX = new Map<string, string[]>();
for (const file of WORD_FILES) {
  for (const [cue, words] of Object.entries(file.cues)) {
    for (const w of words) {
      const list = WORD_INDEX.get(w) ?? [];
      if (!list.includes(cue)) list.push(cue);
      WORD_INDEX.set(w, list);
    }
  }
}

/** (substring, cue class) pairs of the languages matched by characters. */
const CHARACTER_LIST = CHARACTER_FILES.flatMap((file) =>
  Object.entries(file.cues).flatMap(([cue, words]) => words.map((w) => [w, cue] as const)),
);

const INFLECTIONS = WORD_FILES.flatMap((file) => file.inflections ?? []);

/** Cue classes of an inflected form ("deleted", "erased", "saving", "compares") through its base form. */
function cueOfInflected(form: string): readonly string[] {
  if (form.length < 5) return [];
  for (const [suffix, base] of INFLECTIONS) {
    if (!form.endsWith(suffix)) continue;
    const found = WORD_INDEX.get(form.slice(0, -suffix.length) + base);
    if (found) return found;
  }
  return [];
}

type Together = { cue: string; lists: ReadonlySet<string>[] };
const together = (file: CueFile): Together[] =>
  Object.entries(file.together ?? {}).map(([cue, lists]) => ({ cue, lists: lists.map((l) => new Set(l)) }));
const WORD_TOGETHER = WORD_FILES.flatMap(together);
const CHARACTER_TOGETHER = CHARACTER_FILES.flatMap(together);

/**
 * Cue classes present in an utterance (word forms and Chinese substrings), as classifier features. Some classes need a
 * word of several lists at once: "count my questions in the trends", 可以把我的提问算进趋势统计 (consent to the trend
 * statistics, a preference rather than a question about trends).
 * @example
 * intentCues(['wipe', 'my', 'stuff'], ''); // ['cue:forget', 'cue:preference']
 */
export function intentCues(forms: readonly string[], chinese: string): string[] {
  const out = new Set<string>();
  for (const form of forms) for (const cue of WORD_INDEX.get(form) ?? cueOfInflected(form)) out.add(`cue:${cue}`);
  if (chinese) for (const [word, cue] of CHARACTER_LIST) if (chinese.includes(word)) out.add(`cue:${cue}`);
  for (const { cue, lists } of WORD_TOGETHER) {
    if (lists.every((list) => forms.some((f) => list.has(f)))) out.add(`cue:${cue}`);
  }
  if (chinese) {
    for (const { cue, lists } of CHARACTER_TOGETHER) {
      if (lists.every((list) => [...list].some((w) => chinese.includes(w)))) out.add(`cue:${cue}`);
    }
  }
  return [...out];
}

/** True when a word (of a language matched by words) is one of the cue words. */
export function isCueWord(form: string): boolean {
  return WORD_INDEX.has(form);
}
