/**
 * `eval feedback`: does one 👍 transform the next list? On the H&M test day (2020-09-22), every customer who bought at
 * least 3 distinct articles reveals one of them (seeded) as a 👍; the next 12 are scored on the rest of that day's
 * articles (MAP@12, recall@12), for all such customers and for those with no training-day purchases (`cold`).
 * Second protocol: two 👍 (customers with 4+ articles). Third: a 👎 on a shown item, and how far it and its
 * near-duplicates drop. Methods in the same run: popularity, co-purchase neighbours of the liked articles
 * (+ popularity), content neighbours, the hybrid model without feedback and with it. The models use only the
 * training days; the feedback ranker learns by simulating the protocol on the last training day.
 */
import type { Clock, Logger } from '../../src/types.ts';
import { seededRandom } from '../../src/util/random.ts';
import { fillUp } from './baselines.ts';
import { fnv1a } from './content.ts';
import { type FeedbackContext, likeWeights, rankWithFeedback, statsNearDuplicate } from './feedback.ts';
import {
  type BaseModel,
  denseNeighbours,
  FEEDBACK_DAYS,
  FEEDBACK_DENSE,
  FEEDBACK_FIT,
  feedbackContext,
  fitFeedbackRanker,
  type ProtocolCase,
  protocolCases,
  type SimulatedDay,
  soldArticles,
} from './feedback-fit.ts';
import { type HybridData, snapshotOf } from './hybrid-data.ts';
import { sameKind } from './item-stats.ts';
import { averagePrecision } from './metrics.ts';
import { DEFAULT_OPTIONS, fitHybrid } from './pipeline.ts';
import type { Progress } from './progress.ts';
import type { Snapshot } from './snapshot.ts';

/** The test day, as in `eval recommender`. */
export const FEEDBACK_TEST_DATE = '2020-09-22';
/** List length. */
const K = 12;
/** Seed of the revealed likes and the shown item that gets the 👎. */
export const PROTOCOL_SEED = 2020;

/** Method names in the report. */
export const METHODS = {
  popularity: 'popularity',
  copurchase: 'copurchase+popularity',
  content: 'content-neighbours',
  model: 'hybrid-tfjs (no feedback)',
  feedback: 'hybrid-tfjs+feedback',
} as const;

/** MAP@12 and recall@12 of one method. */
export interface FeedbackMetrics {
  'map@12': number;
  'recall@12': number;
}

/** One population's results. */
export interface FeedbackPopulation {
  n: number;
  methods: Record<string, FeedbackMetrics>;
}

/** The report `eval feedback --json` prints. */
export interface FeedbackReport {
  protocol: string;
  k: number;
  model: string;
  populations: { all: FeedbackPopulation; cold: FeedbackPopulation };
  two_likes: FeedbackPopulation;
  dislike: {
    n: number;
    /** Mean places the 👎'd item moved down (from its place in the top 12 to its place in the new full ranking). */
    rank_drop: number;
    /** Share of cases where the 👎'd item left the top 12. */
    item_dropped: number;
    /** Share of cases where the item and every near-duplicate of it (same product, or same type and colour) left the top 12. */
    near_duplicates_dropped: number;
  };
  feedback_ranker: { trained_on: string; validation_map: number; epochs: number; cases: number };
  seconds: number;
}

/** Metrics of a list per case, averaged. */
function score(lists: readonly number[][], cases: readonly ProtocolCase[]): FeedbackMetrics {
  let map = 0;
  let recall = 0;
  cases.forEach((c, i) => {
    const list = (lists[i] ?? []).slice(0, K);
    map += averagePrecision(list, c.truth, K);
    let hits = 0;
    for (const a of list) if (c.truth.has(a)) hits++;
    recall += c.truth.size > 0 ? hits / c.truth.size : 0;
  });
  const n = Math.max(1, cases.length);
  return { 'map@12': map / n, 'recall@12': recall / n };
}

/** Content neighbours of liked articles: colour variants, type, colour, pattern, department and description words. */
class ContentNeighbours {
  private readonly pattern: Int32Array;
  private readonly wordIds: Int32Array[];

  constructor(
    private readonly data: HybridData,
    private readonly snapshot: Snapshot,
    private readonly sold: readonly number[],
  ) {
    const patterns = new Map<string, number>();
    const wordIndex = new Map<string, number>();
    const n = data.articles.ids.length;
    this.pattern = new Int32Array(n).fill(-1);
    this.wordIds = new Array(n);
    data.articles.tokens.forEach((tokens, a) => {
      const ids: number[] = [];
      for (const t of tokens) {
        if (t.startsWith('hm-pattern:')) {
          const id = patterns.get(t) ?? patterns.size;
          patterns.set(t, id);
          this.pattern[a] = id;
        } else if (t.startsWith('word:')) {
          const id = wordIndex.get(t) ?? wordIndex.size;
          wordIndex.set(t, id);
          ids.push(id);
        }
      }
      this.wordIds[a] = Int32Array.from(ids).sort();
    });
  }

