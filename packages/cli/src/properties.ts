// The Java client's configuration format: a .properties file (key=value or key: value, # and !
// comments, backslash line continuations) and the JAAS line of sasl.jaas.config.
import { UsageError } from './errors.ts';

/** Parses Java properties text into a map (the subset Kafka client configs use). */
export function parseProperties(text: string): Map<string, string> {
  const result = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trimStart();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++i]!.trimStart();
    }
    const match = /^((?:\\.|[^=:\s\\])+)\s*[=:\s]\s*(.*)$/.exec(line);
    const key = match ? match[1]! : line;
    const value = match ? match[2]! : '';
    result.set(unescapeJava(key), unescapeJava(value));
  }
  return result;
}

function unescapeJava(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) => {
    if (c.length === 5) return String.fromCharCode(Number.parseInt(c.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', f: '\f' } as Record<string, string>)[c] ?? c;
  });
}

/** The login module and its options of a `sasl.jaas.config` value. */
export interface JaasConfig {
  loginModule: string;
  options: Map<string, string>;
}

/**
 * Parses `org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";`.
 * Values may be quoted (with backslash escapes) or bare.
 */
export function parseJaasConfig(text: string): JaasConfig {
  const head = /^\s*([\w.$]+)\s+(required|requisite|sufficient|optional)\s*/.exec(text);
  if (!head)
    throw new UsageError(
      `sasl.jaas.config: expected '<LoginModule> required key="value" ...;', got '${text}'`,
    );
  const options = new Map<string, string>();
  let rest = text.slice(head[0].length);
  const option = /^([\w.-]+)\s*=\s*(?:"((?:\\.|[^"\\])*)"|([^\s;"]+))\s*/;
  for (;;) {
    rest = rest.trimStart();
    if (rest === '' || rest.startsWith(';')) break;
    const m = option.exec(rest);
    if (!m) throw new UsageError(`sasl.jaas.config: cannot read the options at '${rest}'`);
    options.set(m[1]!, m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!);
    rest = rest.slice(m[0].length);
  }
  return { loginModule: head[1]!, options };
}
