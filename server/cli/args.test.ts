import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.ts';

describe('command-line words', () => {
  it('takes positional words, valued options (spaced or with =) and switches', () => {
    const args = parseArgs(['/b', '--data', '/d', '--mall=north', '--force'], ['data', 'mall'], ['force']);
    expect(args.positional).toEqual(['/b']);
    expect(Object.fromEntries(args.options)).toEqual({ data: '/d', mall: 'north' });
    expect([...args.flags]).toEqual(['force']);
  });

  it('refuses an unknown option, a switch given a value and an option without one, by name', () => {
    expect(() => parseArgs(['--forse'], [], ['force'])).toThrow('unknown option --forse');
    expect(() => parseArgs(['--force=yes'], [], ['force'])).toThrow('unknown option --force');
    expect(() => parseArgs(['/b', '--data'], ['data'], [])).toThrow('--data needs a value');
    expect(() => parseArgs(['--data='], ['data'], [])).toThrow('--data needs a value');
  });
});
