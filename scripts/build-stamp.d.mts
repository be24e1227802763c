/** Every compiled file under the source folders, relative to the project root, sorted. */
export function sourceFiles(): string[];
/** A hash of the names, sizes and modification times of the sources and build inputs. */
export function sourceStamp(files?: string[]): string;
/** The URL of the compiled command-line entry when dist/ is up to date with the sources, otherwise undefined. */
export function compiledEntry(): string | undefined;
