// Placeholder: the owning work replaces this file.
import type { Command } from '../cli/command.ts';
export const trainNlu: Command = async () => {
  throw new Error('trainNlu: not implemented yet');
};
export const evalNlu: Command = async () => {
  throw new Error('evalNlu: not implemented yet');
};
export const evalSimmc: Command = async () => {
  throw new Error('evalSimmc: not implemented yet');
};
