/**
 * The layer rules of ARCHITECTURE.md, checked on the import statements of every source file: a rule broken by a
 * new import fails here, with the file and the import that broke it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';

/** Source folders that ship: none of them may lean on the tests. */
const SHIPPED = ['src', 'adapters', 'models', 'bench'];
const PLATFORM_SDKS = [/^discord\.js$/, /^@discordjs\//, /^telegraf(\/|$)/];

interface Import {
  from: string;
  specifier: string;
  dynamic: boolean;
}

/** The files each file imports (relative imports only, `import type` included: a cycle of types is still a knot). */
type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** Every `.ts`/`.mjs` file under a folder, relative to the project root. */
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(projectRoot, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mjs)$/.test(e.name))
    .map((e) => path.relative(projectRoot, path.join(e.parentPath, e.name)));
}

/** The static (`import … from`, `export … from`) and dynamic (`import('…')`) imports of one file. */
function importsOf(file: string): Import[] {
  const text = readFileSync(path.join(projectRoot, file), 'utf8');
  const found: Import[] = [];
  for (const [, specifier = ''] of text.matchAll(/^\s*(?:import|export)\s[^'"`;]*?from\s+'([^']+)'/gm)) {
    found.push({ from: file, specifier, dynamic: false });
  }
  for (const [, specifier = ''] of text.matchAll(/^\s*import\s+'([^']+)'/gm)) {
    found.push({ from: file, specifier, dynamic: false });
  }
  for (const [, specifier = ''] of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) {
    found.push({ from: file, specifier, dynamic: true });
  }
  return found;
}

/** The project file a relative import names, or undefined for a package. */
function target(imp: Import): string | undefined {
  if (!imp.specifier.startsWith('.')) return undefined;
  return path.normalize(path.join(path.dirname(imp.from), imp.specifier));
}

/**
 * The import cycles of a graph: its strongly connected components of more than one file (Tarjan), each sorted.
 * @example
 * importCycles(new Map([['a', ['b']], ['b', ['a']]])); // [['a', 'b']]
 */
function importCycles(graph: ImportGraph): string[][] {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  /** A visited file's order and lowest reachable order (every file is numbered before either is read). */
  const numberOf = (file: string) => order.get(file) ?? Number.POSITIVE_INFINITY;
  const lowOf = (file: string) => low.get(file) ?? Number.POSITIVE_INFINITY;
  const visit = (file: string): void => {
    order.set(file, order.size);
    low.set(file, numberOf(file));
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!order.has(next)) {
        visit(next);
        low.set(file, Math.min(lowOf(file), lowOf(next)));
      } else if (onStack.has(next)) low.set(file, Math.min(lowOf(file), numberOf(next)));
    }
    if (lowOf(file) !== numberOf(file)) return;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = member === file ? undefined : stack.pop()) {
      onStack.delete(member);
      component.push(member);
    }
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!order.has(file)) visit(file);
  return cycles;
}

const files = SHIPPED.flatMap(sourceFiles);
const imports = files.flatMap(importsOf);
const devDependencies = Object.keys(
  JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).devDependencies as Record<string, string>,
);
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

const graph: ImportGraph = new Map(
  files.map((file) => [file, imports.filter((i) => i.from === file).flatMap((i) => target(i) ?? [])]),
);

describe('layer rules', () => {
  it('finds the imports it checks', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(imports.some((i) => i.specifier === '../src/app.ts')).toBe(true);
  });

  it('nothing in src/, adapters/, models/ or bench/ imports from test/', () => {
    const broken = imports.filter((i) => target(i)?.startsWith(`test${path.sep}`));
    expect(broken.map((i) => `${i.from} → ${i.specifier}`)).toEqual([]);
  });

  it('src/nlg imports nothing from src/engine (the types they share live in src/types/)', () => {
    const engine = path.join('src', 'engine') + path.sep;
    const broken = imports.filter(
      (i) => i.from.startsWith(path.join('src', 'nlg') + path.sep) && target(i)?.startsWith(engine),
    );
    expect(broken.map((i) => `${i.from} → ${i.specifier}`)).toEqual([]);
  });

  it('platform SDKs are imported only in adapters/', () => {
    const broken = imports.filter(
      (i) => !i.from.startsWith(`adapters${path.sep}`) && PLATFORM_SDKS.some((re) => re.test(i.specifier)),
    );
    expect(broken.map((i) => `${i.from} → ${i.specifier}`)).toEqual([]);
  });

  it('a module that needs a development dependency is only ever loaded on demand (npm ci --omit=dev still runs)', () => {
    const needsDev = new Set(
      imports.filter((i) => !i.dynamic && devDependencies.includes(packageOf(i.specifier))).map((i) => i.from),
    );
    const devOnlyEntryPoints = [...needsDev].filter((f) => !f.startsWith(`bench${path.sep}support${path.sep}`));
    expect(devOnlyEntryPoints, 'only bench/support may use development dependencies').toEqual([]);
    const broken = imports.filter((i) => !i.dynamic && needsDev.has(target(i) ?? ''));
    expect(broken.map((i) => `${i.from} → ${i.specifier}`)).toEqual([]);
  });

  it('no import cycle in src/, adapters/, models/ or bench/', () => {
    expect(importCycles(graph).map((cycle) => cycle.join(' ↔ '))).toEqual([]);
  });

  it('the cycle check finds a cycle when there is one', () => {
    const knotted = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ]);
    expect(importCycles(knotted)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(importCycles(new Map([...knotted, ['c.ts', ['d.ts']]]))).toEqual([]);
  });
});
