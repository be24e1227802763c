/** The shape of one entry of the command tables (`registry.ts`, `train-targets.ts`). */
import type { FlagSpecs } from './args.ts';
import type { Command } from './command.ts';

/** One sub-command: how to load it, a line for `--help`, its flags and its positional words. */
export interface CommandEntry {
  load: () => Promise<Command>;
  summary: string;
  flags: FlagSpecs;
  args?: string;
}
