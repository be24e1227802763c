/**
 * Reply templates from `prompts/<language>/<tone>.md`: `## key` headings, each followed by `- variant` lines with
 * `{variable}` placeholders. English friendly is the reference set: every other file may leave keys out (they fall
 * back to the same language's friendly text, then to English), but may not introduce unknown keys or variables.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Language, Random, Tone } from '../types.ts';

export type TemplateSet = Map<string, string[]>;

/** Thrown when a template file is malformed; names the file and line. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

const VARIABLE = /\{(\w+)\}/g;

/** Parses one template file. */
export function parseTemplates(source: string, file: string): TemplateSet {
  const set: TemplateSet = new Map();
  let key: string | undefined;
  let variants: string[] | undefined;
  source.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (line.startsWith('## ')) {
      key = line.slice(3).trim();
      if (set.has(key)) throw new TemplateError(`${file}:${index + 1}: duplicate key "${key}"`);
      variants = [];
      set.set(key, variants);
    } else if (line.startsWith('- ')) {
      if (!key || !variants) throw new TemplateError(`${file}:${index + 1}: variant before any "## key" heading`);
      variants.push(line.slice(2));
    } else if (line.trim() !== '' && !line.startsWith('#') && !line.startsWith('>')) {
      throw new TemplateError(`${file}:${index + 1}: expected "## key" or "- variant"`);
    }
  });
  for (const [k, variants] of set) {
    if (variants.length === 0) throw new TemplateError(`${file}: key "${k}" has no variant`);
  }
  return set;
}

const variablesOf = (text: string) => new Set([...text.matchAll(VARIABLE)].flatMap((m) => m[1] ?? []));

/** All templates of a project, by `language/tone`. */
export class Templates {
  private constructor(private readonly sets: Map<string, TemplateSet>) {}

  /**
   * Loads and validates every `prompts/<lang>/<tone>.md`.
   * @example
   * const templates = Templates.load(path.join(projectRoot, 'prompts'));
   */
  static load(dir: string): Templates {
    const sets = new Map<string, TemplateSet>();
    for (const language of ['en', 'zh'] satisfies Language[]) {
      for (const tone of ['friendly', 'concise', 'editorial'] satisfies Tone[]) {
        const file = path.join(dir, language, `${tone}.md`);
        if (existsSync(file)) sets.set(`${language}/${tone}`, parseTemplates(readFileSync(file, 'utf8'), file));
      }
    }
    const reference = sets.get('en/friendly');
    if (!reference) throw new TemplateError(`${dir}/en/friendly.md is missing`);
    for (const [name, set] of sets) {
      for (const [key, variants] of set) {
        const allowed = reference.get(key);
        if (!allowed) throw new TemplateError(`${name}.md: unknown key "${key}"`);
        const allowedVars = new Set(allowed.flatMap((v) => [...variablesOf(v)]));
        for (const variant of variants) {
          for (const v of variablesOf(variant)) {
            if (!allowedVars.has(v)) throw new TemplateError(`${name}.md: "${key}" uses unknown variable {${v}}`);
          }
        }
      }
    }
    return new Templates(sets);
  }

  /** Whether a key exists in the reference set. */
  has(key: string): boolean {
    return this.sets.get('en/friendly')?.has(key) ?? false;
  }

  /** The variants for a key, after the language/tone fallbacks. */
  variants(key: string, language: Language, tone: Tone): string[] {
    for (const name of [`${language}/${tone}`, `${language}/friendly`, `en/${tone}`, 'en/friendly']) {
      const found = this.sets.get(name)?.get(key);
      if (found) return found;
    }
    throw new TemplateError(`no template "${key}"`);
  }

  /**
   * Fills one variant of `key`. `avoid` is the variant used last time for this key, so two consecutive replies
   * differ when there is more than one variant. Returns the text and the index of the variant used.
   */
  render(
    key: string,
    variables: Record<string, string | number>,
    options: { language: Language; tone: Tone; random: Random; avoid?: number },
  ): { text: string; variant: number } {
    const variants = this.variants(key, options.language, options.tone);
    let variant = Math.floor(options.random.next() * variants.length);
    if (variants.length > 1 && variant === options.avoid) variant = (variant + 1) % variants.length;
    const chosen = variants[variant];
    if (chosen === undefined) throw new TemplateError(`no template "${key}"`);
    const text = chosen.replace(VARIABLE, (_, name: string) => {
      const value = variables[name];
      if (value === undefined) throw new TemplateError(`template "${key}" needs {${name}}`);
      return String(value);
    });
    return { text, variant };
  }
}
