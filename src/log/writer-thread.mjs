// Entry of the log writer thread (see writer.ts): the TypeScript sources run through tsx in this thread too.
import { register } from 'tsx/esm/api';

register();
await import('./writer-thread.ts');
