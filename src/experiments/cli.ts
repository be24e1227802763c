// Placeholder: the owning work replaces this file.
import type { Command } from '../cli/command.ts';
export const experiments: Command = async () => { throw new Error('experiments: not implemented yet'); };
