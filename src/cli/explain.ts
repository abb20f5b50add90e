// `nlscope explain FILE --frame N [--index I]` / `nlscope explain --hex '<bytes>' --protocol route`:
// every byte of one packet's netlink data next to its field, value and byte order;
// `--format json` for the field tree, `--html -o page.html` for the browser.
import type { Argv } from 'yargs';
import { captureFile } from './args.js';
import { writeFileSync } from 'node:fs';
import { readCapture } from '../capture/reader.js';
import { explainBytes, explainJson, renderExplainText, type Explained } from '../render/explain.js';
import { renderExplainHtml } from '../render/explain-html.js';
import { fromHex } from '../wire/bytes.js';
import { protocolById, protocolId } from '../../codecs/index.js';
import { decodePacket } from '../codec/message.js';
import type { Session } from '../codec/session.js';
import { genlOptions, genlSession, type GenlArgs } from './genl.js';
import type { Direction } from '../codec/schema.js';
import { fail } from './output.js';

interface Args extends GenlArgs {
  file?: string; frame?: number; index?: number; hex?: string; protocol?: string; direction?: string;
  format: string; html?: boolean; output?: string; color?: boolean;
}

export const explainCommand = {
  command: 'explain [file]',
  describe: 'show every byte of one packet: field, value, offset and byte order (terminal, JSON or HTML)',
  builder: (y: Argv) => genlOptions(y)
    .positional('file', captureFile('capture file (pcap or pcapng)', false))
    .option('frame', { alias: 'n', type: 'number', describe: 'the frame to explain (1-based, as decode numbers them)' })
    .option('index', { alias: 'i', type: 'number', describe: 'only this message of the packet (0-based)' })
    .option('hex', { type: 'string', describe: 'explain these bytes instead of a capture frame (spaces, colons and 0x allowed)' })
    .option('protocol', { alias: 'p', type: 'string', describe: 'netlink protocol of --hex bytes (route, sock_diag, 0 ...); default route' })
    .option('direction', { alias: 'd', choices: ['to-kernel', 'to-user'], describe: 'direction of --hex bytes; default: to-kernel when the first header has NLM_F_REQUEST, else to-user' })
    .option('format', { alias: 'f', choices: ['text', 'json'], default: 'text', describe: 'output format' })
    .option('html', { type: 'boolean', describe: 'write a self-contained HTML page (byte grid, tree, C declarations)' })
    .option('output', { alias: 'o', type: 'string', describe: 'file to write (required with --html; - for stdout)' })
    .option('color', { type: 'boolean', describe: 'ANSI colors (default: when stdout is a terminal and NO_COLOR is unset)' })
    .example('$0 explain captures/route-dump.pcap --frame 4', 'the RTM_NEWLINK of lo, byte by byte')
    .example("$0 explain --hex '14000000120001030000000000000000 00000000' -p route", 'a hand-made RTM_GETLINK dump request')
    .example('$0 explain captures/sockdiag.pcap -n 2 --html -o layout.html', 'the page for the browser'),
  handler: (argv: Args) => runExplain(argv),
};

/** Parses hex as people paste it: `0c 00 03 00`, `0c:00`, `0x0c0x00`, line breaks. */
export function parseHexInput(text: string): Uint8Array | undefined {
  const clean = text.replace(/0x/gi, '').replace(/[\s:,\-]/g, '');
  if (clean.length === 0 || clean.length % 2) return undefined;
  return fromHex(clean);
}

/** NLM_F_REQUEST (0x1) in the first header's flags: a request to the kernel. */
export function guessDirection(data: Uint8Array): Direction {
  return data.length >= 8 && (data[6]! & 1) ? 'to-kernel' : 'to-user';
}

