/**
 * @lk/cli: `lk`, a Kafka command line on the lk packages: produce, consume, metadata, topics,
 * configs, groups, ACLs, offsets, lag, any API from JSON (`lk call`) and perf tests.
 *
 * The bin is `lk`; the exports let a program run it in-process (`run(argv, io)`) or reuse its
 * parsers (Java properties, kcat-style format strings, bigint-safe JSON).
 *
 * @example
 * ```ts
 * import { run } from '@lk/cli';
 * const code = await run(['metadata', '-b', '127.0.0.1:9092'], {
 *   stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env,
 * });
 * ```
 * @module
 */
export { type FlagSpec, type FlagSpecs, type FlagValues, type ParsedArgs, parseFlags } from './args.ts';
export type { Command, Context, Io, Log } from './command.ts';
export { COMMANDS } from './commands/index.ts';
export { CONNECTION_FLAGS, connectionOptions, type Env } from './connection.ts';
export { ExitCode, UsageError } from './errors.ts';
export { compileFormat, type FormatPart } from './format.ts';
export { commandHelp, mainHelp } from './help.ts';
export { bytesToJson, toJson } from './json.ts';
export { main } from './main.ts';
export { type JaasConfig, parseJaasConfig, parseProperties } from './properties.ts';
export { describeError, findCommand, run, VERSION } from './run.ts';
