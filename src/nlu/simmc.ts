/**
 * Scores the parser on SIMMC 2.0 fashion user turns (read from the benchmark directory, never copied), through the
 * fixed mapping of `simmc-mapping.ts`, with NLP.js trained on the same project data as the peer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Intent, IntentParser, Parse, ParseContext } from '../types.ts';
import type { Example } from './data.ts';
import { classificationReport, type Prf, setPrf } from './evaluate.ts';
import { nlpjsAvailable, trainNlpjs } from './peer.ts';
import { SIMMC_ACTS, type SimmcAct, simmcAct, simmcContext, simmcRequestSlots, simmcSlots } from './simmc-mapping.ts';

/** One SIMMC user turn (the fields this evaluation reads). */
export interface SimmcTurn {
  dialog_id: number;
  turn: number;
  text: string;
  act: SimmcAct;
  slots: Record<string, string | string[]>;
  request_slots: string[];
  prev_system: string | null;
  slot_keys_value_in_text: string[];
}

/**
 * Reads a split (`dev` or `devtest`) from the benchmark directory.
 * @example
 * const turns = readSimmc(config.benchDir, 'dev');
 */
export function readSimmc(dir: string, split: 'dev' | 'devtest'): SimmcTurn[] {
  const file = path.join(dir, `simmc2_fashion_${split}.jsonl`);
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `readSimmc: cannot read ${file} (${(error as Error).message}); set FASHION_BENCH_DIR to the SIMMC folder`,
    );
  }
  return content
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const row = JSON.parse(line) as SimmcTurn;
      if (typeof row.text !== 'string' || !SIMMC_ACTS.includes(row.act)) {
        throw new Error(`readSimmc: ${file}:${i + 1} is not a SIMMC user turn`);
      }
      return row;
    });
}

const pairs = (slots: Record<string, string | string[]>, keys?: readonly string[]) =>
  Object.entries(slots)
    .filter(([k]) => !keys || keys.includes(k))
    .map(([k, v]) => `${k}=${(Array.isArray(v) ? v.join(', ') : v).toLowerCase()}`);

/** The report printed by `eval simmc --json`. */
export interface SimmcReport {
  split: string;
  turns: number;
  act: { accuracy: number; macro_f1: number; per_act: Record<string, Prf & { support: number }> };
  slots: { text_present: Prf; all: Prf };
  request_slots: Prf;
  per_second: number;
  peer: { nlpjs: { act: { accuracy: number; macro_f1: number }; per_second: number } | { skipped: string } };
}

/**
 * Evaluates a parser (and NLP.js trained on `peerExamples`) on SIMMC turns, dialog by dialog, in order.
 * @example
 * const report = await evaluateSimmc(parser, readSimmc(dir, 'dev'), 'dev', examples);
 */
export async function evaluateSimmc(
  parser: IntentParser,
  turns: readonly SimmcTurn[],
  split: string,
  peerExamples?: readonly Example[],
): Promise<SimmcReport> {
  const goldActs: SimmcAct[] = [];
  const acts: SimmcAct[] = [];
  const goldPresent: string[][] = [];
  const predPresent: string[][] = [];
  const goldAll: string[][] = [];
  const predAll: string[][] = [];
  const goldRequests: string[][] = [];
  const predRequests: string[][] = [];
  const parses: { turn: SimmcTurn; parse: Parse; context: ParseContext }[] = [];
  let previous: { dialog: number; intent: Intent } | undefined;
  const started = performance.now();
  for (const turn of turns) {
    const previousIntent = previous?.dialog === turn.dialog_id ? previous.intent : undefined;
    const context = simmcContext(turn.prev_system, previousIntent);
    const parse = parser.parse(turn.text, context);
    parses.push({ turn, parse, context });
    previous = { dialog: turn.dialog_id, intent: parse.intent };
  }
  const seconds = (performance.now() - started) / 1000;
  for (const { turn, parse, context } of parses) {
    const act = simmcAct(parse, context);
    const slots = simmcSlots(parse, act);
    goldActs.push(turn.act);
    acts.push(act);
    const keys = turn.slot_keys_value_in_text;
    goldPresent.push(pairs(turn.slots, keys));
    predPresent.push(pairs(slots, keys));
    goldAll.push(pairs(turn.slots));
    predAll.push(pairs(slots));
    goldRequests.push(turn.request_slots);
    predRequests.push(simmcRequestSlots(parse, act));
  }
  const actReport = classificationReport(goldActs, acts, SIMMC_ACTS);
  let peer: SimmcReport['peer']['nlpjs'] = { skipped: 'node-nlp is not installed (it is a dev dependency)' };
  if (peerExamples && nlpjsAvailable()) {
    const nlpjs = await trainNlpjs(peerExamples);
    const peerActs: SimmcAct[] = [];
    const peerStarted = performance.now();
    const intents: Intent[] = [];
    for (const turn of turns) intents.push((await nlpjs.classify(turn.text, 'en')).intent);
    const peerSeconds = (performance.now() - peerStarted) / 1000;
    parses.forEach(({ parse, context }, i) => {
      const intent = intents[i];
      if (intent === undefined) throw new Error(`simmc: node-nlp gave no intent for turn ${i}`);
      peerActs.push(simmcAct({ ...parse, intent }, context));
    });
    const report = classificationReport(goldActs, peerActs, SIMMC_ACTS);
    peer = {
      act: { accuracy: report.accuracy, macro_f1: report.macro_f1 },
      per_second: Math.round(turns.length / Math.max(peerSeconds, 1e-9)),
    };
  }
  return {
    split,
    turns: turns.length,
    act: { accuracy: actReport.accuracy, macro_f1: actReport.macro_f1, per_act: actReport.per_label },
    slots: { text_present: setPrf(goldPresent, predPresent), all: setPrf(goldAll, predAll) },
    request_slots: setPrf(goldRequests, predRequests),
    per_second: Math.round(turns.length / Math.max(seconds, 1e-9)),
    peer: { nlpjs: peer },
  };
}