  private words(a: number, b: number): number {
    const x = this.wordIds[a] ?? NO_WORDS;
    const y = this.wordIds[b] ?? NO_WORDS;
    let i = 0;
    let j = 0;
    let common = 0;
    while (i < x.length && j < y.length) {
      if (x[i] === y[j]) {
        common++;
        i++;
        j++;
      } else if ((x[i] ?? 0) < (y[j] ?? 0)) i++;
      else j++;
    }
    const union = x.length + y.length - common;
    return union > 0 ? common / union : 0;
  }

  recommend(likes: readonly number[], k: number): number[] {
    const s = this.snapshot;
    const code = this.data.articles.productCode;
    const weights = likeWeights(likes.length);
    const liked = new Set(likes);
    const scored: [number, number][] = [];
    for (const a of this.sold) {
      if (liked.has(a)) continue;
      let total = 0;
      likes.forEach((l, n) => {
        let v = 0;
        if (code[a] === code[l]) v += 4;
        if (sameKind(s.type, a, l)) v += 2;
        if (sameKind(s.color, a, l)) v += 1;
        if ((this.pattern[a] ?? -1) >= 0 && this.pattern[a] === this.pattern[l]) v += 0.5;
        if (sameKind(s.department, a, l)) v += 1;
        if (v >= 2) v += 2 * this.words(a, l);
        total += (weights[n] ?? 0) * v;
      });
      if (total > 0) scored.push([total, a]);
    }
    const recency = (a: number) => s.recency[a] ?? 0;
    scored.sort((x, y) => y[0] - x[0] || recency(y[1]) - recency(x[1]) || x[1] - y[1]);
    return fillUp(
      scored.slice(0, k).map(([, a]) => a),
      s.popular.filter((a) => !liked.has(a)),
      k,
    );
  }
}

/** The words of an article without any. */
const NO_WORDS = new Int32Array(0);

/** Every method's lists for a set of cases. */
function methodLists(
  cases: readonly ProtocolCase[],
  snapshot: Snapshot,
  content: ContentNeighbours,
  context: FeedbackContext,
  dense: (likes: readonly number[]) => number[],
): Record<string, number[][]> {
  const lists = { popularity: [] as number[][], copurchase: [] as number[][], content: [] as number[][] };
  const model: number[][] = [];
  const feedback: number[][] = [];
  for (const c of cases) {
    const liked = new Set(c.likes);
    const popular = snapshot.popular.filter((a) => !liked.has(a));
    const history = snapshot.histories.get(c.customer) ?? [];
    lists.popularity.push(popular.slice(0, K));
    const likePurchases = c.likes.map((article) => ({ article, count: 1, lastDay: snapshot.day - 1 }));
    lists.copurchase.push(fillUp(snapshot.co.recommendByCount(likePurchases, K, snapshot.recency), popular, K));
    lists.content.push(content.recommend(c.likes, K));
    model.push(rankWithFeedback(context, { history, likes: [] }, K));
    feedback.push(rankWithFeedback(context, { history, likes: c.likes }, K, undefined, dense(c.likes)));
  }
  return {
    [METHODS.popularity]: lists.popularity,
    [METHODS.copurchase]: lists.copurchase,
    [METHODS.content]: lists.content,
    [METHODS.model]: model,
    [METHODS.feedback]: feedback,
  };
}

function population(cases: readonly ProtocolCase[], lists: Record<string, number[][]>, keep: boolean[]) {
  const chosen = cases.filter((_, i) => keep[i]);
  const methods: Record<string, FeedbackMetrics> = {};
  for (const [name, all] of Object.entries(lists))
    methods[name] = score(
      all.filter((_, i) => keep[i]),
      chosen,
    );
  return { n: chosen.length, methods };
}

/**
 * The 👎 protocol: for each case, one of the top 12 shown after the like (seeded) gets a 👎; where does it land in
 * the new ranking, and do it and its near-duplicates leave the top 12?
 */
function dislikeProtocol(
  cases: readonly ProtocolCase[],
  snapshot: Snapshot,
  context: FeedbackContext,
  dense: (likes: readonly number[]) => number[],
): FeedbackReport['dislike'] {
  const near = statsNearDuplicate(snapshot);
  let drop = 0;
  let itemGone = 0;
  let allGone = 0;
  let n = 0;
  for (const c of cases) {
    const history = snapshot.histories.get(c.customer) ?? [];
    const extra = dense(c.likes);
    const before = rankWithFeedback(context, { history, likes: c.likes }, K, undefined, extra);
    if (before.length === 0) continue;
    const random = seededRandom(fnv1a(`dislike:${PROTOCOL_SEED}:${c.customer}`));
    const shown = Math.floor(random.next() * before.length);
    const disliked = before[shown];
    if (disliked === undefined) continue;
    const after = rankWithFeedback(
      context,
      { history, likes: c.likes, dislikes: [disliked] },
      Number.POSITIVE_INFINITY,
      undefined,
      extra,
    );
    const place = after.indexOf(disliked);
    drop += (place < 0 ? after.length : place) - shown;
    const top = after.slice(0, K);
    if (!top.includes(disliked)) itemGone++;
    if (!top.some((a) => near(a, disliked))) allGone++;
    n++;
  }
  return {
    n,
    rank_drop: n > 0 ? drop / n : 0,
    item_dropped: n > 0 ? itemGone / n : 0,
    near_duplicates_dropped: n > 0 ? allGone / n : 0,
  };
}

