// Reading a kernel YNL spec (Documentation/netlink/specs/*.yaml) into plain data, with
// errors that name the file and the place. The `yaml` package costs ~80 ms to load, and
// most runs never meet a generic netlink family: it is required on first use, not imported.
import { createRequire } from 'node:module';

/** A spec that cannot be used: one line, naming the file and what is wrong. */
export class YnlError extends Error {}

/** A valid spec of a protocol other than generic netlink (netlink-raw: rtnetlink, nftables ...). */
export class YnlProtocolError extends YnlError {}

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;
function yaml(): YamlModule {
  yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return yamlModule;
}

export type Raw = Record<string, unknown>;

/** Parses YAML text; syntax errors become a YnlError with the line and column. */
export function parseYaml(text: string, source: string): Raw {
  const y = yaml();
  let doc: unknown;
  try {
    doc = y.parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    const err = e as Error & { linePos?: Array<{ line: number; col: number }> };
    const at = err.linePos?.[0];
    const first = String(err.message).split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new YnlError(`${source}${at ? `:${at.line}:${at.col}` : ''}: YAML error: ${first}`);
  }
  if (!isMap(doc)) throw new YnlError(`${source}: not a YNL spec (expected a mapping with name, attribute-sets, operations)`);
  return doc;
}

export const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Typed access to a spec node that reports where a required piece is missing or wrong. */
export class Node {
  constructor(readonly raw: Raw, readonly where: string, private readonly source: string) {}

  fail(what: string): never {
    throw new YnlError(`${this.source}: ${this.where ? `${this.where}: ` : ''}${what}`);
  }

  str(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    return this.fail(`${key} must be a string, not ${JSON.stringify(v)}`);
  }

  need(key: string): string {
    return this.str(key) ?? this.fail(`${key} is missing`);
  }

  int(key: string): number | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    return this.fail(`${key} must be an integer, not ${JSON.stringify(v)}`);
  }

  bool(key: string): boolean {
    const v = this.raw[key];
    if (v === undefined || v === null) return false;
    if (typeof v === 'boolean') return v;
    return this.fail(`${key} must be true or false, not ${JSON.stringify(v)}`);
  }

  /** A list of mappings (or, with `strings`, of names or mappings). */
  list(key: string, label = key): Node[] {
    const v = this.raw[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) return this.fail(`${key} must be a list`);
    return v.map((item, i) => {
      const raw = typeof item === 'string' ? { name: item } : item;
      if (!isMap(raw)) return this.fail(`${key}[${i}] must be a mapping`);
      const name = typeof raw.name === 'string' ? raw.name : String(i);
      return new Node(raw, `${this.where} > ${label} ${name}`.replace(/^ > /, ''), this.source);
    });
  }

  map(key: string): Node | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (!isMap(v)) return this.fail(`${key} must be a mapping`);
    return new Node(v, `${this.where} > ${key}`.replace(/^ > /, ''), this.source);
  }

  /** Keys the loader does not know: reported as warnings, never fatal. */
  unknownKeys(known: ReadonlySet<string>): string[] {
    return Object.keys(this.raw).filter((k) => !known.has(k));
  }
}
