import type { FieldSpec, MessageSpec, StructSpec } from './spec.ts';

/** `ThrottleTimeMs` -> `throttleTimeMs`, as Kafka's Java generator names its fields. */
export function camelCase(specName: string): string {
  return specName.charAt(0).toLowerCase() + specName.slice(1);
}

/** `ProduceRequest` -> `Produce`: the API's name, used for its definition and its file. */
export function apiName(messageName: string): string {
  return messageName.replace(/(Request|Response)$/, '');
}

/** `ApiVersions` -> `api-versions`. */
export function kebabCase(name: string): string {
  return name
    .replace(/^KRaft/, 'Kraft')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/**
 * The TypeScript type of a struct: the message name, plus the spec's struct name for nested ones
 * (`ProduceRequestTopicProduceData`). Kafka requires struct names to be unique within a file, so
 * this cannot collide within a message; main.ts checks across messages.
 */
export function structTypeName(message: MessageSpec, struct: StructSpec): string {
  return struct === message.root ? message.name : `${message.name}${struct.specName}`;
}

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally ' +
    'for function if import in instanceof new null return super switch this throw true try typeof var void ' +
    'while with yield let static implements interface package private protected public await arguments eval ' +
    // Names the generated codecs use themselves.
    'r w v version flexible result'
  ).split(' '),
);

/** The name of a decoder's local variable for `field`, steering clear of keywords and codec names. */
export function localName(field: FieldSpec): string {
  const name = camelCase(field.name);
  return RESERVED.has(name) ? `${name}Value` : name;
}
