// Placeholder: the owning work replaces this file.
import type { Command } from './command.ts';
export const parse: Command = async () => { throw new Error('parse: not implemented yet'); };
