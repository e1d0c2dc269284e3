// Generates packages/api/src/generated from the vendored Kafka specs in packages/api/spec.
// Deterministic: the same specs always give byte-identical files (CI regenerates and diffs).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  apiFiles,
  apiKeyFile,
  apiRangesFile,
  apiTableFile,
  header,
  indexFile,
  schemaFile,
} from './emit-files.ts';
import { enumFields, enumsBody, readEnums } from './enums.ts';
import { errorMessagesBody, errorTableBody } from './error-table.ts';
import { apiName } from './naming.ts';
import { loadSpecs, type MessageSpec } from './spec.ts';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const specDir = join(packageDir, 'spec');
const outDir = join(packageDir, 'src', 'generated');

/** Headers are used by the framing code only; everything else is public. */
const INTERNAL = new Set(['request-header', 'response-header']);

function main(): void {
  const specs = loadSpecs(join(specDir, 'messages'));
  const requests = specs.filter((spec) => spec.kind === 'request');
  const responses = new Map(
    specs.filter((spec) => spec.kind === 'response').map((spec) => [spec.apiKey, spec]),
  );
  const enums = readEnums(join(specDir, 'enums.json'));
  const fieldEnums = enumFields(enums, specs);
  const files = new Map<string, string>();
  const add = (name: string, text: string): void => {
    if (files.has(name)) throw new Error(`two generated files named ${name}`);
    files.set(name, text);
  };
  for (const request of requests) {
    const response = responses.get(request.apiKey);
    if (response === undefined || apiName(response.name) !== apiName(request.name))
      throw new Error(`${request.name} has no matching response`);
    const { client, broker } = apiFiles(request, response, fieldEnums);
    add(client.name, client.text);
    add(broker.name, broker.text);
  }
  for (const spec of specs.filter((s) => s.kind === 'header' || s.kind === 'data')) {
    const file = schemaFile(spec, fieldEnums);
    add(file.name, file.text);
  }
  checkUniqueTypeNames(
    specs,
    enums.map((spec) => spec.name),
  );
  add('api-key', apiKeyFile(requests));
  add('api-table', apiTableFile(requests));
  add('broker/api-table', apiTableFile(requests, 'broker'));
  add('api-ranges', apiRangesFile(requests));
  const errorSources = [join(specDir, 'errors.tsv'), join(specDir, 'ERRORS.md')] as const;
  const errors = errorTableBody(...errorSources).toString();
  add('error-codes', `${header('errors.tsv + ERRORS.md')}\n${errors}\n`);
  const messages = errorMessagesBody(...errorSources).toString();
  add('error-messages', `${header('errors.tsv + ERRORS.md')}\n${messages}\n`);
  add('enums', `${header('enums.json (values from its Java sources)')}\n${enumsBody(enums).toString()}\n`);
  const modules = [...files.keys()].filter((name) => !INTERNAL.has(name)).sort();
  // The broker's side is a second entry point (@lk/api/broker), with an index of its own.
  const brokerPrefix = 'broker/';
  add('index', indexFile(modules.filter((name) => !name.startsWith(brokerPrefix))));
  add(
    'broker/index',
    indexFile(
      modules.filter((name) => name.startsWith(brokerPrefix)).map((name) => name.slice(brokerPrefix.length)),
    ),
  );

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'broker'), { recursive: true });
  for (const [name, text] of [...files].sort(([a], [b]) => a.localeCompare(b)))
    writeFileSync(join(outDir, `${name}.ts`), text);
  console.log(`generated ${files.size} files in ${outDir}`);
}

/** Every exported type name must be unique across the package, or `export *` would silently drop one. */
function checkUniqueTypeNames(specs: MessageSpec[], enumNames: string[]): void {
  const seen = new Map<string, string>(
    ['ApiKey', 'ErrorCode', 'ErrorName', ...enumNames].map((name) => [name, 'the tables']),
  );
  for (const spec of specs) {
    for (const name of [spec.name, ...spec.structs.map((struct) => `${spec.name}${struct.specName}`)]) {
      const other = seen.get(name);
      if (other !== undefined) throw new Error(`type ${name} comes from both ${other} and ${spec.fileName}`);
      seen.set(name, spec.fileName);
    }
  }
}

main();
