/** `/forget` and `/export`: the user's right to erasure and to their data. */
import { listOf, term } from '../../nlg/lexicon.ts';
import type { Action, ActionResult, TurnContext } from '../context.ts';

export const forget: Action = () => ({ events: [{ type: 'user_erased' }], say: [{ key: 'forgotten' }], private: true });

/** "What do you know about me?" asks for an overview; "export my data" for the file. */
const ASKS_WHAT_IS_KEPT =
  /\bwhat (do|did|else do) you (know|remember|keep|have|store)\b|你(都)?(知道|记得|存了)(我)?(什么|哪些)/i;

export const exportData: Action = async (context) => {
  const { state, deps, message, parse } = context;
  const turns = deps.log ? await deps.log.exportUser(message.userId) : [];
  if (ASKS_WHAT_IS_KEPT.test(parse.text)) return keptOverview(context, turns.length);
  const content = JSON.stringify({ profile: state.profile, session: state.session, turns }, null, 2);
  return {
    events: [],
    say: [{ key: 'exported', vars: { turns: turns.length } }],
    attachment: { filename: 'fashion-advisor-export.json', content },
    private: true,
  };
};

/** The profile in a few words: department, dislikes, sizes, saved items and logged messages; the file on request. */
function keptOverview({ state, parse }: TurnContext, turns: number): ActionResult {
  const { profile } = state;
  const language = profile.language ?? parse.language;
  const zh = language === 'zh';
  const colours = (list: string[]) =>
    listOf(
      list.map((c) => term('color', c, language)),
      language,
    );
  const parts = [
    profile.gender && (zh ? term('gender', profile.gender, 'zh') : `${profile.gender}'s department`),
    profile.likedColors.length > 0 &&
      (zh ? `喜欢${colours(profile.likedColors)}` : `you like ${colours(profile.likedColors)}`),
    profile.dislikedColors.length > 0 &&
      (zh ? `不要${colours(profile.dislikedColors)}` : `no ${colours(profile.dislikedColors)}`),
    profile.dislikedMaterials.length > 0 &&
      (zh
        ? `不要${listOf(
            profile.dislikedMaterials.map((m) => term('material', m, 'zh')),
            'zh',
          )}`
        : `no ${listOf(profile.dislikedMaterials, 'en')}`),
    ...Object.entries(profile.sizes).map(([kind, size]) =>
      zh ? `尺码 ${size}` : `size ${size}${kind === 'clothing' ? '' : ` for ${kind}`}`,
    ),
    profile.budgetMax !== undefined && (zh ? `预算 ${profile.budgetMax}` : `a budget of ${profile.budgetMax}`),
    profile.wishlist.length > 0 && (zh ? `收藏 ${profile.wishlist.length} 件` : `${profile.wishlist.length} saved`),
    profile.feedback.length > 0 && (zh ? `${profile.feedback.length} 次评价` : `${profile.feedback.length} ratings`),
  ].filter((part): part is string => typeof part === 'string' && part.length > 0);
  const summary = parts.length > 0 ? parts.join(zh ? '；' : '; ') : zh ? '还没有任何偏好' : 'no preferences yet';
  return { events: [], say: [{ key: 'kept_overview', vars: { summary, turns } }], private: true };
}
