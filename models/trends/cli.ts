/**
 * `fashion-advisor train trends` and `fashion-advisor eval trends` (DESIGN §9).
 *
 * train: trains the global network on every window of the trend datasets (Google Trends targets up to
 * 2020-02-29) and saves it with its metadata in `<FASHION_HOME>/trends/`; progress goes to stderr.
 * eval: the rolling-origin backtest (`backtest.ts`), printing `{"model", "datasets": {…}}` with `--json`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  type Command,
  type CommandContext,
  intFlag,
  printJson,
  stringFlag,
  UsageError,
} from '../../src/cli/command.ts';
import { seededRandom } from '../../src/util/random.ts';
import { initBackend } from '../backend.ts';
import { dataHash, saveTrendModel, trendsDir } from './artifacts.ts';
import { evaluateTrends, NETWORK_WEIGHT, trainGlobalNetwork } from './evaluate.ts';
import { DEFAULT_MODEL_OPTIONS, type EpochProgress, type TrendModelOptions } from './model.ts';
import { loadTrendSeries } from './series.ts';

/** The dataset directory: `--data DIR` or the configured one. */
function dataDirOf(args: Parameters<Command>[0], context: CommandContext): string {
  const flag = stringFlag(args, 'data');
  const dir = flag ? path.resolve(flag) : context.config.dataDir;
  if (!dir) throw new UsageError('no dataset directory: set FASHION_DATA_DIR or pass --data DIR');
  if (!existsSync(dir)) throw new UsageError(`--data ${dir} does not exist`);
  return dir;
}

/** Model settings with `--epochs N` and `--max-seconds N` applied. */
function modelOptions(args: Parameters<Command>[0]): TrendModelOptions {
  return {
    ...DEFAULT_MODEL_OPTIONS,
    epochs: intFlag(args, 'epochs', DEFAULT_MODEL_OPTIONS.epochs) || DEFAULT_MODEL_OPTIONS.epochs,
    maxSeconds: intFlag(args, 'max-seconds', DEFAULT_MODEL_OPTIONS.maxSeconds),
  };
}

const progressLine = (prefix: string, p: EpochProgress) =>
  `${prefix}epoch ${p.epoch}/${p.epochs}${p.fraction < 1 ? ` (${Math.round(p.fraction * 100)}%)` : ''}  loss ${p.loss.toFixed(4)}  ${Math.round(p.windowsPerSecond)} windows/CPU-s  ` +
  `${p.cpuSeconds.toFixed(1)} CPU-s  ${p.seconds.toFixed(1)} s wall\n`;

/**
 * `fashion-advisor train trends [--data DIR] [--epochs N] [--max-seconds N]`
 * @example
 * FASHION_HOME=/tmp/fa fashion-advisor train trends   # → /tmp/fa/trends/{model.json,weights.bin,meta.json}
 */
export const trainTrends: Command = async (args, context) => {
  const dir = dataDirOf(args, context);
  const { series, files } = loadTrendSeries(dir);
  if (series.length === 0) {
    context.stderr.write(`no trend datasets found in ${dir}\n`);
    return 1;
  }
  const backend = await initBackend(context.logger);
  const options = modelOptions(args);
  context.stderr.write(`training the trend model on ${series.length} series (backend ${backend.name})\n`);
  const trained = await trainGlobalNetwork(series, options, seededRandom(options.seed), undefined, (p) =>
    context.stderr.write(progressLine('', p)),
  );
  const hash = await dataHash(files);
  const out = trendsDir(context.config.home);
  const meta = {
    format: 1 as const,
    name: `lstm-global@${hash.slice(0, 8)}`,
    dataHash: hash,
    files: files.map((f) => path.relative(dir, f)),
    createdAt: new Date().toISOString(),
    backend: backend.name,
    options,
    windows: trained.windows,
    trainSeconds: trained.seconds,
    trainCpuSeconds: trained.cpuSeconds,
    epochs: trained.epochs,
    networkWeight: NETWORK_WEIGHT,
  };
  await saveTrendModel(out, trained.network, meta);
  trained.network.dispose();
  context.stderr.write(`saved ${meta.name} to ${out}\n`);
  printJson(context.stdout, {
    model: meta.name,
    dir: out,
    backend: backend.name,
    windows: trained.windows,
    seconds: Number(trained.seconds.toFixed(1)),
    cpuSeconds: Number(trained.cpuSeconds.toFixed(1)),
    loss: trained.epochs.at(-1)?.loss,
  });
  return 0;
};

/**
 * `fashion-advisor eval trends [--data DIR] [--json] [--epochs N]`: trains one network per dataset on data
 * before its first origin, then scores every method on the rolling-origin backtest.
 * @example
 * fashion-advisor eval trends --json | jq '.datasets.google_trends.h12.methods'
 */
export const evalTrends: Command = async (args, context) => {
  const dir = dataDirOf(args, context);
  const { series } = loadTrendSeries(dir);
  if (series.length === 0) {
    context.stderr.write(`no trend datasets found in ${dir}\n`);
    return 1;
  }
  const backend = await initBackend(context.logger);
  const options = modelOptions(args);
  const report = await evaluateTrends(series, options, seededRandom(options.seed), (dataset, p) =>
    context.stderr.write(progressLine(`${dataset}: `, p)),
  );
  if (args.flags.json) {
    printJson(context.stdout, { ...report, backend: backend.name });
    return 0;
  }
  for (const [name, dataset] of Object.entries(report.datasets)) {
    for (const [horizon, { methods }] of Object.entries(dataset)) {
      context.stdout.write(`${name} ${horizon}\n`);
      for (const [method, s] of Object.entries(methods)) {
        context.stdout.write(
          `  ${method.padEnd(18)} MASE ${s.mase.toFixed(3)}  sMAPE ${s.smape.toFixed(2)}  direction ${s.direction_accuracy.toFixed(3)}  (${s.cases} cases)\n`,
        );
      }
    }
  }
  return 0;
};
