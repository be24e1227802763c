#!/usr/bin/env node
// Entry point of the `fashion-advisor` command: runs the compiled JavaScript of dist/ when it matches the sources
// (`npm run build`), otherwise the TypeScript sources through tsx, so that an edited source is never run stale.
import { compiledEntry } from '../scripts/build-stamp.mjs';

const compiled = compiledEntry();
let main;
if (compiled) ({ main } = await import(compiled));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
