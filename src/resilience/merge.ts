/**
 * Three-way merge of a profile changed on one instance while the shared store was unreachable (`local`, from `base`)
 * into what the shared store holds now (`current`, maybe changed meanwhile by another instance): this instance's
 * additions and removals are applied to `current`, so that neither instance's changes are lost. Fields changed on
 * both sides take this instance's value (the copy-back is the later write).
 */
import type { Profile } from '../types.ts';

/** Applies `base → local` list changes to `current` (items compared by value). */
function mergeList<T>(base: readonly T[], local: readonly T[], current: readonly T[]): T[] {
  const key = (x: T) => JSON.stringify(x);
  const before = new Set(base.map(key));
  const after = new Set(local.map(key));
  const removed = new Set([...before].filter((k) => !after.has(k)));
  const merged = current.filter((x) => !removed.has(key(x)));
  const present = new Set(merged.map(key));
  for (const x of local) {
    if (!before.has(key(x)) && !present.has(key(x))) {
      merged.push(x);
      present.add(key(x));
    }
  }
  return merged;
}

/** Applies `base → local` changes of a string map to `current`, key by key. */
function mergeRecord(
  base: Record<string, string>,
  local: Record<string, string>,
  current: Record<string, string>,
): Record<string, string> {
  const merged = { ...current };
  for (const k of new Set([...Object.keys(base), ...Object.keys(local)])) {
    if (base[k] === local[k]) continue;
    if (local[k] === undefined) delete merged[k];
    else merged[k] = local[k];
  }
  return merged;
}

/**
 * @example
 * mergeProfile(base, local, current) // current + what this instance added to or removed from base
 */
export function mergeProfile(base: Profile, local: Profile, current: Profile): Profile {
  const merged: Record<string, unknown> = { ...current };
  for (const field of new Set([...Object.keys(base), ...Object.keys(local)]) as Set<keyof Profile>) {
    const [b, l, c] = [base[field], local[field], current[field]];
    if (JSON.stringify(b) === JSON.stringify(l)) continue;
    if (Array.isArray(l) || Array.isArray(b))
      merged[field] = mergeList((b ?? []) as unknown[], (l ?? []) as unknown[], (c ?? []) as unknown[]);
    else if (field === 'sizes')
      merged[field] = mergeRecord(
        b as Record<string, string>,
        l as Record<string, string>,
        (c ?? {}) as Record<string, string>,
      );
    else if (l === undefined) delete merged[field];
    else merged[field] = l;
  }
  return merged as unknown as Profile;
}
