// Placeholder: the owning work replaces this file.
import type { Command } from '../src/cli/command.ts';
export const benchReview: Command = async () => { throw new Error('benchReview: not implemented yet'); };
