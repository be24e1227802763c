/** Preferences the user states, and "why?" explanations. */
import { listOf, term } from '../../nlg/lexicon.ts';
import type { Language, Slots } from '../../types.ts';
import type { Action } from '../context.ts';
import type { StateEvent } from '../events.ts';
import { forgottenPreferences } from '../forgotten.ts';
import { explainSignals } from '../present.ts';

const TONE_ZH: Record<NonNullable<Slots['tone']>, string> = { friendly: '亲切', concise: '简洁', editorial: '杂志' };

/** The phrases that name a preference (to confirm it, or to list what is kept), in the reply's language. */
export const phrases = (language: Language) =>
  language === 'zh'
    ? {
        dislike: (what: string) => `不要${what}`,
        like: (what: string) => `你喜欢${what}`,
        department: (gender: string) => term('gender', gender, 'zh'),
        size: (size: string, kind: string) =>
          `${kind === 'clothing' ? '' : term('articleType', kind, 'zh')}尺码 ${size}`,
        budget: (max: number, currency: string) => `预算 ${max} ${currency}`,
        style: (style: string) => `${style}风格`,
        tone: (tone: NonNullable<Slots['tone']>) => `${TONE_ZH[tone]}语气`,
        trendOptIn: '你的趋势分享选择',
        separator: '，',
      }
    : {
        dislike: (what: string) => `no ${what}`,
        like: (what: string) => `you like ${what}`,
        department: (gender: string) => `${gender}'s department`,
        size: (size: string, kind: string) => `size ${size}${kind === 'clothing' ? '' : ` for ${kind}`}`,
        budget: (max: number, currency: string) => `a budget of ${max} ${currency}`,
        style: (style: string) => `${style} style`,
        tone: (tone: NonNullable<Slots['tone']>) => `${tone === 'editorial' ? 'an' : 'a'} ${tone} tone`,
        trendOptIn: 'your trend-sharing choice',
        separator: ', ',
      };

/** Turns the preference slots of a turn into events, with a phrase for each (in the language of the reply). */
export const setPreference: Action = ({ slots, parse, state }) => {
  const language = slots.language ?? state.profile.language ?? parse.language;
  const say = phrases(language);
  const events: StateEvent[] = [];
  const noted: string[] = [];
  for (const color of slots.exclude_color ?? []) {
    events.push({ type: 'color_disliked', color });
    noted.push(say.dislike(term('color', color, language)));
  }
  for (const color of slots.color ?? []) {
    events.push({ type: 'color_liked', color });
    noted.push(say.like(term('color', color, language)));
  }
  for (const material of slots.exclude_material ?? []) {
    events.push({ type: 'material_disliked', material });
    noted.push(say.dislike(term('material', material, language)));
  }
  if (slots.gender) {
    events.push({ type: 'gender_set', gender: slots.gender });
    noted.push(say.department(slots.gender));
  }
  if (slots.size) {
    const kind = slots.category ?? 'clothing';
    events.push({ type: 'size_set', kind, size: slots.size });
    noted.push(say.size(slots.size, kind));
  }
  if (slots.budget_max !== undefined) {
    events.push({ type: 'budget_set', max: slots.budget_max, currency: slots.currency ?? 'EUR' });
    noted.push(say.budget(slots.budget_max, slots.currency ?? 'EUR'));
  }
  if (slots.style) {
    events.push({ type: 'style_added', style: slots.style });
    noted.push(say.style(slots.style));
  }
  if (slots.tone) {
    events.push({ type: 'tone_set', tone: slots.tone });
    noted.push(say.tone(slots.tone));
  }
  if (slots.language) {
    events.push({ type: 'language_set', language: slots.language });
    noted.push(slots.language === 'zh' ? '中文' : 'English');
  }
  const consent = parse.slots.trend_consent;
  if (consent) {
    events.push({ type: 'trend_opt_in', on: consent === 'opt_in' });
    noted.push(say.trendOptIn);
  }
  if (events.length === 0) return { events, say: [{ key: 'preference_unclear' }] };
  // The confirmation names what is now kept (sizes, budget, tastes): for the shopper's eyes only.
  return { events, say: [{ key: 'preference_saved', vars: { what: noted.join(say.separator) } }], private: true };
};

/** Forgets the preferences the message names only: the rest of the profile, the wishlist and the history stay. */
export const forgetPreferences: Action = ({ slots, parse, state }) => {
  const forgotten = forgottenPreferences(parse) ?? { colors: [], materials: [], sizes: false };
  const language = slots.language ?? state.profile.language ?? parse.language;
  const events: StateEvent[] = [
    ...forgotten.colors.map((color): StateEvent => ({ type: 'color_forgotten', color })),
    ...forgotten.materials.map((material): StateEvent => ({ type: 'material_forgotten', material })),
    ...(forgotten.sizes ? [{ type: 'sizes_forgotten' } as const] : []),
  ];
  const named = [
    ...forgotten.colors.map((color) => term('color', color, language)),
    ...forgotten.materials.map((material) => term('material', material, language)),
    ...(forgotten.sizes ? [language === 'zh' ? '尺码' : 'sizes'] : []),
  ];
  return { events, say: [{ key: 'preference_forgotten', vars: { what: listOf(named, language) } }], private: true };
};

export const explain: Action = ({ state, parse }) => {
  // "differs from the suggestions before it" orders the list; it is not a reason to wear anything.
  const signals = state.session.lastSignals.filter((s) => s.name !== 'diversity');
  const reasons = explainSignals(signals, 4, state.profile.language ?? parse.language);
  if (reasons.length === 0) return { events: [], say: [{ key: 'explain_nothing' }] };
  return {
    events: [],
    say: [{ key: 'explain_intro' }, { lines: reasons.map((r) => `• ${r}`) }],
    signals: state.session.lastSignals,
  };
};
