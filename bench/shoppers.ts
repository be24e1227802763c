/**
 * `fashion-advisor eval shoppers [--dir DIR] [--verbose] [--json]`: replays every user message of the shopper audit
 * (`../shared/bench/shopper-audit/`, or `FASHION_SHOPPER_AUDIT_DIR`, or `--dir`) through the whole engine, one fresh
 * shopper per conversation, and judges each reply by the expectations written from the audit's stated reasons
 * (`bench/shoppers/expectations.json`). Reports the good-or-acceptable share overall and per language, and every
 * failed check with what was seen. `--recorded` judges the audit's own recorded replies instead (no replay), which
 * shows how closely the expectations agree with the audit's grades.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.ts';
import { loadCatalog } from '../src/catalog/load.ts';
import { type Command, printJson, stringFlag } from '../src/cli/command.ts';
import { projectRoot } from '../src/config.ts';
import { parseTemplates } from '../src/nlg/templates.ts';
import type { Catalog, Reply } from '../src/types.ts';
import { seededRandom } from '../src/util/random.ts';
import { readAudit, readRecordedReplies } from './shoppers/audit.ts';
import { type Failure, judgeReply, type TurnExpectation } from './shoppers/judge.ts';
import { round } from './stats.ts';

/** `expectations.json`: conversation id → one expectation per user message, in order. */
type Expectations = Record<string, TurnExpectation[]>;

const QUESTION_KEYS = /^(clarify|clarify_choice|ask_\w+|which_item|preference_unclear)$/;

/** Regular expressions matching every clarifying-question template, in every language and tone. */
export function questionPatterns(promptsDir: string): RegExp[] {
  const patterns: RegExp[] = [];
  for (const language of ['en', 'zh']) {
    for (const tone of ['friendly', 'concise', 'editorial']) {
      const file = path.join(promptsDir, language, `${tone}.md`);
      let source: string;
      try {
        source = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      for (const [key, variants] of parseTemplates(source, file)) {
        if (!QUESTION_KEYS.test(key)) continue;
        for (const variant of variants) {
          const escaped = variant.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\w+\\\}/g, '.*?');
          // The whole reply, or its last sentence: a greeting that merely ends in a question is no clarifying question.
          patterns.push(new RegExp(`(^|\\n)${escaped}$`, 'is'));
        }
      }
    }
  }
  return patterns;
}

/** Where the audit is: `--dir`, `FASHION_SHOPPER_AUDIT_DIR`, else `shopper-audit` beside the SIMMC bench folder. */
function auditDir(flag: string | undefined, benchDir: string): string {
  return path.resolve(
    flag ?? process.env.FASHION_SHOPPER_AUDIT_DIR ?? path.join(path.dirname(benchDir), 'shopper-audit'),
  );
}

interface TurnResult {
  conversation: string;
  turn: number;
  language: 'en' | 'zh';
  user: string;
  ok: boolean;
  failures: Failure[];
  intent: string;
  reply: string;
}

/** How turns are answered: by the engine (replay), or by the audit's recorded replies. */
type Answer = (conversationId: string, index: number, text: string) => Promise<Reply | undefined>;

/** Judges every turn of every conversation, each reply against the expectation written for it. */
async function judgeAll(
  conversations: ReturnType<typeof readAudit>,
  answer: Answer,
  context: { expectations: Expectations; catalog: Catalog; questions: readonly RegExp[] },
): Promise<TurnResult[]> {
  const results: TurnResult[] = [];
  for (const conversation of conversations) {
    const expected = context.expectations[conversation.id] ?? [];
    let previous: Reply | undefined;
    for (const [index, text] of conversation.messages.entries()) {
      const reply = await answer(conversation.id, index, text);
      if (!reply) break;
      const expectation = expected[index];
      const failures = expectation
        ? judgeReply(reply, expectation, {
            catalog: context.catalog,
            previous,
            said: conversation.messages.slice(0, index + 1),
            questions: context.questions,
          })
        : [{ check: 'unjudged', detail: 'no expectation written for this turn' }];
      results.push({
        conversation: conversation.id,
        turn: index + 1,
        language: conversation.language,
        user: text,
        ok: failures.length === 0,
        failures,
        intent: reply.intent,
        reply: reply.text,
      });
      previous = reply;
    }
  }
  return results;
}

