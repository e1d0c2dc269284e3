// The vendored specs, parsed by the generator's own parser, so tests can walk the schema.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiName } from '../../scripts/generate/naming.ts';
import { loadSpecs, type MessageSpec } from '../../scripts/generate/spec.ts';

const specDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'spec', 'messages');

/** Every spec file, parsed. */
export const specs: readonly MessageSpec[] = loadSpecs(specDir);

/** The request and response specs of an API, by its name (`Produce`). */
export function specsOf(name: string): { request: MessageSpec; response: MessageSpec } {
  const find = (kind: 'request' | 'response'): MessageSpec => {
    const spec = specs.find((s) => s.kind === kind && apiName(s.name) === name);
    if (spec === undefined) throw new Error(`no ${kind} spec for ${name}`);
    return spec;
  };
  return { request: find('request'), response: find('response') };
}
