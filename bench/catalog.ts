// Placeholder: the owning work replaces this file.
import type { Command } from '../src/cli/command.ts';
export const benchCatalog: Command = async () => { throw new Error('benchCatalog: not implemented yet'); };
