// Where problems of YNL specs loaded on first use go: the CLI prints them, the library is silent.
// A module of its own, so a command can say where they go without loading the YNL compiler and
// the family table (families.ts) for a capture that has no generic netlink in it.
let warn: (line: string) => void = () => {};

/** Where problems of specs loaded on first use go (the CLI prints them; the library is silent). */
export function onSpecWarning(fn: (line: string) => void): void {
  warn = fn;
}

/** A problem of a spec loaded on first use. */
export function specWarning(line: string): void {
  warn(line);
}
