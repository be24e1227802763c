/** The restyle step: the optional LLM rewrite of the rendered text (`nlg/llm.ts`), which falls back to the draft. */
import type { Intent, Language, Profile, Tone } from '../../types.ts';
import type { ActionResult, EngineDeps } from '../context.ts';

/** What the restyler may know about the shopper: what they told the bot about themselves, nothing else. */
function preferencesOf(profile: Profile): Partial<Profile> {
  return {
    gender: profile.gender,
    likedColors: profile.likedColors,
    dislikedColors: profile.dislikedColors,
    dislikedMaterials: profile.dislikedMaterials,
    styles: profile.styles,
    budgetMax: profile.budgetMax,
    currency: profile.currency,
    sizes: profile.sizes,
  };
}

/** A rendered reply ready for restyling. */
export interface Draft {
  text: string;
  result: ActionResult;
  intent: Intent;
  language: Language;
  tone: Tone;
  profile: Profile;
}

/**
 * The reply text: restyled when an LLM is configured, else the draft as rendered.
 * @example
 * const text = await restyled(deps, { text, result, intent, language: 'en', tone: 'friendly', profile });
 */
export async function restyled(deps: EngineDeps, draft: Draft): Promise<string> {
  if (!deps.restyle) return draft.text;
  return deps.restyle({
    text: draft.text,
    items: (draft.result.items ?? []).map((s) => s.item),
    intent: draft.intent,
    language: draft.language,
    tone: draft.tone,
    preferences: preferencesOf(draft.profile),
  });
}
