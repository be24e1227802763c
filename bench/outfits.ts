// Placeholder: the owning work replaces this file.
import type { Command } from '../src/cli/command.ts';
export const benchOutfits: Command = async () => { throw new Error('benchOutfits: not implemented yet'); };
