// Placeholder: the owning work replaces this file.
import type { Command } from '../src/cli/command.ts';
export const benchNlu: Command = async () => { throw new Error('benchNlu: not implemented yet'); };
