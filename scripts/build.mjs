// `npm run build` (also run by `npm ci`'s prepare and before `npm start`): compiles the TypeScript sources to
// dist/ with esbuild (shipped with tsx, a runtime dependency, so `npm ci --omit=dev` can build too), one file per
// source so that paths relative to a module stay valid, and copies the other files (styles, worker entries) next
// to them. `--if-stale` does nothing when dist/ already matches the sources.
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { builtStamp, DIST, ROOT, sourceFiles, sourceStamp, stampFile } from './build-stamp.mjs';

// Relative module paths written with `.ts` (imports, `new URL('./x.ts', import.meta.url)`) name the compiled `.js`.
const RELATIVE_TS = /(['"`])(\.{1,2}\/[^'"`\n]*?)\.ts\1/g;
const rewrite = (code) => code.replace(RELATIVE_TS, '$1$2.js$1');

function esbuild() {
  // esbuild is tsx's dependency: resolve it from there, wherever npm placed it.
  const fromTsx = createRequire(createRequire(path.join(ROOT, 'package.json')).resolve('tsx/package.json'));
  return fromTsx('esbuild');
}

async function build() {
  const started = performance.now();
  const files = sourceFiles();
  const stamp = sourceStamp(files);
  const temporary = `${DIST}.${process.pid}.tmp`;
  rmSync(temporary, { recursive: true, force: true });
  const typescript = files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
  const result = await esbuild().build({
    absWorkingDir: ROOT,
    entryPoints: typescript,
    outdir: temporary,
    outbase: '.',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    write: false,
    logLevel: 'warning',
  });
  for (const output of result.outputFiles) {
    mkdirSync(path.dirname(output.path), { recursive: true });
    writeFileSync(output.path, output.path.endsWith('.js') ? rewrite(output.text) : output.contents);
  }
  for (const file of files.filter((f) => !f.endsWith('.ts'))) {
    const target = path.join(temporary, file);
    mkdirSync(path.dirname(target), { recursive: true });
    if (file.endsWith('.mjs')) writeFileSync(target, rewrite(readFileSync(path.join(ROOT, file), 'utf8')));
    else copyFileSync(path.join(ROOT, file), target);
  }
  writeFileSync(path.join(temporary, path.basename(stampFile)), `${stamp}\n`);
  // Swap the whole tree at once: a start that runs meanwhile sees the old build or the new one, never half of each.
  const old = `${DIST}.${process.pid}.old`;
  try {
    renameSync(DIST, old);
  } catch {}
  renameSync(temporary, DIST);
  rmSync(old, { recursive: true, force: true });
  const ms = Math.round(performance.now() - started);
  process.stderr.write(`build: ${typescript.length} modules compiled to dist/ in ${ms} ms\n`);
}

if (process.argv.includes('--if-stale') && builtStamp() === sourceStamp()) process.exit(0);
await build();
