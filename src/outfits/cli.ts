// Placeholder: the owning work replaces this file.
import type { Command } from '../cli/command.ts';
export const evalOutfits: Command = async () => { throw new Error('evalOutfits: not implemented yet'); };
