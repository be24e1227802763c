// Placeholder: the owning work replaces this file.
import type { Command } from '../src/cli/command.ts';
export const benchFaults: Command = async () => { throw new Error('benchFaults: not implemented yet'); };
