/** Command-line words: positional ones, `--name value` options and `--flag` switches. */
export interface Args {
  positional: string[];
  options: Map<string, string>;
  flags: Set<string>;
}

/**
 * Parses `argv` (without node and the script). `valued` names the options that take a value; any
 * other `--word` is a switch, and one not in `switches` is refused by name.
 */
export function parseArgs(argv: readonly string[], valued: readonly string[], switches: readonly string[]): Args {
  const out: Args = { positional: [], options: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (!word.startsWith('--')) {
      out.positional.push(word);
      continue;
    }
    const [name, inline] = word.slice(2).split(/=(.*)/s, 2);
    if (valued.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new Error(`--${name} needs a value`);
      out.options.set(name, value);
    } else if (switches.includes(name) && inline === undefined) {
      out.flags.add(name);
    } else {
      throw new Error(`unknown option --${name}`);
    }
  }
  return out;
}
