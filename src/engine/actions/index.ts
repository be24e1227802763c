/** Typed routing (STYLE §5): every intent has an action, or the compiler complains. */
import type { Intent } from '../../types.ts';
import type { Action } from '../context.ts';
import { advice } from './advice.ts';
import { goodbye, greet, help, outOfScope } from './conversation.ts';
import { compare, feedbackNegative, feedbackPositive, itemQuestion, saveItem } from './items.ts';
import { exportData, forget } from './privacy.ts';
import { explain, setPreference } from './profile.ts';
import { inspiration, outfitRequest, productSearch } from './shopping.ts';
import { trendQuery } from './trends.ts';

/** The action of each intent. `refine` is resolved by the policy into the request it refines. */
export const ACTIONS: Record<Intent, Action> = {
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
};
