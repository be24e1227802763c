/** `/forget` and `/export`: the user's right to erasure and to their data. */
import { listOf, term } from '../../nlg/lexicon.ts';
import type { Action, ActionResult, TurnContext } from '../context.ts';
import { phrases } from './profile.ts';

export const forget: Action = () => ({ events: [{ type: 'user_erased' }], say: [{ key: 'forgotten' }], private: true });

export const exportData: Action = async (context) => {
  const { state, deps, message, parse } = context;
  const turns = deps.log ? await deps.log.exportUser(message.userId) : [];
  // "What do you know about me?" asks for an overview; "export my data" for the file.
  if (parse.slots.asks_what_is_kept) return keptOverview(context, turns.length);
  const content = JSON.stringify({ profile: state.profile, session: state.session, turns }, null, 2);
  return {
    events: [],
    say: [{ key: 'exported', vars: { turns: turns.length } }],
    attachment: { filename: 'fashion-advisor-export.json', content },
    private: true,
  };
};

/** The profile in a few words: department, tastes, sizes, budget, saved items and ratings; the file on request. */
function keptOverview({ state, parse }: TurnContext, turns: number): ActionResult {
  const { profile } = state;
  const language = profile.language ?? parse.language;
  const say = phrases(language);
  const zh = language === 'zh';
  const named = (kind: 'color' | 'material', values: string[]) =>
    listOf(
      values.map((value) => term(kind, value, language)),
      language,
    );
  const parts = [
    profile.gender && say.department(profile.gender),
    profile.likedColors.length > 0 && say.like(named('color', profile.likedColors)),
    profile.dislikedColors.length > 0 && say.dislike(named('color', profile.dislikedColors)),
    profile.dislikedMaterials.length > 0 && say.dislike(named('material', profile.dislikedMaterials)),
    ...Object.entries(profile.sizes).map(([kind, size]) => say.size(size, kind)),
    profile.budgetMax !== undefined && say.budget(profile.budgetMax, profile.currency ?? 'EUR'),
    profile.wishlist.length > 0 && (zh ? `收藏 ${profile.wishlist.length} 件` : `${profile.wishlist.length} saved`),
    profile.feedback.length > 0 && (zh ? `${profile.feedback.length} 次评价` : `${profile.feedback.length} ratings`),
  ].filter((part): part is string => typeof part === 'string' && part.length > 0);
  const summary = parts.length > 0 ? parts.join(zh ? '；' : '; ') : zh ? '还没有任何偏好' : 'no preferences yet';
  return { events: [], say: [{ key: 'kept_overview', vars: { summary, turns } }], private: true };
}
