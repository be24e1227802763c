import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { parseTemplates, Templates } from '../../src/nlg/templates.ts';
import type { Language, Tone } from '../../src/types.ts';
import { seededRandom } from '../../src/util/random.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';

const PROMPTS = path.join(projectRoot, 'prompts');
const read = (language: Language, tone: Tone) =>
  parseTemplates(readFileSync(path.join(PROMPTS, language, `${tone}.md`), 'utf8'), `${language}/${tone}.md`);
const variablesOf = (variants: string[]) =>
  [...new Set(variants.flatMap((v) => [...v.matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].sort();

/** Keys a shopper sees often: their wording must vary from one reply to the next. */
const COMMON = [
  'greeting',
  'items_intro',
  'outfits_intro',
  'updated_items_intro',
  'more_like_intro',
  'feedback_positive',
  'feedback_negative',
  'saved',
  'preference_saved',
  'explain_intro',
  'compare_intro',
];

describe('tone files', () => {
  const reference = read('en', 'friendly');
  const files = (['en', 'zh'] as const).flatMap((language) =>
    (['concise', 'editorial'] as const).map((tone) => [language, tone] as const),
  );

  it.each(files)('%s/%s has every key, the same variables, and two variants of the common ones', (language, tone) => {
    const set = read(language, tone);
    expect([...set.keys()].sort()).toEqual([...reference.keys()].sort());
    for (const [key, variants] of set) {
      // No variable is invented, and no fact that every reference variant gives is dropped.
      const allowed = variablesOf(reference.get(key)!);
      const required = allowed.filter((v) => reference.get(key)!.every((r) => r.includes(`{${v}}`)));
      for (const variant of variants) {
        const used = variablesOf([variant]);
        expect(
          used.filter((v) => !allowed.includes(v)),
          `${key}: ${variant}`,
        ).toEqual([]);
        expect(
          required.filter((v) => !used.includes(v)),
          `${key}: ${variant}`,
        ).toEqual([]);
      }
    }
    for (const key of COMMON) expect(set.get(key)!.length, key).toBeGreaterThanOrEqual(2);
  });

  it('gives each tone its own words', () => {
    const templates = Templates.load(PROMPTS);
    for (const language of ['en', 'zh'] as const) {
      for (const key of COMMON) {
        const friendly = new Set(templates.variants(key, language, 'friendly'));
        for (const tone of ['concise', 'editorial'] as const) {
          for (const variant of templates.variants(key, language, tone))
            expect(friendly.has(variant), variant).toBe(false);
        }
      }
    }
    // concise really is shorter, on average, than editorial
    const mean = (language: Language, tone: Tone) => {
      const all = [...read(language, tone).values()].flat();
      return all.reduce((sum, v) => sum + v.length, 0) / all.length;
    };
    for (const language of ['en', 'zh'] as const) {
      expect(mean(language, 'concise')).toBeLessThan(mean(language, 'friendly'));
      expect(mean(language, 'concise')).toBeLessThan(mean(language, 'editorial'));
    }
  });

  it('fills every variant of every file without a leftover placeholder', () => {
    const templates = Templates.load(PROMPTS);
    const vars = new Proxy({} as Record<string, string>, { get: (_, name) => `<${String(name)}>` });
    const random = seededRandom(3);
    for (const language of ['en', 'zh'] as const) {
      for (const tone of ['friendly', 'concise', 'editorial'] as const) {
        for (const key of read('en', 'friendly').keys()) {
          const count = templates.variants(key, language, tone).length;
          for (let avoid = 0; avoid < count; avoid++) {
            const { text } = templates.render(key, vars, { language, tone, random, avoid });
            expect(text).not.toMatch(/\{\w+\}/);
          }
        }
      }
    }
  });
});

describe('varied wording through the engine', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({ seed: 11 });
  }, 120_000);
  afterAll(() => bot.close());

  it.each([
    ['en', 'friendly', 'white shirts for men'],
    ['en', 'concise', 'white shirts for men'],
    ['en', 'editorial', 'white shirts for men'],
    ['zh', 'friendly', '给我找白色衬衫，男款'],
    ['zh', 'editorial', '给我找白色衬衫，男款'],
  ] as const)(
    'two identical %s/%s requests in a row get different intros and the same items',
    async (language, tone, request) => {
      const user = `test:${language}-${tone}`;
      const prefs = { en: 'speak English', zh: '说中文' }[language];
      await bot.send(prefs, user);
      const toneRequest = { friendly: 'be friendly', concise: 'be brief', editorial: 'more detail please' }[tone];
      await bot.send(toneRequest, user);
      const state = await bot.deps().store.load(user);
      expect(state.profile.tone).toBe(tone);
      expect(state.profile.language).toBe(language);
      const first = await bot.send(request, user);
      const second = await bot.send(request, user);
      expect(first.items.length).toBeGreaterThan(0);
      expect(second.items.map((i) => i.id)).toEqual(first.items.map((i) => i.id));
      const intro = (text: string) => text.split('\n')[0];
      expect(intro(second.text)).not.toBe(intro(first.text));
      const templates = Templates.load(PROMPTS);
      const known = templates.variants('items_intro', language, tone).map((v) => v.split('{')[0]!);
      for (const reply of [first, second])
        expect(known.some((start) => intro(reply.text)!.startsWith(start))).toBe(true);
    },
  );
});
