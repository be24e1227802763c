/**
 * `fashion-advisor bench dialogue [--requests N] [--json]`: generated first messages that carry enough to act on,
 * each from a fresh shopper, through the whole engine on the configured catalogues. Measures
 * - audience: children's or baby pieces shown for adult requests (adults said so in many ways: "im a girl, 25",
 *   "as a guy", "female, 28", "for my boyfriend", or not at all);
 * - clarifying questions: the share of these requests answered with a question instead of pieces;
 * - variety: how often the most frequent piece appears across the replies (all of them, and those with looks or with
 *   lists of pieces apart, since the composer and the search rank differently).
 * The requests come from a seeded generator, all different from each other, so runs compare.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.ts';
import { type Command, intFlag, printJson } from '../src/cli/command.ts';
import { projectRoot } from '../src/config.ts';
import type { Random } from '../src/types.ts';
import { seededRandom } from '../src/util/random.ts';
import { isQuestion, piecesShown } from './shoppers/judge.ts';
import { questionPatterns } from './shoppers.ts';
import { round } from './stats.ts';

const WHO = [
  'im a girl, 25,',
  'im a gril',
  'as a guy',
  "i'm a woman",
  'female, 28,',
  'male 40',
  'for my boyfriend',
  'for my wife',
  'for my mom, shes 55,',
  '',
  '',
  'im 19',
];
const WHAT = [
  'an outfit for a wedding',
  'something for a first date',
  'a black dress',
  'white sneakers',
  'a warm coat',
  'smth for the office',
  'a party outfit',
  'jeans',
  'a gift',
  'clothes for a beach holiday',
  'a hoodie',
  'outfit for a job interview',
  'boots for winter',
  'a summer skirt',
  'a rain jacket',
  'what to wear to a festival',
];
const EXTRA = ['', '', 'under 50 eur', 'in navy', 'no black', 'casual', 'size M', 'for autumn', 'pls', 'thx'];
const KIDS = new Set(['kids', 'boys', 'girls']);

/** Draws before the generator gives up finding a request not drawn yet. */
const MAX_DRAWS = 50;

/** One generated adult request (deterministic for a seed). */
function request(random: Random): string {
  const pick = <T>(list: readonly T[]): T => {
    const value = list[Math.floor(random.next() * list.length)];
    if (value === undefined) throw new Error('nothing to pick from');
    return value;
  };
  const who = pick(WHO);
  const parts = random.next() < 0.5 ? [who, 'need', pick(WHAT), pick(EXTRA)] : ['need', pick(WHAT), pick(EXTRA), who];
  return parts.filter(Boolean).join(' ').replace(/,$/, '');
}

/** A request not in `drawn` when the generator finds one in a few draws (then it is added to `drawn`). */
function freshRequest(random: Random, drawn: Set<string>): string {
  let text = request(random);
  for (let draw = 1; drawn.has(text) && draw < MAX_DRAWS; draw++) text = request(random);
  drawn.add(text);
  return text;
}

/** How often pieces appear across replies: per piece, the number of replies showing it. */
class PieceCounts {
  private readonly counts = new Map<string, number>();
  replies = 0;

  add(ids: readonly string[]): void {
    if (ids.length === 0) return;
    this.replies++;
    for (const id of new Set(ids)) this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  }

  /** The most frequent pieces with the share of replies showing each. */
  top(n: number): { id: string; share: number }[] {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([id, count]) => ({ id, share: round(count / Math.max(1, this.replies), 4) }));
  }
}

export const benchDialogue: Command = async (args, { config, logger, stdout }) => {
  const n = intFlag(args, 'requests', 1000);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'fa-dialogue-'));
  const app = await createApp(config, logger, { scratchStorage: scratch, random: seededRandom(3), log: false });
  const questions = questionPatterns(path.join(projectRoot, 'prompts'));
  const random = seededRandom(11);
  let kidsReplies = 0;
  let kidsPieces = 0;
  let asked = 0;
  let withPieces = 0;
  const all = new PieceCounts();
  const inLooks = new PieceCounts();
  const inLists = new PieceCounts();
  const texts = new Set<string>();
  const examples: string[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const text = freshRequest(random, texts);
      const userId = `bench:dialogue:${i}`;
      const reply = await app.handleTurn({ platform: 'bench', userId, conversationId: userId, text });
      const pieces = piecesShown(reply, app.deps.catalog);
      const kids = pieces.filter((item) => KIDS.has(item.gender));
      const [kid] = kids;
      if (kid) {
        kidsReplies++;
        kidsPieces += kids.length;
        if (examples.length < 5) examples.push(`${text} → ${kid.name} (${kid.gender})`);
      }
      if (isQuestion(reply, questions)) asked++;
      if (pieces.length > 0) withPieces++;
      all.add(pieces.map((item) => item.id));
      inLooks.add(reply.outfits.flatMap((look) => look.items.map((item) => item.id)));
      if (reply.outfits.length === 0) inLists.add(reply.items.map((item) => item.id));
    }
  } finally {
    await app.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  const [top] = all.top(1);
  const report = {
    requests: n,
    distinct_requests: texts.size,
    catalogues: app.deps.catalog.sources,
    replies_with_pieces: withPieces,
    replies_with_childrens_items: kidsReplies,
    childrens_items_shown: kidsPieces,
    examples,
    clarifying_questions: asked,
    clarifying_share: round(asked / n, 4),
    most_frequent_piece: top?.id ?? '',
    most_frequent_piece_share: top?.share ?? 0,
    most_frequent_pieces: all.top(5),
    replies_with_looks: inLooks.replies,
    most_frequent_pieces_in_looks: inLooks.top(3),
    replies_with_lists: inLists.replies,
    most_frequent_pieces_in_lists: inLists.top(3),
  };
  if (args.flags.json === true) printJson(stdout, report);
  else stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return 0;
};
