// Entry of the log writer thread (see writer.ts). Compiled (in dist/, next to writer-thread.js, where the build
// rewrote the imports below to it) the thread runs JavaScript; from the sources, the TypeScript through tsx.
import { existsSync } from 'node:fs';

if (!existsSync(new URL('./writer-thread.js', import.meta.url))) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import('./writer-thread.ts');
