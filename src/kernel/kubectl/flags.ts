/**
 * A small pflag (spf13/pflag, as kubectl uses it): long flags `--name=value`, `--name value`,
 * short flags `-n value`, `-nvalue`, grouped booleans `-it`, `--` ending the flags, and
 * kubectl's error wording for unknown or malformed flags.
 */

export type FlagType = 'string' | 'bool' | 'int' | 'stringArray';

export interface FlagSpec {
  name: string;
  /** One-letter shorthand (`n` for `-n`). */
  short?: string;
  type: FlagType;
  default?: string | boolean | number | string[];
  /** One line for `--help`, in kubectl's words. */
  usage: string;
}

export type FlagValue = string | boolean | number | string[];

export interface ParsedArgs {
  flags: Map<string, FlagValue>;
  /** Flags the user gave (as opposed to defaults). */
  given: Set<string>;
  positionals: string[];
  /** Words after `--` (a command to run, for `exec` and `run`). */
  afterDash: string[] | undefined;
}

/** A usage mistake: printed as `error: <message>`, then `See 'kubectl <cmd> -h' for help and examples`. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function convert(spec: FlagSpec, raw: string, shown: string): FlagValue {
  switch (spec.type) {
    case 'bool':
      if (
        raw === 'true' ||
        raw === '1' ||
        raw === 't' ||
        raw === 'T' ||
        raw === 'TRUE' ||
        raw === 'True'
      )
        return true;
      if (
        raw === 'false' ||
        raw === '0' ||
        raw === 'f' ||
        raw === 'F' ||
        raw === 'FALSE' ||
        raw === 'False'
      )
        return false;
      throw new UsageError(
        `invalid argument "${raw}" for "${shown}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`,
      );
    case 'int': {
      if (!/^[-+]?\d+$/.test(raw)) {
        throw new UsageError(
          `invalid argument "${raw}" for "${shown}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`,
        );
      }
      return Number(raw);
    }
    default:
      return raw;
  }
}

/** Parses `args` against `specs`; throws UsageError as kubectl words it (`unknown flag: --replica`). */
export function parseFlags(args: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const flags = new Map<string, FlagValue>();
  const given = new Set<string>();
  for (const s of specs) {
    if (s.default !== undefined)
      flags.set(s.name, Array.isArray(s.default) ? [...s.default] : s.default);
    else if (s.type === 'bool') flags.set(s.name, false);
    else if (s.type === 'stringArray') flags.set(s.name, []);
  }
  const set = (spec: FlagSpec, raw: string, shown: string) => {
    const value = convert(spec, raw, shown);
    if (spec.type === 'stringArray') {
      const list = given.has(spec.name) ? (flags.get(spec.name) as string[]) : [];
      flags.set(spec.name, [...list, raw]);
    } else {
      flags.set(spec.name, value);
    }
    given.add(spec.name);
  };
  const positionals: string[] = [];
  let afterDash: string[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      afterDash = args.slice(i + 1);
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const spec = byName.get(name);
      if (!spec) throw new UsageError(`unknown flag: --${name}`);
      if (eq >= 0) set(spec, arg.slice(eq + 1), `--${name}`);
      else if (spec.type === 'bool') set(spec, 'true', `--${name}`);
      else if (i + 1 < args.length) set(spec, args[++i], `--${name}`);
      else throw new UsageError(`flag needs an argument: --${name}`);
    } else if (arg.startsWith('-') && arg.length > 1 && arg !== '-') {
      // Grouped shorthands: -it, -n ns, -nns, -n=ns.
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j];
        const spec = byShort.get(letter);
        if (!spec) throw new UsageError(`unknown shorthand flag: '${letter}' in ${arg}`);
        if (spec.type === 'bool') {
          if (arg[j + 1] === '=') {
            set(spec, arg.slice(j + 2), `-${letter}, --${spec.name}`);
            break;
          }
          set(spec, 'true', `-${letter}, --${spec.name}`);
          continue;
        }
        const rest = arg.slice(j + 1).replace(/^=/, '');
        if (rest) set(spec, rest, `-${letter}, --${spec.name}`);
        else if (i + 1 < args.length) set(spec, args[++i], `-${letter}, --${spec.name}`);
        else throw new UsageError(`flag needs an argument: '${letter}' in -${letter}`);
        break;
      }
    } else {
      positionals.push(arg);
    }
  }
  return { flags, given, positionals, afterDash };
}

/** Typed reads of parsed flags. */
export function flagString(args: ParsedArgs, name: string): string {
  return String(args.flags.get(name) ?? '');
}
export function flagBool(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true;
}
export function flagInt(args: ParsedArgs, name: string): number {
  return Number(args.flags.get(name) ?? 0);
}
export function flagArray(args: ParsedArgs, name: string): string[] {
  return (args.flags.get(name) as string[] | undefined) ?? [];
}
