import { describe, expect, it } from 'vitest';
import { CliError, EXIT_USAGE, parseFlags } from './args';

describe('parseFlags', () => {
  const spec = { scale: 'string', out: 'string', seed: 'number', quiet: 'boolean' } as const;

  it('reads --name value, --name=value and boolean flags', () => {
    expect(parseFlags(['--scale', 'city', '--out=data/', '--seed', '7', '--quiet'], spec)).toEqual({
      scale: 'city',
      out: 'data/',
      seed: 7,
      quiet: true,
    });
    expect(parseFlags([], spec)).toEqual({});
  });

  it('rejects unknown options, missing values, bad numbers and positionals as usage errors', () => {
    const usage = (args: string[]) => {
      try {
        parseFlags(args, spec);
      } catch (e) {
        expect(e).toBeInstanceOf(CliError);
        expect((e as CliError).exitCode).toBe(EXIT_USAGE);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(usage(['--size', 'x'])).toMatch(/unknown option --size/);
    expect(usage(['--out'])).toMatch(/--out needs a value/);
    expect(usage(['--out', '--seed', '1'])).toMatch(/--out needs a value/);
    expect(usage(['--seed', 'abc'])).toMatch(/--seed must be a number/);
    expect(usage(['demo'])).toMatch(/unexpected argument "demo"/);
  });
});
