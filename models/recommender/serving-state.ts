/**
 * What serving derives from a catalogue and trained artifacts — the item space (vectors rotated onto their principal
 * axes, prior, scan bounds) and the item statistics in catalogue order (with the co-purchase neighbours) — kept in
 * the data home between starts (`derivedFromCatalog`): computing it takes seconds, reading it back milliseconds.
 */
import path from 'node:path';
import { derivedFromCatalog } from '../../src/catalog/derived.ts';
import { arraySection, jsonSection, type Section } from '../../src/catalog/snapshot.ts';
import type { Catalog, Logger, Signal } from '../../src/types.ts';
import type { Artifacts } from './artifacts.ts';
import { hybridSpace } from './hybrid.ts';
import type { ItemSpace } from './item-space.ts';
import type { ItemStats } from './item-stats.ts';
import { NeighbourSignal, servingStats, Variants } from './serving.ts';

/** The item space and statistics the hybrid recommender serves from. */
export interface ServingState {
  space: ItemSpace;
  stats: ItemStats;
}

/** Artifact files the state is derived from. */
const INPUTS = [
  'metadata.json',
  'model.json',
  'weights.bin',
  'vocab.json',
  'item-vectors.bin',
  'item-stats.bin',
  'stats.json',
  'copurchase.json',
];

const STAT_ARRAYS = [
  'popLastDay',
  'popLast3',
  'popAll',
  'recency',
  'repeatRate',
  'meanPrice',
  'onlineShare',
  'age',
  'typeRank',
  'typeRepeat',
] as const;
const STAT_IDS = ['type', 'group', 'department', 'color'] as const;

function encode({ space, stats }: ServingState & { stats: { variants: Variants } }): Record<string, Section> {
  const co = stats.co as NeighbourSignal;
  const sections: Record<string, Section> = {
    'space.meta': { json: { dim: space.dim, priorSignal: space.priorSignal, head: space.head } },
    'space.vectors': space.vectors,
    'space.prior': space.prior,
    'space.tail': space.tail ?? new Float32Array(0),
    'space.heads': space.heads ?? new Float32Array(0),
    'stats.meta': {
      json: { day: stats.day, days: stats.days, popular: stats.popular, popularByType: stats.popularByType },
    },
    'co.offsets': co.offsets,
    'co.neighbours': co.neighbours,
    'co.scores': co.scores,
    'co.counts': co.counts,
    'co.byNeighbour': co.byNeighbour,
    'variants.rowOf': stats.variants.rowOf,
    'variants.productCode': stats.variants.productCode,
  };
  for (const name of STAT_ARRAYS) sections[`stats.${name}`] = stats[name];
  for (const name of STAT_IDS) sections[`stats.${name}`] = stats[name];
  return sections;
}

function decode(sections: ReadonlyMap<string, Section>): ServingState {
  const f32 = (name: string) => arraySection(sections, name, 'Float32Array');
  const i32 = (name: string) => arraySection(sections, name, 'Int32Array');
  const f64 = (name: string) => arraySection(sections, name, 'Float64Array');
  const meta = jsonSection<{ dim: number; priorSignal: Signal['name']; head: number }>(sections, 'space.meta');
  const space: ItemSpace = {
    dim: meta.dim,
    priorSignal: meta.priorSignal,
    head: meta.head,
    vectors: f32('space.vectors'),
    prior: f32('space.prior'),
    tail: f32('space.tail'),
    heads: f32('space.heads'),
  };
  const statsMeta = jsonSection<Pick<ItemStats, 'day' | 'days' | 'popular' | 'popularByType'>>(sections, 'stats.meta');
  const co = new NeighbourSignal(
    i32('co.offsets'),
    i32('co.neighbours'),
    f64('co.scores'),
    f64('co.counts'),
    i32('co.byNeighbour'),
  );
  const variants = new Variants(i32('variants.rowOf'), i32('variants.productCode'));
  const stats: ItemStats = {
    ...statsMeta,
    popLastDay: f32('stats.popLastDay'),
    popLast3: f32('stats.popLast3'),
    popAll: f32('stats.popAll'),
    recency: f32('stats.recency'),
    repeatRate: f32('stats.repeatRate'),
    meanPrice: f32('stats.meanPrice'),
    onlineShare: f32('stats.onlineShare'),
    age: f32('stats.age'),
    typeRank: f32('stats.typeRank'),
    typeRepeat: f32('stats.typeRepeat'),
    type: i32('stats.type'),
    group: i32('stats.group'),
    department: i32('stats.department'),
    color: i32('stats.color'),
    co,
    variantsOf: (i: number) => variants.of(i),
  };
  return { space, stats };
}

/**
 * The serving state of a catalogue under the artifacts of `dir`, from the data home's cache when both are unchanged.
 * @example
 * const { space, stats } = servingState(catalog, artifacts, { home: config.home, dir, logger });
 */
export function servingState(
  catalog: Catalog,
  artifacts: Artifacts,
  where: { home: string; dir: string; logger: Logger },
): ServingState {
  return derivedFromCatalog(catalog, where.home, where.logger, {
    name: 'recommender-serving',
    inputs: INPUTS.map((file) => path.join(where.dir, file)),
    code: 'models/recommender',
    build: () => ({ space: hybridSpace(catalog, artifacts).space, stats: servingStats(catalog, artifacts) }),
    encode: (state) => encode(state as ServingState & { stats: { variants: Variants } }),
    decode,
  });
}
