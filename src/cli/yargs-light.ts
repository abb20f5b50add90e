// yargs' ESM entry loads its help-text layout (cliui, string-width with Intl.Segmenter and the
// emoji tables) up front: ~60 ms of a ~300 ms start-up, for text only --help and --version
// print. Every other run builds yargs from its own factory with a platform shim that leaves
// the layout out; those runs fail with our one-line handler (.fail) and never lay out help.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';

export type YargsFactory = (args: string[]) => import('yargs').Argv;

/** Arguments that may print help or the version: those get the full yargs. yargs reads a
 *  last positional `help` as --help (`nlscope decode help`); any word `help` is taken here. */
export function wantsHelp(args: readonly string[]): boolean {
  return args.length === 0 || args.some((a) => a === 'help' || /^--(help|version)(=|$)/.test(a));
}

/** yargs without its help layout where `args` do not ask for help; the full yargs otherwise,
 *  or when this yargs is not laid out as the light loader expects (another version). Either
 *  way the caller sets its own .fail: yargs' default failure prints the help text. */
export async function loadYargs(args: readonly string[]): Promise<{ yargs: YargsFactory; light: boolean }> {
  if (!wantsHelp(args)) {
    try {
      return { yargs: withoutHelpCache(await lightYargs()), light: true };
    } catch {
      // a yargs whose files moved: the full entry below still works
    }
  }
  const full = await import('yargs');
  return { yargs: withoutHelpCache(full.default as unknown as YargsFactory), light: false };
}

interface YargsInternals {
  getInternalMethods(): { getUsageInstance(): { cacheHelpMessage(): void } };
}

/** yargs lays out the help text when a command starts, in case the command fails later and
 *  the help is shown. With a .fail of one's own that text is never printed. */
export function withoutHelpCache(factory: YargsFactory): YargsFactory {
  return (args) => {
    const y = factory(args);
    (y as unknown as YargsInternals).getInternalMethods().getUsageInstance().cacheHelpMessage = () => {};
    return y;
  };
}

async function lightYargs(): Promise<YargsFactory> {
  const entry = fileURLToPath(import.meta.resolve('yargs'));
  const root = dirname(entry);
  // yargs' dependencies, found from yargs itself (they need not be hoisted next to nlscope)
  const requireFromYargs = createRequire(entry);
  const { YargsFactory } = await import(pathToFileURL(join(root, 'build', 'lib', 'yargs-factory.js')).href);
  const { getProcessArgvBin } = await import(pathToFileURL(join(root, 'build', 'lib', 'utils', 'process-argv.js')).href);
  const Parser = requireFromYargs('yargs-parser');
  const y18n = requireFromYargs('y18n');
  const findUp = requireFromYargs('escalade/sync');
  const getCallerFile = requireFromYargs('get-caller-file');
  const noLayout = () => {
    throw new Error('help text needs the full yargs: run with --help');
  };
  const shim = {
    // yargs' internal invariants (a frozen context exists, an option key is one string): two
    // comparisons, not node:assert, whose loading took 5-8 ms of every start
    assert: {
      notStrictEqual: (actual: unknown, expected: unknown, message?: string) => { if (actual === expected) throw new Error(message ?? `yargs: unexpected ${String(actual)}`); },
      strictEqual: (actual: unknown, expected: unknown, message?: string) => { if (actual !== expected) throw new Error(message ?? `yargs: expected ${String(expected)}, got ${String(actual)}`); },
    },
    cliui: noLayout,
    stringWidth: noLayout,
    findUp: findUp.default ?? findUp,
    getEnv: (key: string) => process.env[key],
    inspect,
    getProcessArgvBin,
    // where yargs' own entry looks for package.json (--version): above its node_modules
    mainFilename: entry.substring(0, entry.lastIndexOf('node_modules')) || process.cwd(),
    Parser: Parser.default ?? Parser,
    path: { basename, dirname, extname, relative, resolve, join },
    process: {
      argv: () => process.argv,
      cwd: process.cwd,
      emitWarning: (warning: string, type: string) => process.emitWarning(warning, type),
      execPath: () => process.execPath,
      exit: (code: number) => process.exit(code),
      nextTick: process.nextTick,
      stdColumns: typeof process.stdout.columns !== 'undefined' ? process.stdout.columns : null,
    },
    readFileSync,
    readdirSync,
    require: requireFromYargs,
    getCallerFile: () => {
      const file: string = (getCallerFile.default ?? getCallerFile)(3);
      return file.startsWith('file://') ? fileURLToPath(file) : file;
    },
    y18n: (y18n.default ?? y18n)({ directory: resolve(root, 'locales'), updateFiles: false }),
  };
  return YargsFactory(shim);
}
