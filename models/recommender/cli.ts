// Placeholder: the owning work replaces this file.
import type { Command } from '../../src/cli/command.ts';
export const trainRecommender: Command = async () => { throw new Error('trainRecommender: not implemented yet'); };
export const evalRecommender: Command = async () => { throw new Error('evalRecommender: not implemented yet'); };
