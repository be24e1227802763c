/** Values worked out once per catalogue: indexes over its items, kept as long as the catalogue itself. */
import type { Catalog } from '../types.ts';

/**
 * Wraps `build` so that it runs once per catalogue; later calls get the same value.
 * @example
 * const productIndex = perCatalog((catalog) => indexByProduct(catalog.items));
 * productIndex(catalog).get('0713995');
 */
export function perCatalog<T>(build: (catalog: Catalog) => T): (catalog: Catalog) => T {
  const built = new WeakMap<Catalog, T>();
  return (catalog) => {
    let value = built.get(catalog);
    if (value === undefined) {
      value = build(catalog);
      built.set(catalog, value);
    }
    return value;
  };
}