/** The share of good-or-acceptable turns. */
const share = (rs: readonly TurnResult[]) => ({
  turns: rs.length,
  ok: rs.filter((r) => r.ok).length,
  share: rs.length === 0 ? 0 : round(rs.filter((r) => r.ok).length / rs.length, 3),
});

type ShoppersReport = ReturnType<typeof summarise>;

/** The report: shares overall and per language, failures counted by check, and every turn. */
function summarise(
  results: readonly TurnResult[],
  about: { audit: string; recorded: boolean; catalog: Catalog; conversations: number },
) {
  const byCheck: Record<string, number> = {};
  for (const r of results) for (const f of r.failures) byCheck[f.check] = (byCheck[f.check] ?? 0) + 1;
  return {
    audit: about.audit,
    replies: about.recorded ? 'recorded by the audit' : 'replayed',
    catalogues: about.catalog.sources,
    conversations: about.conversations,
    overall: share(results),
    en: share(results.filter((r) => r.language === 'en')),
    zh: share(results.filter((r) => r.language === 'zh')),
    failed_checks: Object.fromEntries(Object.entries(byCheck).sort((a, b) => b[1] - a[1])),
    turns: results,
  };
}

/** The report as text: the shares, the failed checks, and each failed (or, verbose, every) turn. */
function printReport(out: NodeJS.WritableStream, report: ShoppersReport, verbose: boolean): void {
  const pct = (s: { share: number; ok: number; turns: number }) =>
    `${(s.share * 100).toFixed(1)}% (${s.ok}/${s.turns})`;
  out.write(`shopper audit ${report.audit}, ${report.replies}, on ${report.catalogues.join('+')}\n`);
  out.write(`good or acceptable: ${pct(report.overall)}; English ${pct(report.en)}; Chinese ${pct(report.zh)}\n`);
  out.write(`failed checks: ${JSON.stringify(report.failed_checks)}\n`);
  for (const r of report.turns) {
    if (r.ok && !verbose) continue;
    out.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.conversation}.${r.turn} ${JSON.stringify(r.user)} → ${r.intent}\n`);
    for (const f of r.failures) out.write(`       ${f.check}: ${f.detail}\n`);
  }
}

/** The audit's own recorded replies, each conversation's file read once. */
function recordedAnswers(dir: string): Answer {
  const read = new Map<string, Reply[]>();
  return async (id, index) => {
    const replies = read.get(id) ?? readRecordedReplies(dir, id);
    read.set(id, replies);
    return replies[index];
  };
}

/**
 * Replays (or, with `--recorded`, reads) the audit and judges every reply.
 * @example
 * fashion-advisor eval shoppers --json
 */
export const evalShoppers: Command = async (args, { config, logger, stdout }) => {
  const dir = auditDir(stringFlag(args, 'dir'), config.benchDir);
  const conversations = readAudit(dir);
  const expectations = JSON.parse(
    readFileSync(path.join(projectRoot, 'bench/shoppers/expectations.json'), 'utf8'),
  ) as Expectations;
  const questions = questionPatterns(path.join(projectRoot, 'prompts'));
  const recorded = args.flags.recorded === true;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'fa-shoppers-'));
  const app = recorded
    ? undefined
    : await createApp(config, logger, { scratchStorage: scratch, random: seededRandom(7), log: false });
  const catalog = app ? app.deps.catalog : await loadCatalog(config, logger);
  const answer: Answer = app
    ? (id, _index, text) => {
        const userId = `audit:${id}`;
        return app.handleTurn({ platform: 'bench', userId, conversationId: userId, text });
      }
    : recordedAnswers(dir);
  let results: TurnResult[];
  try {
    results = await judgeAll(conversations, answer, { expectations, catalog, questions });
  } finally {
    await app?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  const report = summarise(results, { audit: dir, recorded, catalog, conversations: conversations.length });
  if (args.flags.json === true) printJson(stdout, report);
  else printReport(stdout, report, args.flags.verbose === true);
  return 0;
};
