/** The `Reply` of a turn, built from what the action returned and the rendered text; and the replies of no turn. */
import { renderSay } from '../../nlg/render.ts';
import type { ErasureTarget } from '../../privacy/erasure-ledger.ts';
import type { Intent, Language, Parse, Reply, ReplyItem, ScoredItem, Signal } from '../../types.ts';
import type { ActionResult, EngineDeps } from '../context.ts';
import type { Decision } from '../decision.ts';
import { erasurePendingSay } from '../erasure.ts';
import { explainSignals } from '../present.ts';

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

const toReplyItem = (s: ScoredItem): ReplyItem => ({
  id: s.item.id,
  name: s.item.name,
  score: round4(s.score),
  price: s.item.price,
  colors: s.item.colors,
  articleType: s.item.articleType,
  signals: s.signals,
});

/** "Chosen because …": the main reasons behind what was shown, in the reply's language. */
function explanationOf(signals: readonly Signal[] | undefined, language: Language): string | undefined {
  const reasons = signals?.length ? explainSignals(signals, 4, language) : [];
  if (reasons.length === 0) return undefined;
  return language === 'zh' ? `推荐理由：${reasons.join('；')}。` : `Chosen because ${reasons.join('; ')}.`;
}

/** The intents a refinement is served as. */
const SHOPPING = new Set<Intent>(['product_search', 'outfit_request']);

/**
 * The reply of a turn. A refinement keeps the intent `refine` even when served as the request it refines (a search
 * or looks); a short message that continues another topic ("for men?" after trends) has that topic's intent.
 * @example
 * buildReply(parse, decision, result, 'Here are 5 jackets…', 'en')
 */
export function buildReply(
  parse: Parse,
  decision: Decision,
  result: ActionResult,
  text: string,
  language: Language,
): Reply {
  return {
    text,
    intent: parse.intent === 'refine' && SHOPPING.has(decision.intent) ? 'refine' : decision.intent,
    confidence: round4(parse.confidence),
    slots: decision.slots,
    items: (result.items ?? []).map(toReplyItem),
    outfits: (result.outfits ?? []).map((o) => ({
      items: o.items.map(toReplyItem),
      score: round4(o.score),
      explanation: o.explanation,
    })),
    explanation: explanationOf(result.signals, language),
    chart: result.chart,
    attachment: result.attachment,
    private: result.private ?? false,
    actionable: (result.items?.length ?? 0) > 0,
    language,
  };
}

/** Answers a turn that must wait for an erasure; the turn is neither saved nor logged. */
export function erasurePendingReply(deps: EngineDeps, pending: readonly ErasureTarget[], language: Language): Reply {
  const { text } = renderSay([erasurePendingSay(pending, language)], deps.templates, {
    language,
    tone: 'friendly',
    random: deps.random,
  });
  return {
    text,
    intent: 'privacy_forget',
    confidence: 1,
    slots: {},
    items: [],
    outfits: [],
    private: true,
    actionable: false,
  };
}

/** The polite answer of a turn that failed. */
export function failureReply(deps: EngineDeps): Reply {
  const { text } = deps.templates.render('error', {}, { language: 'en', tone: 'friendly', random: deps.random });
  return {
    text,
    intent: 'out_of_scope',
    confidence: 0,
    slots: {},
    items: [],
    outfits: [],
    private: false,
    actionable: false,
  };
}
