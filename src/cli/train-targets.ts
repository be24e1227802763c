/**
 * The `train` targets, in the order `train all` runs them: a table of their own so that the first run
 * (`first-run.ts`, reached from `chat`) can train without importing the whole command registry.
 */
import { FLAGS } from './args.ts';
import type { CommandEntry } from './entry.ts';

const { data, seed } = FLAGS;

/** `fashion-advisor train <target>` (`all` runs every target in this order). */
export const TRAIN: Record<string, CommandEntry> = {
  nlu: {
    load: () => import('../nlu/cli.ts').then((m) => m.trainNlu),
    summary: 'train the intent parser',
    flags: { data },
  },
  recommender: {
    load: () => import('../../models/recommender/cli.ts').then((m) => m.trainRecommender),
    summary: 'train the recommender on the H&M purchases',
    flags: { data, seed },
  },
  trends: {
    load: () => import('../../models/trends/cli.ts').then((m) => m.trainTrends),
    summary: 'train the trend predictor',
    flags: {
      data,
      epochs: { type: 'string', description: 'training epochs' },
      'max-seconds': { type: 'string', description: 'stop training after this many seconds' },
    },
  },
  outfits: {
    load: () => import('../outfits/cli.ts').then((m) => m.trainOutfits),
    summary: 'train the outfit compatibility model on H&M baskets',
    flags: { data },
  },
};
