/**
 * `fashion-advisor bench faults [--scenario NAME] [--users N] [--turns M] [--json]`: shoppers keep talking to bot
 * instances (child processes) in shared-state mode — Redis at `TEST_REDIS_URL` (default 127.0.0.1:6379) and PostgreSQL
 * at `TEST_DATABASE_URL` (default postgres://postgres@127.0.0.1:5432/test), isolated per run — through a kill -9 of an
 * instance, a Redis restart (cut proxy; and a private `redis-server` that comes back empty), a PostgreSQL restart (cut
 * proxy), two instances answering alternate turns of the same conversations, and two `serve --telegram` instances in
 * webhook mode behind a round-robin balancer, one killed with turns in flight while the bench redelivers every update
 * not answered 200, as Telegram does (`telegram-webhook-kill-9`). Each scenario then reads the log and
 * the profiles back and reports `{scenario, turns, replied, resent, lost, duplicated, profile_updates_lost,
 * refinements_checked, refinements_failed, crashes, seconds}`; a few seconds each on the demo catalogue.
 * The `erasure-*` scenarios (Redis down, PostgreSQL down, during the spool write-back) have half the shoppers say
 * "forget me" and add `erasure`: what remains of them anywhere afterwards and how many replies did not tell the truth.
 * Exit code 1 when any scenario lost, duplicated or failed something, an instance crashed, or an erasure left a trace.
 */
import { type Command, intFlag, printJson, stringFlag, UsageError } from '../src/cli/command.ts';
import { erasureClean, type FaultReport } from './support/fault-report.ts';
import { SCENARIOS } from './support/faults.ts';

export const benchFaults: Command = async (args, { logger, stdout, stderr }) => {
  const only = stringFlag(args, 'scenario');
  if (only && !(only in SCENARIOS)) {
    throw new UsageError(`--scenario must be one of ${Object.keys(SCENARIOS).join(', ')}, got "${only}"`);
  }
  const users = intFlag(args, 'users', 8);
  const turns = intFlag(args, 'turns', 10);
  const reports: FaultReport[] = [];
  for (const [name, run] of Object.entries(SCENARIOS)) {
    if (only && name !== only) continue;
    const report = await run(logger, users, turns);
    reports.push(report);
    if (!args.flags.json) {
      stderr.write(
        `${name}: ${report.replied}/${report.turns} replied, lost ${report.lost}, duplicated ${report.duplicated}, ` +
          `profile updates lost ${report.profile_updates_lost}, refinements failed ${report.refinements_failed}/` +
          `${report.refinements_checked}, crashes ${report.crashes} (${report.seconds} s)\n`,
      );
      const e = report.erasure;
      if (e) {
        stderr.write(
          `  erased ${e.erased_users} shoppers: untruthful replies ${e.replies_untruthful}, left: log ${e.log_turns_left}, ` +
            `spool ${e.spool_turns_left}, journal ${e.journal_turns_left}, Redis keys ${e.redis_keys_left}, ` +
            `experiment rows ${e.experiment_rows_left}, pending ${e.erasures_pending}, files with traces ` +
            `${e.files_with_traces.length} (erased ${e.seconds_to_erase} s after recovery)\n`,
        );
      }
    }
  }
  if (args.flags.json) printJson(stdout, reports);
  const clean = reports.every(
    (r) =>
      r.replied === r.turns &&
      r.lost === 0 &&
      r.duplicated === 0 &&
      r.profile_updates_lost === 0 &&
      r.refinements_failed === 0 &&
      r.crashes === 0 &&
      erasureClean(r.erasure),
  );
  return clean ? 0 : 1;
};
