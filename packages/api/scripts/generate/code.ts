/** Collects generated lines with two-space indentation, so emitters never count spaces themselves. */
export class Code {
  private readonly lines: string[] = [];
  private depth = 0;

  /** Adds one line (or a blank line for ''). */
  line(text: string): this {
    this.lines.push(text === '' ? '' : '  '.repeat(this.depth) + text);
    return this;
  }

  /** Adds `head {` and indents what follows until `close()`. */
  open(head: string): this {
    this.line(`${head} {`);
    this.depth++;
    return this;
  }

  /** Adds `text` as is (ending in `{`, `[` or `({`) and indents what follows until `close()`. */
  openRaw(text: string): this {
    this.line(text);
    this.depth++;
    return this;
  }

  /** Opens a bare `{` block, to scope temporaries. */
  openBlock(): this {
    this.line('{');
    this.depth++;
    return this;
  }

  /** Closes a block: `}` unless another `tail` is given. */
  close(tail = '}'): this {
    this.depth--;
    return this.line(tail);
  }

  /** Closes a block and opens the next one on the same line, e.g. `} else {`. */
  reopen(head: string): this {
    this.depth--;
    this.line(`} ${head} {`);
    this.depth++;
    return this;
  }

  /** Appends another Code's lines, indented to the current depth. */
  append(other: Code): this {
    for (const text of other.lines) this.line(text);
    return this;
  }

  toString(): string {
    return this.lines.join('\n');
  }
}

/** Wraps text as a doc comment, one ` * ` line per paragraph line. */
export function docComment(code: Code, text: string): void {
  const lines = text.replace(/\*\//g, '*\\/').split('\n');
  if (lines.length === 1) {
    code.line(`/** ${lines[0]} */`);
    return;
  }
  code.line('/**');
  for (const line of lines) code.line(line === '' ? ' *' : ` * ${line}`);
  code.line(' */');
}
