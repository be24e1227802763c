/**
 * `fashion-advisor bench nlu [--seconds N] [--json]`: parsing throughput on one core (sequential calls in this
 * process; `per_second` by the wall clock, `per_cpu_second` by this process's CPU time, which a busy shared machine
 * does not distort), of our parser and of NLP.js's intent classifier, both trained on the project's data in the same run and
 * fed the same utterances (the project's own utterances, plus the SIMMC dev turns when the benchmark folder exists).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Command, intFlag, printJson } from '../src/cli/command.ts';
import { loadExamples } from '../src/nlu/data.ts';
import { BUNDLED_DATA_DIR } from '../src/nlu/index.ts';
import { NluParser } from '../src/nlu/parser.ts';
import { nlpjsAvailable, trainNlpjs } from '../src/nlu/peer.ts';
import { readSimmc } from '../src/nlu/simmc.ts';
import { detectLanguage } from '../src/nlu/text.ts';
import { trainParser } from '../src/nlu/train.ts';
import { quantile } from './stats.ts';

/**
 * @example
 * fashion-advisor bench nlu --json
 */
export const benchNlu: Command = async (args, { config, stdout, stderr }) => {
  const seconds = intFlag(args, 'seconds', 3);
  const examples = loadExamples(BUNDLED_DATA_DIR);
  const utterances = examples.map((e) => e.text);
  if (existsSync(path.join(config.benchDir, 'simmc2_fashion_dev.jsonl'))) {
    utterances.push(...readSimmc(config.benchDir, 'dev').map((t) => t.text));
  }
  const trainStarted = performance.now();
  const parser = new NluParser(await trainParser(examples));
  const trainMs = performance.now() - trainStarted;
  for (const u of utterances.slice(0, 500)) parser.parse(u); // warm-up
  stderr.write(`bench nlu: ${utterances.length} distinct utterances, ${seconds}s per parser…\n`);
  const latencies: number[] = [];
  let count = 0;
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    for (const u of utterances) {
      const t = performance.now();
      parser.parse(u);
      latencies.push(performance.now() - t);
      count++;
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const ours = {
    per_second: Math.round(count / elapsed),
    per_cpu_second: Math.round(count / ((cpu.user + cpu.system) / 1e6)),
    p50_us: Math.round(quantile(latencies, 0.5) * 1000),
    p99_us: Math.round(quantile(latencies, 0.99) * 1000),
    train_ms: Math.round(trainMs),
  };
  let peer: { per_second: number; per_cpu_second: number; train_ms: number } | { skipped: string } = {
    skipped: 'node-nlp is not installed (it is a dev dependency)',
  };
  if (nlpjsAvailable()) {
    const peerTrainStarted = performance.now();
    const nlpjs = await trainNlpjs(examples);
    const peerTrainMs = performance.now() - peerTrainStarted;
    const tagged = utterances.map((u) => ({ utterance: u, language: detectLanguage(u) }));
    let peerCount = 0;
    const peerCpuStarted = process.cpuUsage();
    const peerStarted = performance.now();
    const peerDeadline = peerStarted + seconds * 1000;
    while (performance.now() < peerDeadline) {
      for (const { utterance, language } of tagged) {
        if (performance.now() >= peerDeadline) break;
        await nlpjs.classify(utterance, language);
        peerCount++;
      }
    }
    const peerCpu = process.cpuUsage(peerCpuStarted);
    peer = {
      per_second: Math.round(peerCount / ((performance.now() - peerStarted) / 1000)),
      per_cpu_second: Math.round(peerCount / ((peerCpu.user + peerCpu.system) / 1e6)),
      train_ms: Math.round(peerTrainMs),
    };
  }
  const report = {
    utterances: utterances.length,
    parser: ours,
    peer: { nlpjs: peer },
    speedup: 'per_second' in peer ? Math.round((ours.per_second / peer.per_second) * 10) / 10 : null,
  };
  if (args.flags.json) printJson(stdout, report);
  else {
    stdout.write(
      `parser: ${ours.per_second} utterances/s (${ours.per_cpu_second} per CPU second; p50 ${ours.p50_us} µs, p99 ${ours.p99_us} µs)\n`,
    );
    stdout.write(
      'per_second' in peer
        ? `NLP.js: ${peer.per_second} utterances/s — ours is ${report.speedup}× faster\n`
        : `NLP.js: ${peer.skipped}\n`,
    );
  }
  return 0;
};
