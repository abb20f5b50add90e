// What a capture has said so far that later messages depend on. Generic netlink
// family ids are assigned at boot: the CTRL_CMD_NEWFAMILY answers in a capture
// say which id is which family, and every later message of that id is read by it.
// One Session per capture (or per encoded stream), fed in capture order.

export class Session {
  /** generic netlink family id -> family name (learned from CTRL answers, or given) */
  readonly genlFamilies = new Map<number, string>();
  /** generic netlink multicast group id -> "family/group" */
  readonly genlGroups = new Map<number, string>();

  /** `ID=NAME` pairs as given on the command line (`--genl-family 27=ethtool`). */
  static withGenlFamilies(pairs: readonly string[] = []): Session {
    const s = new Session();
    for (const p of pairs) {
      const m = /^(0x[0-9a-f]+|\d+)=(\S+)$/i.exec(p.trim());
      if (!m) throw new Error(`--genl-family: "${p}" is not ID=NAME`);
      s.genlFamilies.set(Number(m[1]), m[2]!);
    }
    return s;
  }

  /** id of a family by name, if known */
  genlId(name: string): number | undefined {
    for (const [id, n] of this.genlFamilies) if (n === name) return id;
    return undefined;
  }
}
