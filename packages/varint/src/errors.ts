/**
 * The error classes every lk package throws. They live in the lowest package of the chain so that
 * all packages share one hierarchy without depending on anything else.
 *
 * `instanceof` works across duplicate copies of the lk packages (two versions installed side by
 * side): classes are compared by a registered kind name, not by identity.
 */
/**
 * The static key that names an error class for cross-copy `instanceof`. Every subclass must set its
 * own: `static override readonly [errorKind]: string = 'MyError';` (otherwise it matches as its parent).
 */
export const errorKind: unique symbol = Symbol.for('@lk/error-kind') as never;

type ErrorClass = { readonly [errorKind]?: string };

/**
 * Base of every error lk throws. `code` is stable and meant for programs; `message` is for people.
 * Each subclass names its codes as a union (`Code`), so a misspelt code fails type-checking.
 */
export class LkError<Code extends string = string> extends Error {
  static readonly [errorKind]: string = 'LkError';
  /** A stable machine-readable code such as `LK_WIRE_TRUNCATED`. */
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = (new.target as ErrorClass)[errorKind] ?? 'LkError';
  }

  /** True when `value` is an instance of this class by kind name, also across duplicate copies of lk. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    // `this` is the class on the right of `instanceof`, possibly a subclass.
    // biome-ignore lint/complexity/noThisInStatic: the subclass is exactly what is wanted here
    const wanted = (this as ErrorClass)[errorKind];
    for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
      const ctor = (proto as { constructor?: ErrorClass }).constructor;
      if (ctor !== undefined && Object.hasOwn(ctor, errorKind) && ctor[errorKind] === wanted) return true;
    }
    return false;
  }
}

/**
 * The codes lk's packages throw a plain {@link DecodeError} with (its subclasses name their own).
 * Listed here, at the bottom of the stack, so that a misspelt code fails type-checking everywhere.
 */
export type DecodeErrorCode =
  | 'LK_VARINT_OVERLONG'
  | 'LK_VARINT_TRUNCATED'
  | 'LK_VARINT_UNSAFE'
  | 'LK_WIRE_COUNT'
  | 'LK_WIRE_LENGTH'
  | 'LK_WIRE_NULL'
  | 'LK_WIRE_RANGE'
  | 'LK_WIRE_TRAILING'
  | 'LK_WIRE_TRUNCATED'
  | 'LK_WIRE_UTF8'
  | 'LK_RECORD_RANGE'
  | 'LK_RECORD_TRUNCATED'
  | 'LK_BATCH_TIMESTAMP'
  | 'LK_API_KEY_MISMATCH'
  | 'LK_API_NULL';

/** The codes lk's packages throw a plain {@link EncodeError} with (its subclasses name their own). */
export type EncodeErrorCode =
  | 'LK_VARINT_RANGE'
  | 'LK_WIRE_RANGE'
  | 'LK_WIRE_TAG'
  | 'LK_WIRE_UUID'
  | 'LK_RECORD_ATTRIBUTES'
  | 'LK_BATCH_BUFFER_SIZE'
  | 'LK_BATCH_COMPRESSED'
  | 'LK_BATCH_EMPTY'
  | 'LK_BATCH_FIELD'
  | 'LK_BATCH_FINISHED'
  | 'LK_BATCH_SEQUENCE'
  | 'LK_BATCH_TIMESTAMP';

/** Input bytes that do not form a valid value: truncated, over-long, out of range or inconsistent. */
export class DecodeError<Code extends string = DecodeErrorCode> extends LkError<Code> {
  static override readonly [errorKind]: string = 'DecodeError';
  /** Byte offset in the input where the problem was found, when known. */
  readonly offset: number | undefined;

  // NoInfer: `new DecodeError('LK_…')` checks the code against the class's union instead of
  // inferring a new one from it; subclasses pass their own union as `Code`.
  constructor(code: NoInfer<Code>, message: string, offset?: number, options?: { cause?: unknown }) {
    super(code, offset === undefined ? message : `${message} (at byte ${offset})`, options);
    this.offset = offset;
  }
}

/** A value that cannot be encoded: out of range for its wire type, or too large. */
export class EncodeError<Code extends string = EncodeErrorCode> extends LkError<Code> {
  static override readonly [errorKind]: string = 'EncodeError';

  constructor(code: NoInfer<Code>, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
