/**
 * The experiments report: per experiment and arm, exposures, users and the rate of every outcome with its Wilson
 * interval; per non-baseline arm, the difference to the baseline (arm − baseline) with Newcombe's interval; warnings
 * for small samples, a sample-ratio mismatch and users seen in more than one arm.
 *
 * Unit of analysis: the user. A rate is the share of an arm's users with at least one such outcome attributed to their
 * exposures in that arm. Users are independent, whereas the exposures of one user are correlated, so per-user rates
 * keep the intervals honest. A user seen in two arms of one experiment (the split changed while it ran) is excluded
 * from that experiment and counted in `excludedUsers`.
 *
 * Intervals: 95% continuity-corrected Wilson intervals per rate and Newcombe's hybrid score interval with continuity
 * correction (Newcombe 1998, method 11) for differences. The correction keeps the coverage at or above 95% instead of
 * around it (an A/A experiment's interval contains 0 in at least 95% of runs), at the price of slightly wider intervals.
 *
 * "abandoned": an exposure that showed items, followed by no other turn and no outcome of that user within
 * `abandonAfterMinutes`, decided at report time from the timestamps (exposures younger than that are not judged yet),
 * plus any `abandoned` outcome the engine recorded explicitly.
 */
import {
  type ArmParams,
  type Experiment,
  type ExperimentsConfig,
  OUTCOME_TYPES,
  type OutcomeType,
} from './definitions.ts';
import {
  type Difference,
  newcombeDifference,
  type Proportion,
  type SampleRatioTest,
  sampleRatioTest,
  wilson,
} from './stats.ts';
import type { ExperimentStore } from './store.ts';

/** How the intervals are computed. */
export const METHOD = 'wilson-cc; difference: newcombe-cc (Newcombe 1998, method 11)';

/** A sample-ratio-mismatch p-value below this raises a warning. */
export const SRM_ALPHA = 0.001;

export interface ArmReport {
  name: string;
  /** Configured share of traffic, 0…1. */
  share: number;
  params: ArmParams;
  exposures: number;
  users: number;
  /** Per outcome type: users with at least one such outcome, out of `users`, with a 95% Wilson interval. */
  rates: Record<OutcomeType, Proportion>;
}

export interface ComparisonReport {
  arm: string;
  baseline: string;
  /** Per outcome type: rate(arm) − rate(baseline) with a 95% Newcombe interval. */
  differences: Record<OutcomeType, Difference>;
}

export interface ExperimentReport {
  name: string;
  description?: string;
  status: 'scheduled' | 'running' | 'stopped';
  start: string;
  stop?: string;
  primaryMetric: OutcomeType;
  baseline: string;
  arms: ArmReport[];
  comparisons: ComparisonReport[];
  sampleRatio: SampleRatioTest & { mismatch: boolean };
  /** Users seen in more than one arm (excluded from the figures). */
  excludedUsers: number;
  warnings: string[];
}

export interface ExperimentsReport {
  generatedAt: string;
  enabled: boolean;
  unit: 'user';
  confidence: 0.95;
  method: typeof METHOD;
  abandonAfterMinutes: number;
  experiments: ExperimentReport[];
  /** Experiments with stored exposures that the config file no longer lists. */
  unconfigured: string[];
}

/** The report when experiments are off. */
export function emptyReport(now: number): ExperimentsReport {
  return {
    generatedAt: new Date(now).toISOString(),
    enabled: false,
    unit: 'user',
    confidence: 0.95,
    method: METHOD,
    abandonAfterMinutes: 0,
    experiments: [],
    unconfigured: [],
  };
}

interface UserTally {
  arms: Set<string>;
  exposures: number;
  outcomes: Set<OutcomeType>;
}

/**
 * Builds the report from the stored exposures and outcomes.
 * @example
 * const report = await buildReport(store, loadExperimentsConfig(file), clock.now());
 * report.experiments[0].comparisons[0].differences.positive; // { difference: 0.04, low: 0.01, high: 0.07, … }
 */
