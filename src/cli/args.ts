// Arguments shared by the commands, as ip/ss/tshark users write them.
//
// Lists: `-A tcp,udp`, `--type RTM_NEWLINK --type RTM_NEWADDR`, `--frame 2,5-7`. One value
// per flag (yargs' plain array options are greedy: `decode --frame 2 FILE` took FILE as a
// second frame); commas split it.

/** The yargs spec of a list option: one value per flag, repeatable, comma-separated. */
export function listOption(describe: string) {
  return {
    type: 'string' as const, array: true as const, nargs: 1, describe,
    coerce: (v: (string | number)[]) => v.flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter(Boolean),
  };
}

/** A frame list (`4`, `2,5-7`, 1-based) as a test; throws on anything else. */
export function frameMatcher(specs: readonly string[]): (frame: number) => boolean {
  const ranges = specs.map((s) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(s);
    const lo = m ? Number(m[1]) : NaN;
    const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
    if (!(lo >= 1 && hi >= lo)) throw new Error(`--frame: "${s}" is not a frame number or range (4, 2-9; frames count from 1)`);
    return [lo, hi] as const;
  });
  return (frame) => ranges.some(([lo, hi]) => frame >= lo && frame <= hi);
}

/** The yargs spec of a capture file positional: `-` is standard input (`tcpdump -i nlmon0 -w - | nlscope decode -`). */
export function captureFile(describe: string, demandOption: boolean) {
  return {
    type: 'string' as const, demandOption, describe: `${describe}; - for standard input`,
    // yargs hands a lone `-` over as ''
    coerce: (v: string | undefined) => v === '' || v === '-' ? '/dev/stdin' : v,
  };
}

