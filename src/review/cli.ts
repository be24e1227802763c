// Placeholder: the owning work replaces this file.
import type { Command } from '../cli/command.ts';
export const review: Command = async () => { throw new Error('review: not implemented yet'); };
export const stylist: Command = async () => { throw new Error('stylist: not implemented yet'); };