export async function buildReport(
  store: ExperimentStore,
  config: ExperimentsConfig,
  now: number,
): Promise<ExperimentsReport> {
  const tallies = new Map<string, Map<string, UserTally>>();
  const tally = (experiment: string, pseudonym: string) => {
    const users = tallies.get(experiment) ?? new Map<string, UserTally>();
    tallies.set(experiment, users);
    const user = users.get(pseudonym) ?? { arms: new Set<string>(), exposures: 0, outcomes: new Set<OutcomeType>() };
    users.set(pseudonym, user);
    return user;
  };
  for (const row of await store.userArms()) {
    const user = tally(row.experiment, row.pseudonym);
    user.arms.add(row.arm);
    user.exposures += row.exposures;
  }
  const abandoned = await store.abandonedUsers(Math.round(config.abandonAfterMinutes * 60_000), now);
  for (const row of [
    ...(await store.userOutcomes()),
    ...abandoned.map((r) => ({ ...r, type: 'abandoned' as const })),
  ]) {
    tallies.get(row.experiment)?.get(row.pseudonym)?.outcomes.add(row.type);
  }
  const configured = new Set(config.experiments.map((e) => e.name));
  return {
    generatedAt: new Date(now).toISOString(),
    enabled: true,
    unit: 'user',
    confidence: 0.95,
    method: METHOD,
    abandonAfterMinutes: config.abandonAfterMinutes,
    experiments: config.experiments.map((e) => experimentReport(e, tallies.get(e.name) ?? new Map(), now)),
    unconfigured: [...tallies.keys()].filter((name) => !configured.has(name)).sort(),
  };
}

function experimentReport(experiment: Experiment, users: Map<string, UserTally>, now: number): ExperimentReport {
  const { byArm, excludedUsers, unknownArms } = usersByArm(experiment, users);
  const totalWeight = experiment.arms.reduce((sum, arm) => sum + arm.weight, 0);
  const arms: ArmReport[] = experiment.arms.map((arm) => armReport(arm, byArm.get(arm.name) ?? [], totalWeight));
  const [baseline, ...others] = arms;
  if (!baseline) throw new Error(`experiment ${experiment.name} has no arms`);
  const comparisons = others.map((arm) => ({
    arm: arm.name,
    baseline: baseline.name,
    differences: Object.fromEntries(
      OUTCOME_TYPES.map((type) => [type, newcombeDifference(arm.rates[type], baseline.rates[type])]),
    ) as Record<OutcomeType, Difference>,
  }));
  const srm = sampleRatioTest(
    arms.map((a) => a.users),
    arms.map((a) => a.share),
  );
  const sampleRatio = { ...srm, mismatch: srm.pValue < SRM_ALPHA };
  const status =
    now < experiment.start
      ? 'scheduled'
      : experiment.stop !== undefined && now >= experiment.stop
        ? 'stopped'
        : 'running';
  return {
    name: experiment.name,
    ...(experiment.description === undefined ? {} : { description: experiment.description }),
    status,
    start: new Date(experiment.start).toISOString(),
    ...(experiment.stop === undefined ? {} : { stop: new Date(experiment.stop).toISOString() }),
    primaryMetric: experiment.primaryMetric,
    baseline: baseline.name,
    arms,
    comparisons,
    sampleRatio,
    excludedUsers,
    warnings: reportWarnings(experiment, arms, sampleRatio, excludedUsers, unknownArms),
  };
}

/** Users by the one arm they saw; users who saw several arms, and arms no longer configured, are left out. */
function usersByArm(experiment: Experiment, users: Map<string, UserTally>) {
  const byArm = new Map(experiment.arms.map((arm) => [arm.name, [] as UserTally[]]));
  let excludedUsers = 0;
  const unknownArms = new Set<string>();
  for (const user of users.values()) {
    if (user.arms.size > 1) {
      excludedUsers++;
      continue;
    }
    const [arm] = user.arms;
    if (arm === undefined) continue;
    const list = byArm.get(arm);
    if (list) list.push(user);
    else unknownArms.add(arm);
  }
  return { byArm, excludedUsers, unknownArms };
}

/** An arm's users, exposures and the rate of every outcome with its Wilson interval. */
function armReport(arm: Experiment['arms'][number], list: readonly UserTally[], totalWeight: number): ArmReport {
  const rates = Object.fromEntries(
    OUTCOME_TYPES.map((type) => [
      type,
      wilson(list.filter((u) => u.outcomes.has(type)).length, list.length, { continuity: true }),
    ]),
  ) as Record<OutcomeType, Proportion>;
  return {
    name: arm.name,
    share: arm.weight / totalWeight,
    params: arm.params,
    exposures: list.reduce((sum, u) => sum + u.exposures, 0),
    users: list.length,
    rates,
  };
}

