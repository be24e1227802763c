/**
 * An A/B experiment to run the bot under, for benchmarks and tests that need experiments on (exposures, outcomes,
 * their erasure): three suggestions against five, from a date long past, judged on 👍.
 */

/** The experiment's definition, as it stands in an experiments file. */
export const LIST_SIZE_EXPERIMENT = {
  name: 'list-size',
  start: '2020-01-01T00:00:00Z',
  primaryMetric: 'positive',
  arms: [
    { name: 'three', weight: 1, params: { suggestions: 3 } },
    { name: 'five', weight: 1, params: { suggestions: 5 } },
  ],
};
