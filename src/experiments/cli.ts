/**
 * `fashion-advisor experiments report [--json]`: per experiment and arm, exposures, users and outcome rates with 95%
 * intervals, the differences to the baseline and warnings.
 * `fashion-advisor experiments check [--json]`: validates the config file and lists the experiments.
 */
import { type Command, printJson, UsageError } from '../cli/command.ts';
import { systemClock } from '../util/random.ts';
import { isActive, loadExperimentsConfig } from './definitions.ts';
import { createExperiments } from './experiments.ts';
import { formatReport, percent } from './report.ts';

/**
 * The `experiments` command.
 * @example
 * // FASHION_EXPERIMENTS=data/experiments.example.json fashion-advisor experiments report --json
 */
export const experiments: Command = async (args, context) => {
  const [sub, ...extra] = args.positionals;
  if (extra.length > 0) throw new UsageError(`experiments ${sub}: unexpected argument "${extra[0]}"`);
  if (sub === 'report') {
    const service = createExperiments({ config: context.config, logger: context.logger, clock: systemClock });
    try {
      const report = await service.report();
      if (args.flags.json) printJson(context.stdout, report);
      else context.stdout.write(formatReport(report));
    } finally {
      await service.close();
    }
    return 0;
  }
  if (sub === 'check') {
    const file = context.config.FASHION_EXPERIMENTS;
    if (!file) {
      context.stderr.write('experiments are off: FASHION_EXPERIMENTS is not set\n');
      return 1;
    }
    const config = loadExperimentsConfig(file);
    if (args.flags.json) {
      printJson(context.stdout, { file, valid: true, ...config });
      return 0;
    }
    const now = systemClock.now();
    context.stdout.write(`${file}: valid, ${config.experiments.length} experiment(s)\n`);
    for (const e of config.experiments) {
      const total = e.arms.reduce((sum, arm) => sum + arm.weight, 0);
      const state = isActive(e, now) ? 'running' : now < e.start ? 'scheduled' : 'stopped';
      context.stdout.write(`  ${e.name} (${state}; primary metric ${e.primaryMetric})\n`);
      for (const arm of e.arms) {
        context.stdout.write(`    ${arm.name} ${percent(arm.weight / total)} ${JSON.stringify(arm.params)}\n`);
      }
    }
    return 0;
  }
  throw new UsageError(
    sub === undefined ? 'experiments expects a sub-command: report, check' : `unknown experiments sub-command "${sub}"`,
  );
};
