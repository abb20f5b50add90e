// Generic netlink options shared by decode, encode, stats and report: `--spec` (YNL specs of
// families nlscope does not ship) and `--genl-family ID=NAME` (ids a capture does not say).
import type { Argv } from 'yargs';
import { Session } from '../codec/session.js';
import { onSpecWarning } from '../../codecs/genl/spec-warnings.js';
import { fail } from './output.js';

export interface GenlArgs { spec?: string[]; genlFamily?: string[] }

export function genlOptions<T>(y: Argv<T>): Argv<T & GenlArgs> {
  return y
    // one value per flag (repeat the flag for more), so `--spec X FILE` leaves FILE positional
    .option('spec', {
      type: 'string', array: true, nargs: 1,
      describe: 'YNL spec of a generic netlink family (kernel Documentation/netlink/specs/*.yaml), or a directory of them; repeatable',
    })
    .option('genl-family', {
      type: 'string', array: true, nargs: 1,
      describe: 'generic netlink family id when the capture lacks its CTRL answer: ID=NAME (27=ethtool); repeatable',
    }) as Argv<T & GenlArgs>;
}

/**
 * Loads the specs and returns the session the capture starts with. A spec that cannot be
 * used ends the program with one line (exit 2); constructs it cannot decode are warnings.
 * The YNL compiler and the family table load only for --spec (a capture's own generic netlink
 * loads them when the decode reaches it): 10 ms of every other command's start.
 */
export async function genlSession(argv: GenlArgs): Promise<Session> {
  const warn = (line: string) => process.stderr.write(`nlscope: warning: ${line}\n`);
  onSpecWarning(warn);
  if (argv.spec?.length) {
    const [{ addSpecs }, { YnlError }] = await Promise.all([import('../../codecs/genl/families.js'), import('../ynl/index.js')]);
    for (const path of argv.spec) {
      try {
        const added = addSpecs(path);
        for (const w of added.warnings) warn(w);
        if (added.skipped.length) warn(`${path}: ${added.skipped.length} specs of other protocols skipped (${added.skipped.join(', ')})`);
      } catch (e) {
        if (e instanceof YnlError) fail(`--spec ${e.message}`);
        throw e;
      }
    }
  }
  try {
    return Session.withGenlFamilies(argv.genlFamily ?? []);
  } catch (e) {
    return fail((e as Error).message);
  }
}
