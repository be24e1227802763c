// Placeholder: the owning work replaces this file.
import type { Command } from './command.ts';
export const serve: Command = async () => { throw new Error('serve: not implemented yet'); };
