import { readFileSync } from 'node:fs';
import { Code, docComment } from './code.ts';
import { KAFKA_VERSION } from './emit-files.ts';
import { quote } from './types.ts';

interface ErrorRow {
  code: number;
  name: string;
  retriable: boolean;
  message: string;
}

/** Reads `errors.tsv` (code, name, retriable, message; one header row). */
function readErrors(tsvPath: string): ErrorRow[] {
  const [head, ...rows] = readFileSync(tsvPath, 'utf8').trimEnd().split('\n');
  if (head !== 'code\tname\tretriable\tmessage') throw new Error(`unexpected errors.tsv header: ${head}`);
  return rows.map((row) => {
    const [code, name, retriable, message = ''] = row.split('\t');
    if (code === undefined || name === undefined || (retriable !== 'true' && retriable !== 'false'))
      throw new Error(`bad errors.tsv row: ${row}`);
    return { code: Number(code), name, retriable: retriable === 'true', message };
  });
}

/** The codes listed in ERRORS.md's "Invalid metadata" table (`| 3 | UNKNOWN_TOPIC_OR_PARTITION |`). */
function readInvalidMetadataCodes(markdownPath: string): Set<number> {
  const text = readFileSync(markdownPath, 'utf8');
  const start = text.indexOf('## "Invalid metadata"');
  const end = text.indexOf('\n## ', start + 1);
  if (start < 0) throw new Error('ERRORS.md has no "Invalid metadata" section');
  const codes = new Set<number>();
  for (const match of text
    .slice(start, end < 0 ? undefined : end)
    .matchAll(/^\|\s*(-?\d+)\s*\|\s*[A-Z_]+\s*\|/gm))
    codes.add(Number(match[1]));
  return codes;
}

/** Reads both sources once: the rows and the invalid-metadata codes, checked against Kafka 4.3.1's counts. */
function readTable(
  tsvPath: string,
  markdownPath: string,
): { rows: ErrorRow[]; invalidMetadata: Set<number> } {
  const rows = readErrors(tsvPath);
  const invalidMetadata = readInvalidMetadataCodes(markdownPath);
  if (rows.length !== 135) throw new Error(`expected 135 error codes, found ${rows.length}`);
  if (invalidMetadata.size !== 13)
    throw new Error(`expected 13 invalid-metadata codes, found ${invalidMetadata.size}`);
  return { rows, invalidMetadata };
}

/**
 * The body of `error-codes.ts`: every Kafka error code's name and the two flags a client acts on.
 * The messages are in `error-messages.ts` (about 9 kB minified), so that code which only handles
 * errors (KafkaError, the client) does not bundle them.
 */
export function errorTableBody(tsvPath: string, markdownPath: string): Code {
  const { rows, invalidMetadata } = readTable(tsvPath, markdownPath);
  const body = new Code();
  body.line('');
  docComment(
    body,
    `Every Kafka ${KAFKA_VERSION} error code by its Java enum name (Errors.java), e.g. \`ErrorCode.NOT_COORDINATOR === 16\`.`,
  );
  body.openRaw('export const ErrorCode = {');
  for (const row of rows) {
    docComment(body, `${row.message || 'No error.'}${row.retriable ? ' (retriable)' : ''}`);
    body.line(`${row.name}: ${row.code},`);
  }
  body.close('} as const;');
  docComment(body, 'A Kafka error code: one of the values of {@link ErrorCode}.');
  body.line('export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];');
  docComment(body, "The Java enum name of a Kafka error code, e.g. `'NOT_COORDINATOR'`.");
  body.line('export type ErrorName = keyof typeof ErrorCode;');
  body.line('');
  docComment(body, 'One Kafka error code: its enum name, default message and client-handling flags.');
  body.open('export interface ErrorCodeInfo');
  body.line('readonly code: ErrorCode;');
  body.line('readonly name: ErrorName;');
  body.line('readonly message: string;');
  docComment(
    body,
    "The broker's exception class extends RetriableException: the same request may succeed later.",
  );
  body.line('readonly retriable: boolean;');
  docComment(body, 'The exception class extends InvalidMetadataException: refresh metadata, then retry.');
  body.line('readonly invalidMetadata: boolean;');
  body.close();
  body.line('');
  const codes = (select: (row: ErrorRow) => boolean): string =>
    rows
      .filter(select)
      .map((row) => row.code)
      .join(', ');
  docComment(
    body,
    `The codes whose exception class extends RetriableException (Kafka ${KAFKA_VERSION}, errors.tsv): the same request may succeed later.`,
  );
  body.line(
    `export const retriableErrorCodes: ReadonlySet<number> = /*@__PURE__*/ new Set([${codes((row) => row.retriable)}]);`,
  );
  docComment(
    body,
    `The codes whose exception class extends InvalidMetadataException (Kafka ${KAFKA_VERSION}, ERRORS.md): refresh metadata, then retry.`,
  );
  body.line(
    `export const invalidMetadataErrorCodes: ReadonlySet<number> = /*@__PURE__*/ new Set([${codes((row) => invalidMetadata.has(row.code))}]);`,
  );
  return body;
}

/** The body of `error-messages.ts`: every code's default message, and the whole table built with it. */
export function errorMessagesBody(tsvPath: string, markdownPath: string): Code {
  const { rows } = readTable(tsvPath, markdownPath);
  const body = new Code();
  body.line(
    "import { ErrorCode, type ErrorCodeInfo, type ErrorName, invalidMetadataErrorCodes, retriableErrorCodes } from './error-codes.ts';",
  );
  body.line('');
  // The names are ErrorCode's keys, so they are not written twice.
  docComment(body, "Per code, in {@link ErrorCode}'s order: the default message (the Java exception's).");
  body.openRaw('const messages: readonly string[] = [');
  for (const row of rows) body.line(`${quote(row.message)}, // ${row.name}`);
  body.close('];');
  body.line('');
  docComment(
    body,
    `Every error code of Kafka ${KAFKA_VERSION} (-1 to 133) with its default message, from errors.tsv and ERRORS.md.`,
  );
  // A pure IIFE: bundlers drop the whole table (and the messages) when nothing reads it.
  body.openRaw(
    'export const errorCodeTable: readonly ErrorCodeInfo[] = /*@__PURE__*/ (() => (Object.entries(ErrorCode) as [ErrorName, ErrorCode][]).map(([name, code], index) => ({',
  );
  body.line('code,');
  body.line('name,');
  body.line('message: messages[index]!,');
  body.line('retriable: retriableErrorCodes.has(code),');
  body.line('invalidMetadata: invalidMetadataErrorCodes.has(code),');
  body.close('})))();');
  return body;
}
