// Placeholder: the owning work replaces this file.
import type { Command } from './command.ts';
export const chat: Command = async () => { throw new Error('chat: not implemented yet'); };
