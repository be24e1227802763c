/** Preferences the user states, and "why?" explanations. */
import type { Action } from '../context.ts';
import type { StateEvent } from '../events.ts';
import { explainSignals } from '../present.ts';

/** Turns the preference slots of a turn into events, with a phrase for each. */
export const setPreference: Action = ({ slots, parse }) => {
  const events: StateEvent[] = [];
  const noted: string[] = [];
  for (const color of slots.exclude_color ?? []) {
    events.push({ type: 'color_disliked', color });
    noted.push(`no ${color}`);
  }
  for (const color of slots.color ?? []) {
    events.push({ type: 'color_liked', color });
    noted.push(`you like ${color}`);
  }
  for (const material of slots.exclude_material ?? []) {
    events.push({ type: 'material_disliked', material });
    noted.push(`no ${material}`);
  }
  if (slots.gender) {
    events.push({ type: 'gender_set', gender: slots.gender });
    noted.push(`${slots.gender}'s department`);
  }
  if (slots.size) {
    const kind = slots.category ?? 'clothing';
    events.push({ type: 'size_set', kind, size: slots.size });
    noted.push(`size ${slots.size}${kind === 'clothing' ? '' : ` for ${kind}`}`);
  }
  if (slots.budget_max !== undefined) {
    events.push({ type: 'budget_set', max: slots.budget_max, currency: slots.currency ?? 'EUR' });
    noted.push(`a budget of ${slots.budget_max} ${slots.currency ?? 'EUR'}`);
  }
  if (slots.style) {
    events.push({ type: 'style_added', style: slots.style });
    noted.push(`${slots.style} style`);
  }
  if (slots.tone) {
    events.push({ type: 'tone_set', tone: slots.tone });
    noted.push(`a ${slots.tone} tone`);
  }
  if (slots.language) {
    events.push({ type: 'language_set', language: slots.language });
    noted.push(slots.language === 'zh' ? '中文' : 'English');
  }
  if (/\b(share|opt[- ]?in)\b.*\btrend/i.test(parse.text)) {
    events.push({ type: 'trend_opt_in', on: !/\b(don't|do not|stop|no)\b/i.test(parse.text) });
    noted.push('your trend-sharing choice');
  }
  if (events.length === 0) return { events, say: [{ key: 'preference_unclear' }] };
  return { events, say: [{ key: 'preference_saved', vars: { what: noted.join(', ') } }] };
};

export const explain: Action = ({ state }) => {
  const reasons = explainSignals(state.session.lastSignals);
  if (reasons.length === 0) return { events: [], say: [{ key: 'explain_nothing' }] };
  return {
    events: [],
    say: [{ key: 'explain_intro' }, { lines: reasons.map((r) => `• ${r}`) }],
    signals: state.session.lastSignals,
  };
};