/** Hooks of the evaluation. */
export interface FeedbackEvalHooks {
  logger: Logger;
  clock: Clock;
  progress?: (stage: string, epochs: number) => Progress;
  /** Fits (or returns a cached) no-feedback model on days `[0, lastDay]`. */
  fitBase?: (lastDay: number) => Promise<BaseModel>;
}

/**
 * Runs the benchmark. Throws when the data lacks the test day or the two days before it.
 * @example
 * const report = await evaluateFeedback(loadHybridData(dir), { logger, clock });
 */
export async function evaluateFeedback(data: HybridData, hooks: FeedbackEvalHooks): Promise<FeedbackReport> {
  const started = hooks.clock.now();
  const t = data.transactions;
  const testDay = t.dates.indexOf(FEEDBACK_TEST_DATE);
  if (testDay < 2)
    throw new Error(
      `eval feedback: the transactions need purchases on ${FEEDBACK_TEST_DATE} and on two days before it (found ${t.dates.join(', ')})`,
    );
  const fitBase =
    hooks.fitBase ??
    (async (lastDay: number): Promise<BaseModel> => {
      const model = await fitHybrid(data, lastDay, DEFAULT_OPTIONS, hooks);
      return { ranker: model.ranker, vectors: model.vectors, dim: model.options.dim };
    });
  // learn to combine the signals on the last training days, each predicted from the days before it
  const trainDay = testDay - 1;
  const firstTrainDay = Math.max(1, testDay - FEEDBACK_DAYS);
  const days: SimulatedDay[] = [];
  for (let day = firstTrainDay; day <= trainDay; day++)
    days.push({ snapshot: snapshotOf(data, day), model: await fitBase(day - 1) });
  const fitted = await fitFeedbackRanker(data, days, FEEDBACK_FIT, hooks);
  hooks.logger.info('eval feedback: feedback ranker fitted', { validationMap: fitted.map, epochs: fitted.epochs });
  const model = await fitBase(testDay - 1);
  const snapshot = snapshotOf(data, testDay);
  const context = feedbackContext(snapshot, model, fitted.weights);
  const sold = soldArticles(snapshot);
  const dense = (likes: readonly number[]) => denseNeighbours(model.vectors, model.dim, sold, likes, FEEDBACK_DENSE);
  const content = new ContentNeighbours(data, snapshot, sold);
  const one = protocolCases(data, testDay, 3, 1, PROTOCOL_SEED);
  const lists = methodLists(one, snapshot, content, context, dense);
  const cold = one.map((c) => !snapshot.histories.has(c.customer));
  const two = protocolCases(data, testDay, 4, 2, PROTOCOL_SEED);
  const twoLists = methodLists(two, snapshot, content, context, dense);
  // the same customers and the same remaining articles, had they given only the first of the two likes
  twoLists[`${METHODS.feedback} (first like only)`] = two.map((c) =>
    rankWithFeedback(
      context,
      { history: snapshot.histories.get(c.customer) ?? [], likes: c.likes.slice(0, 1) },
      K,
      undefined,
      dense(c.likes.slice(0, 1)),
    ),
  );
  return {
    protocol: `H&M; models use ${t.dates[0]}..${t.dates[testDay - 1]}; test ${FEEDBACK_TEST_DATE}: customers with 3+ distinct articles reveal one (seeded) as a like, the next ${K} are scored on the rest; two_likes: 4+ articles, two likes; dislike: one of the ${K} shown gets a dislike; the feedback ranker learned on ${t.dates.slice(firstTrainDay, trainDay + 1).join(', ')}, each from the days before it`,
    k: K,
    model: METHODS.feedback,
    populations: {
      all: population(
        one,
        lists,
        one.map(() => true),
      ),
      cold: population(one, lists, cold),
    },
    two_likes: population(
      two,
      twoLists,
      two.map(() => true),
    ),
    dislike: dislikeProtocol(one, snapshot, context, dense),
    feedback_ranker: {
      trained_on: t.dates.slice(firstTrainDay, trainDay + 1).join(','),
      validation_map: fitted.map,
      epochs: fitted.epochs,
      cases: fitted.cases,
    },
    seconds: (hooks.clock.now() - started) / 1000,
  };
}
