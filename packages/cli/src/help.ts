// --help text: the command's usage, flags (connection flags last) and examples.
import type { FlagSpec, FlagSpecs } from './args.ts';
import type { Command } from './command.ts';
import { CONNECTION_FLAGS } from './connection.ts';

function flagLine(name: string, spec: FlagSpec): [string, string] {
  const short = spec.short ? `-${spec.short}, ` : '    ';
  const value = spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : '';
  return [`  ${short}--${name}${value}`, spec.help + (spec.multiple ? ' (repeatable)' : '')];
}

function table(rows: [string, string][]): string[] {
  const width = Math.min(40, Math.max(...rows.map(([l]) => l.length)) + 2);
  return rows.map(([l, r]) =>
    l.length + 2 > width ? `${l}\n${' '.repeat(width)}${r}` : `${l.padEnd(width)}${r}`,
  );
}

function flagSection(title: string, specs: FlagSpecs): string[] {
  const rows = Object.entries(specs).map(([name, spec]) => flagLine(name, spec));
  return rows.length === 0 ? [] : ['', `${title}:`, ...table(rows)];
}

/** The usage line of a command. */
export function usageLine(command: Command): string {
  return `usage: lk ${command.name}${command.args ? ` ${command.args}` : ''} [flags]`;
}

/** The full --help text of a command. */
export function commandHelp(command: Command): string {
  const lines = [`lk ${command.name}: ${command.summary}`, '', usageLine(command)];
  if (command.aliases) lines.push(`also: ${command.aliases.map((a) => `lk ${a}`).join(', ')}`);
  if (command.details) lines.push('', ...command.details);
  lines.push(
    ...flagSection('Flags', { ...command.flags, help: { type: 'boolean', short: 'h', help: 'this help' } }),
  );
  if (command.connects) lines.push(...flagSection('Connection', CONNECTION_FLAGS));
  lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}

/** `lk --help`: every command with its summary. */
export function mainHelp(commands: readonly Command[], version: string): string {
  const rows = commands.map((c): [string, string] => [`  ${c.name}`, c.summary]);
  return `${[
    `lk ${version}: a Kafka command line (produce, consume, inspect and administer a cluster).`,
    '',
    'usage: lk COMMAND [ARGS] [flags]      lk COMMAND --help for its flags and examples',
    '',
    'Commands:',
    ...table(rows),
    '',
    'Connection: -b/--bootstrap, LK_BOOTSTRAP, or a Java client properties file (-F/--config, LK_CONFIG).',
    'Data goes to stdout, diagnostics to stderr. Exit codes: 0 ok, 1 failure, 2 usage error. NO_COLOR is honoured.',
    '',
    'Examples:',
    '  printf "k1:v1\\nk2:v2\\n" | lk produce events -b 127.0.0.1:9092 -K :',
    '  lk consume events -b 127.0.0.1:9092 -o beginning -e -f "%p %o %k=%s\\n"',
    '  lk call Metadata --json \'{"topics":null}\' -b 127.0.0.1:9092',
  ].join('\n')}\n`;
}
