/**
 * `fashion-advisor bench faults [--scenario redis-restart|postgres-outage|kill-9] [--users N] [--turns M] [--json]`:
 * shoppers keep talking through a Redis restart, a PostgreSQL log outage and a SIGKILL of the bot process; each
 * scenario then reads the log and the profiles back and reports `{scenario, turns, replied, lost, duplicated,
 * profile_updates_lost}`. Scenarios run a few seconds each on the demo catalogue in temporary data homes; they need
 * `redis-server` on the PATH and PostgreSQL at `TEST_DATABASE_URL` (default postgres://postgres@127.0.0.1:5432/test).
 * Exit code 1 when any scenario lost or duplicated something, or the bot crashed.
 */
import { type Command, intFlag, printJson, stringFlag, UsageError } from '../src/cli/command.ts';
import { type FaultReport, SCENARIOS } from './support/faults.ts';

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
          `profile updates lost ${report.profile_updates_lost}, crashes ${report.crashes} (${report.seconds} s)\n`,
      );
    }
  }
  if (args.flags.json) printJson(stdout, reports);
  const clean = reports.every(
    (r) => r.lost === 0 && r.duplicated === 0 && r.profile_updates_lost === 0 && r.crashes === 0,
  );
  return clean ? 0 : 1;
};
