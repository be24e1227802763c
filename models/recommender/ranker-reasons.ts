/**
 * Why the no-feedback ranker put an item high: its features' contributions to the score, grouped by the signal
 * they stand for (co-purchase, own purchases and variants, content, popularity).
 */
import type { Signal } from '../../src/types.ts';
import { FEATURES } from './candidates.ts';
import { type RankerWeights, rankerContributions } from './ranker.ts';

/** Which signal each ranking feature stands for in explanations (customer-level features explain no item). */
const FEATURE_SIGNALS: Partial<Record<(typeof FEATURES)[number], { signal: Signal['name']; detail: string }>> = {};
const SIGNAL_GROUPS: [Signal['name'], string, (typeof FEATURES)[number][]][] = [
  [
    'collaborative',
    'often bought together with items you liked',
    [
      'copurchase_sum',
      'copurchase_max',
      'log_copurchase_count',
      'copurchase_recency',
      'log_copurchase_rank',
      'copurchase_last_day',
    ],
  ],
  [
    'feedback',
    'an item you liked or saved, or a colour variant of one',
    [
      'bought',
      'log_units',
      'bought_last_day',
      'recency',
      'own_online_share',
      'own_days_since',
      'own_log_paid_ratio',
      'log_variants',
      'variant_recency',
    ],
  ],
  [
    'content',
    'similar to items you liked (learned item vectors)',
    [
      'embedding_max',
      'embedding_mean',
      'embedding_recent',
      'same_type_share',
      'same_index_share',
      'same_department_share',
      'same_colour_share',
    ],
  ],
  [
    'popularity',
    'selling well right now',
    [
      'log_pop_last_day',
      'log_pop_last_3_days',
      'log_pop_all',
      'popularity_trend',
      'log_item_age',
      'log_type_rank',
      'item_repeat_rate',
      'type_repeat_rate',
      'item_online_share',
      'log_price_ratio',
    ],
  ],
];
for (const [signal, detail, names] of SIGNAL_GROUPS)
  for (const name of names) FEATURE_SIGNALS[name] = { signal, detail };

/** The signals that raised one item's ranker score: its feature contributions grouped by signal, positive ones. */
export function explain(ranker: RankerWeights, x: Float32Array): Signal[] {
  const parts = rankerContributions(ranker, x);
  const sums = new Map<Signal['name'], { weight: number; detail: string }>();
  FEATURES.forEach((name, i) => {
    const group = FEATURE_SIGNALS[name];
    if (!group) return;
    const entry = sums.get(group.signal) ?? { weight: 0, detail: group.detail };
    entry.weight += parts[i] ?? 0;
    sums.set(group.signal, entry);
  });
  const signals: Signal[] = [];
  // the reasons an item ranks high: signals that raised its score above an average candidate's
  for (const [name, { weight, detail }] of sums) if (weight > 1e-3) signals.push({ name, weight, detail });
  return signals;
}
