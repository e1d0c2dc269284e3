import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { choiceFlag, intFlag, parseFlags } from '../src/args.ts';
import { connectionOptions } from '../src/connection.ts';
import { UsageError } from '../src/errors.ts';
import { parseStartAt } from '../src/offset-spec.ts';
import { parseJaasConfig, parseProperties } from '../src/properties.ts';

describe('flags', () => {
  const specs = {
    count: { type: 'string', short: 'c', help: '' },
    exit: { type: 'boolean', short: 'e', help: '' },
    header: { type: 'string', multiple: true, help: '' },
  } as const;

  it('parses short, long, repeated flags and positionals', () => {
    const parsed = parseFlags(['t', '-c', '5', '-e', '--header', 'a=1', '--header', 'b=2'], specs);
    expect(parsed).toEqual({ flags: { count: '5', exit: true, header: ['a=1', 'b=2'] }, positionals: ['t'] });
  });

  it('an unknown flag or a missing value is a UsageError naming the flag', () => {
    expect(() => parseFlags(['--bogus'], specs)).toThrow(new UsageError("Unknown option '--bogus'"));
    expect(() => parseFlags(['-c'], specs)).toThrow(/Option '-c, --count <value>' argument missing/);
    expect(() => parseFlags(['-c'], specs)).toThrow(UsageError);
  });

  it('numbers and choices name the flag when wrong', () => {
    expect(intFlag({ n: '12' }, 'n', 0)).toBe(12);
    expect(intFlag({}, 'n', 7)).toBe(7);
    expect(() => intFlag({ n: '1.5' }, 'n', 0)).toThrow(
      "--n must be an integer from 0 to 2147483647, got '1.5'",
    );
    expect(() => intFlag({ n: '-1' }, 'n', 0)).toThrow(UsageError);
    expect(choiceFlag({ z: 'lz4' }, 'z', ['none', 'lz4'], 'none')).toBe('lz4');
    expect(() => choiceFlag({ z: 'brotli' }, 'z', ['none', 'lz4'], 'none')).toThrow(
      "--z must be one of none, lz4, got 'brotli'",
    );
  });
});

describe('start offsets', () => {
  it('reads kcat words, offsets, relative offsets and times', () => {
    expect(parseStartAt('beginning')).toEqual({ kind: 'beginning' });
    expect(parseStartAt('end')).toEqual({ kind: 'end' });
    expect(parseStartAt('stored')).toEqual({ kind: 'stored' });
    expect(parseStartAt('42')).toEqual({ kind: 'offset', offset: 42n });
    expect(parseStartAt('9007199254740993')).toEqual({ kind: 'offset', offset: 9007199254740993n });
    expect(parseStartAt('-10')).toEqual({ kind: 'fromEnd', count: 10n });
    expect(parseStartAt('@1700000000000')).toEqual({ kind: 'time', ms: 1_700_000_000_000 });
    expect(parseStartAt('s@1700000000000')).toEqual({ kind: 'time', ms: 1_700_000_000_000 });
    expect(parseStartAt('@2026-12-01T00:00:00Z')).toEqual({ kind: 'time', ms: Date.UTC(2026, 11, 1) });
    expect(() => parseStartAt('middle')).toThrow(/--offset must be beginning, end, stored/);
    expect(() => parseStartAt('@yesterday')).toThrow(UsageError);
  });
});

describe('Java client properties', () => {
  it('parses comments, separators, escapes and continuations', () => {
    const props = parseProperties(
      '# comment\n! also\nbootstrap.servers=a:1,b:2\nsecurity.protocol : SASL_SSL\nclient.id lk-test\n' +
        'long=one\\\n    two\nescaped=a\\=b\\u0041\n\n',
    );
    expect([...props]).toEqual([
      ['bootstrap.servers', 'a:1,b:2'],
      ['security.protocol', 'SASL_SSL'],
      ['client.id', 'lk-test'],
      ['long', 'onetwo'],
      ['escaped', 'a=bA'],
    ]);
  });

  it('parses a JAAS line, quoted values with escapes', () => {
    const jaas = parseJaasConfig(
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="p\\"w;d" extra=x;',
    );
    expect(jaas.loginModule).toBe('org.apache.kafka.common.security.scram.ScramLoginModule');
    expect([...jaas.options]).toEqual([
      ['username', 'alice'],
      ['password', 'p"w;d'],
      ['extra', 'x'],
    ]);
    expect(() => parseJaasConfig('username="x"')).toThrow(UsageError);
  });

  it('turns a properties file into connection options; flags beat env beat the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lk-cli-'));
    const file = join(dir, 'client.properties');
    writeFileSync(join(dir, 'ca.pem'), 'CA PEM');
    writeFileSync(
      file,
      [
        'bootstrap.servers=h1:9093,h2:9093',
        'security.protocol=SASL_SSL',
        'sasl.mechanism=SCRAM-SHA-512',
        'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";',
        'ssl.truststore.type=PEM',
        `ssl.truststore.location=${join(dir, 'ca.pem')}`,
        'client.id=from-file',
      ].join('\n'),
    );
    const options = connectionOptions({ config: file }, {});
    expect(options).toEqual({
      bootstrap: ['h1:9093', 'h2:9093'],
      tls: { ca: 'CA PEM' },
      sasl: expect.objectContaining({ mechanism: 'SCRAM-SHA-512', username: 'u', password: 'p' }),
      clientId: 'from-file',
    });
    const overridden = connectionOptions(
      { config: file, bootstrap: 'flag:1', property: ['client.id=from-x'] },
      { LK_BOOTSTRAP: 'env:1', LK_SASL_PASSWORD: 'env-secret' },
    );
    expect(overridden.bootstrap).toEqual(['flag:1']);
    expect(overridden.clientId).toBe('from-x');
    expect(overridden.sasl).toMatchObject({
      mechanism: 'SCRAM-SHA-512',
      username: 'u',
      password: 'env-secret',
    });
    expect(connectionOptions({}, { LK_CONFIG: file, LK_BOOTSTRAP: 'env:1' }).bootstrap).toEqual(['env:1']);
  });

  it('names what is missing or wrong', () => {
    expect(() => connectionOptions({}, {})).toThrow(/--bootstrap is required/);
    expect(() => connectionOptions({ bootstrap: 'a:1', 'sasl-mechanism': 'PLAIN' }, {})).toThrow(
      /PLAIN needs --sasl-username/,
    );
    expect(() => connectionOptions({ bootstrap: 'a:1', 'sasl-mechanism': 'GSSAPI' }, {})).toThrow(
      /--sasl-mechanism must be one of/,
    );
    expect(() =>
      connectionOptions(
        { bootstrap: 'a:1', property: ['security.protocol=SSL', 'ssl.truststore.type=JKS'] },
        {},
      ),
    ).toThrow(/lk reads PEM files only/);
    expect(() => connectionOptions({ bootstrap: 'a:1', property: ['nonsense'] }, {})).toThrow(
      /--property must be KEY=VALUE/,
    );
  });
});
