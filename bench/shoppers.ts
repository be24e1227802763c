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
import type { Reply } from '../src/types.ts';
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
  const results: TurnResult[] = [];
  try {
    for (const conversation of conversations) {
      const expected = expectations[conversation.id] ?? [];
      const userId = `audit:${conversation.id}`;
      const replies = recorded ? readRecordedReplies(dir, conversation.id) : undefined;
      if (replies?.length === 0) continue;
      let previous: Reply | undefined;
      for (const [index, text] of conversation.messages.entries()) {
        const reply = replies
          ? replies[index]!
          : await app!.handleTurn({ platform: 'bench', userId, conversationId: userId, text });
        const expectation = expected[index];
        const failures = expectation
          ? judgeReply(reply, expectation, {
              catalog,
              previous,
              said: conversation.messages.slice(0, index + 1),
              questions,
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
  } finally {
    await app?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  const share = (rs: readonly TurnResult[]) => ({
    turns: rs.length,
    ok: rs.filter((r) => r.ok).length,
    share: rs.length === 0 ? 0 : round(rs.filter((r) => r.ok).length / rs.length, 3),
  });
  const byCheck: Record<string, number> = {};
  for (const r of results) for (const f of r.failures) byCheck[f.check] = (byCheck[f.check] ?? 0) + 1;
  const report = {
    audit: dir,
    replies: recorded ? 'recorded by the audit' : 'replayed',
    catalogues: catalog.sources,
    conversations: conversations.length,
    overall: share(results),
    en: share(results.filter((r) => r.language === 'en')),
    zh: share(results.filter((r) => r.language === 'zh')),
    failed_checks: Object.fromEntries(Object.entries(byCheck).sort((a, b) => b[1] - a[1])),
    turns: results,
  };
  if (args.flags.json === true) {
    printJson(stdout, report);
    return 0;
  }
  const pct = (s: { share: number; ok: number; turns: number }) =>
    `${(s.share * 100).toFixed(1)}% (${s.ok}/${s.turns})`;
  stdout.write(`shopper audit ${dir}, ${report.replies}, on ${report.catalogues.join('+')}\n`);
  stdout.write(`good or acceptable: ${pct(report.overall)}; English ${pct(report.en)}; Chinese ${pct(report.zh)}\n`);
  stdout.write(`failed checks: ${JSON.stringify(report.failed_checks)}\n`);
  for (const r of results) {
    if (r.ok && args.flags.verbose !== true) continue;
    stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.conversation}.${r.turn} ${JSON.stringify(r.user)} → ${r.intent}\n`);
    for (const f of r.failures) stdout.write(`       ${f.check}: ${f.detail}\n`);
  }
  return 0;
};
