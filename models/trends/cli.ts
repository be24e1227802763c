// Placeholder: the owning work replaces this file.
import type { Command } from '../../src/cli/command.ts';
export const trainTrends: Command = async () => {
  throw new Error('trainTrends: not implemented yet');
};
export const evalTrends: Command = async () => {
  throw new Error('evalTrends: not implemented yet');
};