/** The frame's bytes; the frames before it teach `session` what they say (generic netlink family ids). */
async function loadFrame(file: string, frame: number, session: Session): Promise<{ data: Uint8Array; protocol: number; direction: Direction }> {
  let seen = 0;
  try {
    for await (const ev of readCapture(file)) {
      if (ev.kind === 'problem' && ev.fatal) fail(`${file}: ${ev.problem.message}`, 2);
      if (ev.kind !== 'packet') continue;
      seen = ev.packet.frame;
      const p = ev.packet;
      if (p.frame !== frame) {
        if (p.frame < frame && protocolById(p.protocol)?.learn) {
          decodePacket(p.data, { protocol: p.protocol, direction: p.direction === 'to-user' ? 'to-user' : 'to-kernel', session });
        }
        continue;
      }
      if (p.protocol < 0) fail(`${file}: frame ${frame} is not netlink data (${p.problems.map((x) => x.message).join('; ') || 'unknown link type'})`, 1);
      const direction: Direction = p.direction === 'unknown' ? guessDirection(p.data) : p.direction;
      return { data: p.data, protocol: p.protocol, direction };
    }
  } catch (e) {
    fail(`${file}: ${(e as Error).message}`, 2);
  }
  return fail(`${file}: no frame ${frame} (the capture has ${seen} frame${seen === 1 ? '' : 's'})`, 2);
}

export async function runExplain(argv: Args): Promise<void> {
  let ex: Explained;
  let source: string;
  if (argv.hex !== undefined) {
    if (argv.file !== undefined) fail('give a capture file or --hex, not both');
    const data = parseHexInput(argv.hex);
    if (!data) fail(/[^0-9a-f\s:,]|0x/i.test(argv.hex.replace(/0x/gi, '')) ? '--hex: not hex digits (0-9, a-f; spaces, colons and 0x allowed)' : '--hex: not an even number of hex digits');
    const protocol = protocolId(argv.protocol ?? 'route');
    if (protocol === undefined) fail(`unknown protocol "${argv.protocol}"`);
    const direction = (argv.direction as Direction | undefined) ?? guessDirection(data);
    const session = await genlSession(argv);
    try { ex = explainBytes(data, { protocol, direction, index: argv.index, session }); } catch (e) { fail((e as Error).message); }
    source = `--hex (${argv.direction ? direction : `${direction}: NLM_F_REQUEST ${direction === 'to-kernel' ? 'set' : 'not set'}`})`;
  } else {
    if (argv.file === undefined) fail('name a capture file (with --frame N) or give --hex');
    if (argv.frame === undefined) fail('name the frame to explain: --frame N (decode shows the numbers)');
    if (argv.protocol !== undefined || argv.direction !== undefined) fail('--protocol and --direction apply to --hex; a capture says both');
    const session = await genlSession(argv);
    const { data, protocol, direction } = await loadFrame(argv.file, argv.frame, session);
    try { ex = explainBytes(data, { protocol, direction, frame: argv.frame, index: argv.index, session }); } catch (e) { fail((e as Error).message); }
    source = `frame ${argv.frame} of ${argv.file}`;
  }
  if (argv.html) {
    if (!argv.output) fail('--html needs -o FILE.html (or -o - for stdout)');
    const page = renderExplainHtml(ex, { title: source });
    if (argv.output === '-') process.stdout.write(page);
    else {
      try { writeFileSync(argv.output, page); } catch (e) { fail(`${argv.output}: ${(e as Error).message}`); }
      process.stderr.write(`nlscope: wrote ${argv.output}\n`);
    }
  } else {
    const color = argv.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
    const text = argv.format === 'json' ? explainJson(ex) : renderExplainText(ex, { color, source });
    if (argv.output && argv.output !== '-') {
      try { writeFileSync(argv.output, text + '\n'); } catch (e) { fail(`${argv.output}: ${(e as Error).message}`); }
    } else await writeStdout(text + '\n');
  }
  if (ex.problems?.length) process.exitCode = 1;
}

/** Writes all of `text` to stdout; a reader that went away (`| head`) ends it quietly. */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.stdout.once('error', done);
    process.stdout.write(text, done);
  });
}
