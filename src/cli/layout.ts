// `nlscope layout NAME`: the layout of a message kind (RTM_NEWLINK), a struct (inet_diag_msg,
// nlattr) or an attribute set (IFLA) as the declarations in codecs/ give it: C declaration,
// a drawn table of offsets and sizes, and a byte diagram.
import type { Argv } from 'yargs';
import { codecRegistry, renderLayout } from '../render/layout.js';
import { PROTOCOLS } from '../../codecs/index.js';
import type { Direction } from '../codec/schema.js';
import { fail } from './output.js';
import { writeStdout } from './explain.js';

interface Args { name?: string; direction?: string; list?: boolean }

export const layoutCommand = {
  command: 'layout [name]',
  describe: 'draw the layout of a message kind, struct or attribute set (RTM_NEWLINK, inet_diag_msg, nlattr, IFLA ...)',
  builder: (y: Argv) => y
    .positional('name', { type: 'string', describe: 'message type (RTM_NEWLINK), struct (ifinfomsg, inet_diag_msg, nlattr) or attribute set (IFLA, INET_DIAG)' })
    .option('direction', { alias: 'd', choices: ['to-kernel', 'to-user'], describe: 'for messages whose fixed header depends on direction (SOCK_DIAG_BY_FAMILY)' })
    .option('list', { alias: 'l', type: 'boolean', describe: 'list the names known' })
    .example('$0 layout RTM_NEWLINK', 'nlmsghdr + ifinfomsg + the IFLA_* attributes')
    .example('$0 layout inet_diag_msg', 'what ss reads for each socket'),
  handler: (argv: Args) => runLayout(argv),
};

export async function runLayout(argv: Args): Promise<void> {
  if (argv.list || !argv.name) {
    if (!argv.list) fail('name a message type, struct or attribute set (or --list)');
    const reg = codecRegistry();
    await writeStdout([
      `messages: ${PROTOCOLS.flatMap((p) => [...p.byName.keys()]).join(' ')}`, '',
      `structs: ${[...reg.structs.keys()].sort().join(' ')}`, '',
      `attribute sets: ${[...reg.sets.keys()].sort().join(' ')}`, '',
    ].join('\n'));
    return;
  }
  const text = renderLayout(argv.name, { direction: argv.direction as Direction | undefined });
  if (text === undefined) fail(`"${argv.name}" is not a message type, struct or attribute set nlscope knows (see nlscope layout --list)`);
  await writeStdout(text + '\n');
}
