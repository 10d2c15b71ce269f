// Types of report.mjs, for the TypeScript benchmarks that import it.
/** Replaces (or appends) the `name` section of BENCHMARKS.md with `markdown` and the machine line. */
export function writeSection(name: string, markdown: string): void;
export function median(values: readonly number[]): number;
