/** The named actions (STYLE §5): every action the policy may name has one, or the compiler complains. */

import type { Action } from '../context.ts';
import type { ActionName } from '../decision.ts';
import { advice } from './advice.ts';
import { clarify, goodbye, greet, help, outOfScope } from './conversation.ts';
import { compare, feedbackNegative, feedbackPositive, itemQuestion, saveItem } from './items.ts';
import { inColor, moreLike, outfitAround, pairWith } from './pieces.ts';
import { exportData, forget } from './privacy.ts';
import { explain, forgetPreferences, setPreference } from './profile.ts';
import { inspiration, nextPage, outfitRequest, productSearch } from './shopping.ts';
import { trendQuery } from './trends.ts';

/** The action of each name. `refine` is resolved by the policy into the request it refines. */
export const ACTIONS: Record<ActionName, Action> = {
  greet,
  help,
  goodbye,
  outfit_request: outfitRequest,
  product_search: productSearch,
  refine: productSearch,
  item_question: itemQuestion,
  compare,
  save_item: saveItem,
  feedback_positive: feedbackPositive,
  feedback_negative: feedbackNegative,
  set_preference: setPreference,
  explain,
  trend_query: trendQuery,
  inspiration,
  privacy_forget: forget,
  privacy_export: exportData,
  out_of_scope: outOfScope,
  advice,
  pair_with: pairWith,
  more_like: moreLike,
  in_color: inColor,
  outfit_around: outfitAround,
  next_page: nextPage,
  forget_preferences: forgetPreferences,
  clarify,
};