/** What a reader must know before concluding: small arms, a sample ratio mismatch, excluded users and exposures. */
function reportWarnings(
  experiment: Experiment,
  arms: readonly ArmReport[],
  sampleRatio: ExperimentReport['sampleRatio'],
  excludedUsers: number,
  unknownArms: ReadonlySet<string>,
): string[] {
  const warnings: string[] = [];
  for (const arm of arms) {
    if (arm.users < experiment.minUsersPerArm) {
      warnings.push(
        `sample too small: arm "${arm.name}" has ${arm.users} user(s), fewer than ${experiment.minUsersPerArm}; do not conclude yet`,
      );
    }
  }
  if (sampleRatio.mismatch) {
    const observed = arms.map((a) => `${a.name} ${a.users}`).join(', ');
    const expected = arms.map((a, i) => `${a.name} ${(sampleRatio.expected[i] ?? 0).toFixed(0)}`).join(', ');
    warnings.push(
      `sample ratio mismatch (chi² = ${sampleRatio.chiSquare.toFixed(1)}, p = ${sampleRatio.pValue.toExponential(1)}): users ${observed}; ` +
        `expected ${expected}. Assignment or logging is biased; the differences cannot be trusted`,
    );
  }
  if (excludedUsers > 0) {
    warnings.push(`${excludedUsers} user(s) were exposed to more than one arm (the split changed?) and are excluded`);
  }
  if (unknownArms.size > 0) {
    warnings.push(`exposures to arm(s) no longer configured are ignored: ${[...unknownArms].sort().join(', ')}`);
  }
  return warnings;
}

const METRIC_LABELS: Record<OutcomeType, string> = {
  positive: 'positive feedback',
  negative: 'negative feedback',
  more_like: 'more like this',
  save: 'save',
  follow_up: 'follow-up question',
  abandoned: 'abandoned',
};

/** Human label of an outcome rate, e.g. `save rate`. */
export function metricLabel(type: OutcomeType): string {
  return `${METRIC_LABELS[type]} rate`;
}

/** `12.3%` */
export function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** `+4.1 pp [+0.9, +7.3]` */
export function formatDifference(d: Difference): string {
  const pp = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)}`;
  return `${pp(d.difference)} pp [${pp(d.low)}, ${pp(d.high)}]`;
}

/**
 * The report as plain text for the terminal.
 * @example
 * process.stdout.write(formatReport(await experiments.report()));
 */
export function formatReport(report: ExperimentsReport): string {
  if (!report.enabled) return 'experiments are off (set FASHION_EXPERIMENTS to an experiments config file)\n';
  const lines: string[] = [
    `experiments report, ${report.generatedAt} (unit: user; 95% intervals, ${report.method}; * = excludes 0)`,
  ];
  if (report.experiments.length === 0) lines.push('', 'no experiments configured');
  for (const e of report.experiments) {
    lines.push('', `■ ${e.name} (${e.status}, from ${e.start}${e.stop ? ` to ${e.stop}` : ''})`);
    if (e.description) lines.push(`  ${e.description}`);
    lines.push(`  primary metric: ${metricLabel(e.primaryMetric)}; baseline: ${e.baseline}`);
    for (const arm of e.arms) {
      const rate = (type: OutcomeType) => {
        const r = arm.rates[type];
        return `${metricLabel(type)} ${percent(r.rate)} [${percent(r.low)}, ${percent(r.high)}]`;
      };
      lines.push(
        `  arm ${arm.name} (${percent(arm.share)} of traffic): ${arm.users} users, ${arm.exposures} exposures`,
        `    ${rate('positive')}; ${rate('save')}`,
        `    ${OUTCOME_TYPES.filter((t) => t !== 'positive' && t !== 'save')
          .map(rate)
          .join('; ')}`,
      );
    }
    for (const c of e.comparisons) {
      lines.push(`  ${c.arm} − ${c.baseline}:`);
      for (const type of OUTCOME_TYPES) {
        const d = c.differences[type];
        const mark = type === e.primaryMetric ? ' ← primary' : '';
        lines.push(`    ${metricLabel(type)}: ${formatDifference(d)}${d.significant ? ' *' : ''}${mark}`);
      }
    }
    lines.push(
      `  sample ratio check: chi² = ${e.sampleRatio.chiSquare.toFixed(2)}, p = ${e.sampleRatio.pValue.toPrecision(3)}`,
    );
    for (const warning of e.warnings) lines.push(`  ⚠ ${warning}`);
  }
  if (report.unconfigured.length > 0) {
    lines.push('', `stored data of experiments not in the config: ${report.unconfigured.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
