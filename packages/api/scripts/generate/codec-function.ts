import type { Code } from './code.ts';
import type { FileContext } from './types.ts';
import { versionCondition } from './versions.ts';

/** The `const flexible = …;` line a codec body needs, or '' when the body does not use the flag. */
export function flexibleFlag(ctx: FileContext, body: string): string {
  if (!/(?<![.\w$])flexible(?![\w$])/.test(body)) return '';
  return `const flexible = ${versionCondition(ctx.message.flexibleVersions, ctx.context)};`;
}

/**
 * Opens a codec function: unused parameters get a leading underscore (the compiler checks for
 * them), and `flexible` is declared when the body uses it.
 */
export function openCodec(
  code: Code,
  ctx: FileContext,
  body: Code,
  signature: (param: (name: string) => string) => string,
): void {
  const flag = flexibleFlag(ctx, body.toString());
  const text = `${flag}\n${body.toString()}`;
  code.open(
    signature((name) => (new RegExp(`(?<![.\\w$])${name}(?![\\w$:])`).test(text) ? name : `_${name}`)),
  );
  if (flag !== '') code.line(flag);
  code.append(body).close();
}
