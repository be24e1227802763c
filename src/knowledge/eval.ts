/**
 * `fashion-advisor eval knowledge [--json]`: asks the bot the stylist questions of `bench/knowledge/questions.json`
 * (written for evaluation, never trained on) through the whole engine on the configured catalogues, each as a new
 * shopper. A question is answered right when the reply is advice on the expected topic from the expected knowledge
 * entry, says every key fact, and shows pieces when it should. Every piece shown is then checked against the advice
 * it follows, from its catalogue attributes (the rule of the expected entry: colours, cut words, kind, formality,
 * season) and against the colours the question lists as wrong.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { type App, createApp } from '../app.ts';
import { type Command, printJson } from '../cli/command.ts';
import { projectRoot } from '../config.ts';
import { loadExamples } from '../nlu/data.ts';
import type { Item, Reply } from '../types.ts';
import { seededRandom } from '../util/random.ts';
import { advise } from './advise.ts';
import { violation } from './pieces.ts';

const questionsFile = z.object({
  about: z.string(),
  questions: z.array(
    z.object({
      text: z.string(),
      language: z.enum(['en', 'zh']),
      topic: z.string(),
      entry: z.string().optional(),
      facts: z.array(z.string()).default([]),
      pieces: z.boolean().default(false),
      notColors: z.array(z.string()).default([]),
      before: z.array(z.string()).default([]),
    }),
  ),
});
type Question = z.infer<typeof questionsFile>['questions'][number];

/** Where the questions live. */
export const QUESTIONS_FILE = path.join(projectRoot, 'bench', 'knowledge', 'questions.json');

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** One question's grade: right or why not, and how many of its pieces follow the advice. */
interface Graded {
  text: string;
  language: string;
  right: boolean;
  why?: string;
  pieces: number;
  consistent: number;
  wrong?: string[];
}

export const evalKnowledge: Command = async (args, { config, logger, stdout }) => {
  const { questions } = questionsFile.parse(JSON.parse(readFileSync(QUESTIONS_FILE, 'utf8')));
  // Evaluation questions must never be training utterances.
  const trained = new Set(loadExamples(path.join(projectRoot, 'data', 'nlu')).map((e) => e.text.toLowerCase()));
  const leaked = questions.filter((q) => trained.has(q.text.toLowerCase())).map((q) => q.text);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'fa-knowledge-'));
  const app = await createApp(config, logger, { scratchStorage: scratch, log: false, random: seededRandom(1) });
  const results: Graded[] = [];
  try {
    let n = 0;
    for (const q of questions) {
      const userId = `eval:knowledge:${n++}`;
      const send = (text: string) => app.handleTurn({ platform: 'bench', userId, conversationId: userId, text });
      for (const text of q.before) await send(text);
      results.push(grade(app.deps, q, await send(q.text)));
    }
  } finally {
    await app.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  const { knowledge, catalog } = app.deps;
  const report = {
    ...summary(results),
    languages: {
      en: summary(results.filter((r) => r.language === 'en')),
      zh: summary(results.filter((r) => r.language === 'zh')),
    },
    catalogue: { sources: catalog.sources, items: catalog.size },
    climate: knowledge?.climate ? knowledge.climate.size : 0,
    leaked_into_training: leaked,
    failures: results.filter((r) => !r.right || r.wrong).map(({ text, why, wrong }) => ({ text, why, wrong })),
  };
  if (args.flags.json) printJson(stdout, report);
  else stdout.write(reportText(report));
  return leaked.length > 0 ? 1 : 0;
};

/** Grades a reply against its question: intent, topic, entry, key facts, and every piece against the advice's rule. */
function grade({ knowledge, catalog, parser }: App['deps'], q: Question, reply: Reply): Graded {
  if (!knowledge) throw new Error('grading advice needs the knowledge base loaded');
  const parse = parser.parse(q.text);
  const advice = advise(knowledge, {
    slots: parse.slots,
    text: q.text,
    language: q.language,
    now: Date.now(),
    gender: parse.slots.gender,
  });
  const text = reply.text.toLowerCase();
  const problems: string[] = [];
  if (reply.intent !== 'advice') problems.push(`intent ${reply.intent}`);
  if (advice.topic !== q.topic) problems.push(`topic ${advice.topic}`);
  if (q.entry && !(advice.entry ?? '').startsWith(q.entry)) problems.push(`entry ${advice.entry}`);
  for (const fact of q.facts) if (!text.includes(fact.toLowerCase())) problems.push(`missing "${fact}"`);
  const items = reply.items.map((i) => catalog.get(i.id)).filter((i): i is Item => i !== undefined);
  if (q.pieces && items.length === 0) problems.push('no pieces');
  const wrong = items
    .map((item) => {
      const reason =
        (advice.rule ? violation(item, advice.rule) : 'shown without a rule') ??
        item.colors.find((c) => q.notColors.includes(c));
      return reason ? `${item.id} ${reason}` : undefined;
    })
    .filter((w): w is string => w !== undefined);
  return {
    text: q.text,
    language: q.language,
    right: problems.length === 0,
    why: problems.length ? problems.join('; ') : undefined,
    pieces: items.length,
    consistent: items.length - wrong.length,
    wrong: wrong.length ? wrong : undefined,
  };
}

function summary(rows: readonly Graded[]) {
  const shown = rows.reduce((s, r) => s + r.pieces, 0);
  const consistent = rows.reduce((s, r) => s + r.consistent, 0);
  return {
    questions: rows.length,
    accuracy: round(rows.filter((r) => r.right).length / Math.max(rows.length, 1)),
    questions_with_pieces: rows.filter((r) => r.pieces > 0).length,
    pieces: shown,
    pieces_consistent: round(consistent / Math.max(shown, 1)),
  };
}

type KnowledgeReport = ReturnType<typeof summary> & {
  languages: Record<'en' | 'zh', ReturnType<typeof summary>>;
  catalogue: { items: number };
  failures: Pick<Graded, 'text' | 'why' | 'wrong'>[];
};

function reportText(report: KnowledgeReport): string {
  return (
    `${report.questions} questions (en ${report.languages.en.questions}, zh ${report.languages.zh.questions}) over ${report.catalogue.items} items: ` +
    `answer accuracy ${report.accuracy}, pieces consistent with the advice ${report.pieces_consistent} ` +
    `(${report.pieces} pieces in ${report.questions_with_pieces} answers)\n` +
    report.failures.map((f) => `  ✗ ${f.text}: ${f.why ?? ''}${f.wrong ? ` ${f.wrong.join(', ')}` : ''}\n`).join('')
  );
}
