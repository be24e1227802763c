// Placeholder: the owning work replaces this file.
import type { Command } from '../src/cli/command.ts';
export const benchTurns: Command = async () => { throw new Error('benchTurns: not implemented yet'); };
