/**
 * Size rules of ARCHITECTURE.md, checked on the shipped sources (src/, adapters/, models/, bench/, bin/, scripts/):
 * no file over 400 lines unless it is a data table, no function over 80 lines. There are no exceptions: a file or a
 * function that grows past its limit is split along its seams.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';

const SHIPPED = ['src', 'adapters', 'models', 'bench', 'bin', 'scripts'];
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;

/** Files that are tables of data (words, types, rules): long by nature, exempt from the file rule. */
const DATA_TABLES = new Set(['src/nlu/lexicon.ts', 'src/catalog/taxonomy.ts', 'src/nlu/cues.ts']);

/** Every `.ts`/`.mjs`/`.js` file under a folder, relative to the project root, with `/` separators. */
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(projectRoot, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mjs|js)$/.test(e.name))
    .map((e) => path.relative(projectRoot, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** A file's line count (a final newline ends the last line, it does not start another). */
function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** How a function is named in the lists: its own name, else the variable or property it is assigned to. */
function functionName(node: ts.SignatureDeclaration, file: ts.SourceFile): string {
  const own = node.name?.getText(file);
  if (own) return own;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText(file);
  return `(anonymous at line ${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1})`;
}

/** `file#name` → lines, for every function (declaration, method, arrow, expression) longer than the limit. */
function longFunctions(relative: string, text: string): Map<string, number> {
  const file = ts.createSourceFile(relative, text, ts.ScriptTarget.Latest, true);
  const found = new Map<string, number>();
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
      const last = file.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (last - first + 1 > MAX_FUNCTION_LINES) found.set(`${relative}#${functionName(node, file)}`, last - first + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const files = SHIPPED.flatMap(sourceFiles);
const texts = new Map(files.map((f) => [f, readFileSync(path.join(projectRoot, f), 'utf8')]));
const longFiles = new Map(
  [...texts]
    .filter(([f, text]) => !DATA_TABLES.has(f) && lineCount(text) > MAX_FILE_LINES)
    .map(([f, t]) => [f, lineCount(t)]),
);
const functions = new Map([...texts].flatMap(([f, text]) => [...longFunctions(f, text)]));

describe('size rules', () => {
  it('reads the shipped sources', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain('src/app.ts');
  });

  it(`no file over ${MAX_FILE_LINES} lines but the data tables`, () => {
    const long = [...longFiles].map(([f, n]) => `${f}: ${n} lines`);
    expect(long, 'split the file along its seams').toEqual([]);
  });

  it(`no function over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = [...functions].map(([f, n]) => `${f}: ${n} lines`);
    expect(long, 'split the function into named steps').toEqual([]);
  });

  it('measures a function from its first line to its last', () => {
    const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const text = `export function long() {\n${body}\n}\nconst short = () => 1;\n`;
    expect([...longFunctions('x.ts', text)]).toEqual([['x.ts#long', MAX_FUNCTION_LINES + 2]]);
  });
});
