// Placeholder: the owning work replaces this file.
import type { Command } from '../src/cli/command.ts';
export const benchRecommender: Command = async () => { throw new Error('benchRecommender: not implemented yet'); };
