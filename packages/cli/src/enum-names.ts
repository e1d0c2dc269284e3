// Names of protocol enum values for output: ConfigSource 1 → "TOPIC_CONFIG".

export function enumName(table: Readonly<Record<string, number | bigint>>, value: number | bigint): string {
  for (const [name, v] of Object.entries(table)) if (v === value) return name;
  return String(value);
}

/** The value of an enum name given on the command line (case-insensitive, - or _). */
export function enumValue<T extends Readonly<Record<string, number>>>(
  table: T,
  name: string,
): T[keyof T] | undefined {
  const key = name.toUpperCase().replace(/-/g, '_');
  return Object.hasOwn(table, key) ? (table[key] as T[keyof T]) : undefined;
}
