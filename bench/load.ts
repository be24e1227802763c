// Placeholder: the owning work replaces this file.
import type { Command } from '../src/cli/command.ts';
export const benchLoad: Command = async () => { throw new Error('benchLoad: not implemented yet'); };
