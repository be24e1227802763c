/**
 * `fashion-advisor eval redaction [--cases FILE] [--json]`: precision and recall of log redaction per language, on
 * the hand-written cases of `test/log/redaction-cases.json` (the figures are defined in `redaction-eval.ts` and in the
 * command's `--help`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Command, printJson, stringFlag, UsageError } from '../cli/command.ts';
import { RedactionCases, scoreRedaction } from './redaction-eval.ts';

function readCases(file: string): RedactionCases {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--cases: cannot read ${file} (${(error as Error).message})`);
  }
  const parsed = RedactionCases.safeParse(raw);
  if (!parsed.success) throw new UsageError(`--cases: ${file} is not a redaction case file: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * Scores redaction on the case file and prints `{"languages":{"en":{precision,recall,n_pos,n_neg},"zh":{…}}}`
 * (`--json`), or a table with the missed and wrongly redacted cases.
 * @example
 * fashion-advisor eval redaction --json
 */
export const evalRedaction: Command = async (args, context) => {
  const file =
    stringFlag(args, 'cases') ?? path.join(context.config.projectRoot, 'test', 'log', 'redaction-cases.json');
  const scores = scoreRedaction(readCases(file));
  const languages = Object.fromEntries(
    Object.entries(scores).map(([language, { precision, recall, n_pos, n_neg }]) => [
      language,
      { precision, recall, n_pos, n_neg },
    ]),
  );
  if (args.flags.json) {
    printJson(context.stdout, { languages });
    return 0;
  }
  const out = context.stdout;
  out.write(`redaction on ${file}\n`);
  for (const [language, s] of Object.entries(scores)) {
    out.write(
      `  ${language}: precision ${s.precision}  recall ${s.recall}  (${s.n_pos} positive, ${s.n_neg} negative)\n`,
    );
    for (const text of s.missed) out.write(`    missed:      ${JSON.stringify(text)}\n`);
    for (const text of s.false_alarms) out.write(`    false alarm: ${JSON.stringify(text)}\n`);
  }
  out.write('(what the figures count: fashion-advisor eval redaction --help)\n');
  return 0;
};
