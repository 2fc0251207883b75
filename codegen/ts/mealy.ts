// mealy.ts, the support module of the TypeScript that mealyc generates. Do not edit.
// Written by `mealyc generate --ts-out DIR` next to the generated modules, which
// import it as "./mealy.js" (its source is codegen/ts/mealy.ts in mealy's tree). It has no imports and uses nothing but the
// ECMAScript 2020 library, so it runs in browsers and in Node alike.
//
// It holds what every generated decoder and encoder shares, written to give
// the same results as the C++ runtime (runtime/src/json_read.cpp,
// read_context.cpp, json_write.cpp, double_format.cpp, rfc3339.cpp,
// base64.cpp):
//   - reading a parsed JSON value with the JSON path of the first error,
//     "$.lines[2].quantity: expected int32, got string";
//   - canonical JSON writing: no spaces, map keys sorted by UTF-8 bytes,
//     strings escaped as the C++ writer escapes them, numbers as
//     JSON.stringify writes them, 64-bit integers as decimal strings;
//   - RFC 3339 timestamps, strict padded base64, UTF-8 lengths.
//
// Values (the TypeScript type of each schema type):
//   bool boolean · int32, uint32, float64 number · int64, uint64 bigint ·
//   duration bigint (microseconds) · string string · bytes Uint8Array ·
//   uuid string (lowercase 8-4-4-4-12) · timestamp string (canonical RFC 3339,
//   "2026-11-22T10:00:00.000000Z") · list<T> T[] · map<string, T>
//   Map<string, T> · optional<T> an optional property in a record, T | null
//   inside a list or a map · enum a union of its members' names.

/** Limits on what a decoder accepts, as in C++ (mealy::json::Limits). */
export interface Limits {
  /** Size of a JSON text in UTF-8 bytes (fromJson only); default 64 MiB. */
  readonly maxBytes?: number;
  /** Nesting of objects and arrays; default 64. */
  readonly maxDepth?: number;
}

/** A decoded value, or the first error with its JSON path. */
export type Decoded<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      /** "$.path: message", the text of the C++ decoder's error. */
      readonly error: string;
      /** "$.lines[2].quantity" */
      readonly path: string;
      readonly message: string;
    };

/** The first constraint a value breaks, as C++'s mealy::Violation. */
export interface Violation {
  /** The path from the checked value, "line.quantity", "tags[1].name". */
  readonly field: string;
  /** "min", "max", "min_length" or "max_length". */
  readonly code: string;
  /** "line.quantity must be at least 1" */
  readonly message: string;
}

/** A result of the machine functions that can fail (evolve, replay). */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export type Bytes = Uint8Array;
export type StringMap<T> = Map<string, T>;

/** The first error of a decode, thrown inside and caught by decode(). */
class DecodeFailure {
  constructor(
    readonly path: string,
    readonly message: string,
  ) {}
}

const kDefaultMaxBytes = 64 * 1024 * 1024;
const kDefaultMaxDepth = 64;

/** Where a decode is: the JSON path and the nesting depth. */
export class ReadContext {
  private readonly segments: (string | number)[] = [];
  private depth = 0;

  constructor(private readonly maxDepth: number) {}

  pushKey(key: string): void {
    this.segments.push(key);
  }
  pushIndex(index: number): void {
    this.segments.push(index);
  }
  pop(): void {
    this.segments.pop();
  }

  /** Enters an object or array; fails past the depth limit. */
  enter(): void {
    if (this.depth >= this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth} levels`);
    ++this.depth;
  }
  leave(): void {
    --this.depth;
  }

  /** "$.a[2].b", keys that are not plain identifiers as JSON strings in brackets. */
  path(): string {
    let text = "$";
    for (const segment of this.segments) {
      if (typeof segment === "number") text += `[${segment}]`;
      else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) text += "." + segment;
      else text += "[" + writeString(segment) + "]";
    }
    return text;
  }

  fail(message: string): never {
    throw new DecodeFailure(this.path(), message);
  }
  failType(expected: string, value: unknown): never {
    return this.fail(`expected ${expected}, got ${jsonType(value)}`);
  }
  failMissing(name: string): never {
    return this.fail(`missing required field '${name}'`);
  }
}

/** Reads `value` with `read`, catching the first error. */
export function decode<T>(value: unknown, limits: Limits | undefined, read: (ctx: ReadContext, value: unknown) => T): Decoded<T> {
  const ctx = new ReadContext(limits?.maxDepth ?? kDefaultMaxDepth);
  try {
    return { ok: true, value: read(ctx, value) };
  } catch (error) {
    if (error instanceof DecodeFailure) return failed(error.path, error.message);
    throw error;
  }
}

/**
 * Parses JSON text strictly (parseStrict), then reads it like decode(). Text
 * over the byte limit is an error at "$".
 */
export function decodeJson<T>(text: string, limits: Limits | undefined, read: (ctx: ReadContext, value: unknown) => T): Decoded<T> {
  const maxBytes = limits?.maxBytes ?? kDefaultMaxBytes;
  const size = utf8Length(text);
  if (size > maxBytes) return failed("$", `document of ${size} bytes exceeds the limit of ${maxBytes} bytes`);
  const parsed = decode(text, limits, (ctx, json) => new StrictParser(json as string, ctx).document());
  if (!parsed.ok) return parsed;
  return decode(parsed.value, limits, read);
}

/**
 * Parses JSON text as strictly as the C++ decoders read it: RFC 8259 JSON
 * (JSON.parse accepts the same texts), and besides
 *   - no key twice in an object: "$.a.b: duplicate key" at the second one
 *     (JSON.parse keeps the last, C++ would see both);
 *   - no lone surrogate, escaped or not, in a string or a key;
 *   - no number beyond float64's range: "value 1e400 is out of range for float64";
 *   - objects and arrays nested at most maxDepth deep, each counted.
 * Errors name the JSON path and read as C++'s do; for a syntax error the two
 * may name different places (both say "malformed JSON: ..."). Objects come
 * back as plain objects, arrays as arrays.
 */
export function parseStrict(text: string, limits?: Limits): Decoded<unknown> {
  return decode(text, limits, (ctx, json) => new StrictParser(json as string, ctx).document());
}

const kPlainRun = /[^"\\\u0000-\u001F\uD800-\uDFFF]*/y;
const kNumber = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const kSyntax = "malformed JSON: a missing or misplaced comma, colon, key, brace or bracket";
const kBadEscape = "malformed JSON: a bad escape sequence or lone surrogate in a string";

/** The recursive-descent parser behind parseStrict(); `ctx` holds the path and the depth. */
class StrictParser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly ctx: ReadContext,
  ) {}

  document(): unknown {
    this.whitespace();
    if (this.pos >= this.text.length) return this.ctx.fail("malformed JSON: the document is empty");
    const value = this.value();
    this.whitespace();
    if (this.pos < this.text.length) return this.ctx.fail("trailing content after the JSON value");
    return value;
  }

  private whitespace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      ++pos;
    }
    this.pos = pos;
  }

  /** Past the end: the document stopped inside an array, object or string. */
  private syntax(): never {
    if (this.pos >= this.text.length) return this.ctx.fail("malformed JSON: an array or object is not closed");
    return this.ctx.fail(kSyntax);
  }

  private value(): unknown {
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 0x7b:
        return this.object();
      case 0x5b:
        return this.array();
      case 0x22:
        return this.string();
      case 0x74:
        return this.literal("true", true);
      case 0x66:
        return this.literal("false", false);
      case 0x6e:
        return this.literal("null", null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
        return this.syntax();
    }
  }

  /** Whether the token that started at `pos` ends here: at whitespace, a delimiter or the end. */
  private atTokenEnd(): boolean {
    if (this.pos >= this.text.length) return true;
    const c = this.text.charCodeAt(this.pos);
    return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2c || c === 0x5d || c === 0x7d || c === 0x3a;
  }

  private literal<T>(word: string, value: T): T {
    if (this.text.startsWith(word, this.pos)) {
      this.pos += word.length;
      if (this.atTokenEnd()) return value;
    }
    return this.ctx.fail(`malformed JSON: an invalid literal (expected ${word})`);
  }

  private number(): number {
    kNumber.lastIndex = this.pos;
    const match = kNumber.exec(this.text);
    const start = this.pos;
    if (match !== null) this.pos += match[0].length;
    if (match === null || !this.atTokenEnd()) return this.ctx.fail("malformed JSON: a malformed number");
    const token = this.text.slice(start, this.pos);
    const value = Number(token);
    if (!Number.isFinite(value)) {
      const shown = token.length <= 64 ? token : token.slice(0, 64) + "...";
      return this.ctx.fail(`value ${shown} is out of range for float64`);
    }
    return value;
  }

  /** A string, the opening quote at `pos`. */
  private string(): string {
    const text = this.text;
    let pos = this.pos + 1;
    let out = "";
    for (;;) {
      kPlainRun.lastIndex = pos;
      kPlainRun.exec(text);
      const end = kPlainRun.lastIndex;
      out += text.slice(pos, end);
      pos = end;
      if (pos >= text.length) return this.ctx.fail("malformed JSON: a string is not closed");
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        this.pos = pos + 1;
        return out;
      }
      if (c < 0x20) return this.ctx.fail("malformed JSON: an unescaped control character in a string");
      if (c >= 0xd800 && c <= 0xdfff) {
        // A surrogate as it stands in the text: only a pair is a character.
        const next = text.charCodeAt(pos + 1);
        if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) throw new DecodeFailure("$", "malformed JSON: invalid UTF-8");
        out += text.slice(pos, pos + 2);
        pos += 2;
        continue;
      }
      // A backslash.
      const escaped = text.charAt(pos + 1);
      pos += 2;
      switch (escaped) {
        case '"':
        case "\\":
        case "/":
          out += escaped;
          continue;
        case "b":
          out += "\b";
          continue;
        case "f":
          out += "\f";
          continue;
        case "n":
          out += "\n";
          continue;
        case "r":
          out += "\r";
          continue;
        case "t":
          out += "\t";
          continue;
        case "u":
          break;
        default:
          return this.ctx.fail(kBadEscape);
      }
      const unit = this.hex(pos);
      pos += 4;
      if (unit >= 0xdc00 && unit <= 0xdfff) return this.ctx.fail(kBadEscape);
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const low = text.startsWith("\\u", pos) ? this.hex(pos + 2) : -1;
        if (!(low >= 0xdc00 && low <= 0xdfff)) return this.ctx.fail(kBadEscape);
        out += String.fromCharCode(unit, low);
        pos += 6;
        continue;
      }
      out += String.fromCharCode(unit);
    }
  }

  /** The four hex digits at `at` as a number; a bad escape otherwise. */
  private hex(at: number): number {
    const digits = this.text.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) return this.ctx.fail(kBadEscape);
    return parseInt(digits, 16);
  }

  private object(): { [key: string]: unknown } {
    this.ctx.enter();
    ++this.pos;
    const out: { [key: string]: unknown } = {};
    this.whitespace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      ++this.pos;
      this.ctx.leave();
      return out;
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 0x22) return this.syntax();
      const key = this.string();
      this.whitespace();
      if (this.text.charCodeAt(this.pos) !== 0x3a) return this.syntax();
      ++this.pos;
      this.whitespace();
      this.ctx.pushKey(key);
      if (own(out, key)) this.ctx.fail("duplicate key");
      // Defined, not assigned: a key "__proto__" is a key like any other.
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.ctx.pop();
      this.whitespace();
      const c = this.text.charCodeAt(this.pos);
      ++this.pos;
      if (c === 0x7d) break;
      if (c !== 0x2c) {
        --this.pos;
        return this.syntax();
      }
      this.whitespace();
    }
    this.ctx.leave();
    return out;
  }

  private array(): unknown[] {
    this.ctx.enter();
    ++this.pos;
    const out: unknown[] = [];
    this.whitespace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      ++this.pos;
      this.ctx.leave();
      return out;
    }
    for (;;) {
      this.ctx.pushIndex(out.length);
      out.push(this.value());
      this.ctx.pop();
      this.whitespace();
      const c = this.text.charCodeAt(this.pos);
      ++this.pos;
      if (c === 0x5d) break;
      if (c !== 0x2c) {
        --this.pos;
        return this.syntax();
      }
      this.whitespace();
    }
    this.ctx.leave();
    return out;
  }
}

function failed<T>(path: string, message: string): Decoded<T> {
  return { ok: false, error: `${path}: ${message}`, path, message };
}

/** The JSON type of a parsed value, as C++ names it in errors. */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "boolean":
      return "boolean";
    case "number":
      return "number";
    case "string":
      return "string";
    case "object":
      return "object";
    default:
      return typeof value;
  }
}

/** Whether a property of an object is its own (not inherited). */
export function own(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

const kLoneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const kLoneSurrogateGlobal = new RegExp(kLoneSurrogate.source, "g");

/** A JSON string's text (C++ refuses a string holding a lone surrogate). */
function readText(ctx: ReadContext, value: unknown, typeName: string): string {
  if (typeof value !== "string") return ctx.failType(typeName, value);
  if (kLoneSurrogate.test(value)) return ctx.fail("malformed JSON: a bad escape sequence or lone surrogate in a string");
  return value;
}

// ---------------------------------------------------------------------------
// Reading

/** A JSON object's own keys, in order; each key must be well-formed text. */
export function readObject(ctx: ReadContext, value: unknown, expected = "object"): { [key: string]: unknown } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return ctx.failType(expected, value);
  for (const key of Object.keys(value)) {
    if (kLoneSurrogate.test(key)) ctx.fail("malformed JSON: a bad escape sequence or lone surrogate in a string");
  }
  return value as { [key: string]: unknown };
}

export function readBool(ctx: ReadContext, value: unknown): boolean {
  if (typeof value !== "boolean") return ctx.failType("bool", value);
  return value;
}

/**
 * Whether C++ would read the number's text as an integer token. JSON.parse
 * keeps no text, so this reads the text JavaScript prints: digits alone are an
 * integer, a fraction or an exponent is not (C++ refuses `1e2` for an int32
 * as it refuses `1.5`; JavaScript prints 100 as "100", so such texts are
 * accepted here; codegen/README.md lists this difference).
 */
function isIntegerText(value: number): boolean {
  return Number.isInteger(value) && !String(value).includes("e");
}

function readNarrow(ctx: ReadContext, value: unknown, typeName: string, min: number, max: number): number {
  if (typeof value !== "number") return ctx.failType(typeName, value);
  if (!isIntegerText(value)) return ctx.fail(`expected ${typeName}, got ${String(value)}`);
  if (value < min || value > max) return ctx.fail(`value ${String(value)} is out of range for ${typeName}`);
  return value === 0 ? 0 : value;  // -0 reads as 0, as in C++
}

export function readInt32(ctx: ReadContext, value: unknown): number {
  return readNarrow(ctx, value, "int32", -2147483648, 2147483647);
}

export function readUint32(ctx: ReadContext, value: unknown): number {
  return readNarrow(ctx, value, "uint32", 0, 4294967295);
}

const kInt64Min = -(2n ** 63n);
const kInt64Max = 2n ** 63n - 1n;
const kUint64Max = 2n ** 64n - 1n;

function readWide(ctx: ReadContext, value: unknown, typeName: string, described: string, min: bigint, max: bigint): bigint {
  if (typeof value === "string") {
    const text = readText(ctx, value, typeName);
    if (!/^-?(0|[1-9][0-9]*)$/.test(text) || text === "-0") {
      return ctx.fail(`expected ${described}, got ${quoteForMessage(text)}`);
    }
    const number = BigInt(text);
    if (number < min || number > max) return ctx.fail(`value ${text} is out of range for ${typeName}`);
    return number;
  }
  if (typeof value !== "number") return ctx.failType(typeName, value);
  if (!isIntegerText(value)) return ctx.fail(`expected ${typeName}, got ${String(value)}`);
  if (!Number.isSafeInteger(value)) {
    return ctx.fail(
      `number ${String(value)} is outside the safe-integer range (+-9007199254740991); write ${typeName} as a string`,
    );
  }
  if (min === 0n && value < 0) return ctx.fail(`value ${String(value)} is out of range for ${typeName}`);
  return BigInt(value);
}

export function readInt64(ctx: ReadContext, value: unknown): bigint {
  return readWide(ctx, value, "int64", "int64 as a decimal string", kInt64Min, kInt64Max);
}

export function readUint64(ctx: ReadContext, value: unknown): bigint {
  return readWide(ctx, value, "uint64", "uint64 as a decimal string", 0n, kUint64Max);
}

export function readDuration(ctx: ReadContext, value: unknown): bigint {
  return readWide(ctx, value, "duration", "duration as a decimal string of microseconds", kInt64Min, kInt64Max);
}

export function readFloat64(ctx: ReadContext, value: unknown): number {
  if (typeof value !== "number") return ctx.failType("float64", value);
  if (!Number.isFinite(value)) return ctx.fail(`value ${String(value)} is out of range for float64`);
  return value;
}

export function readString(ctx: ReadContext, value: unknown): string {
  return readText(ctx, value, "string");
}

export function readBytes(ctx: ReadContext, value: unknown): Uint8Array {
  const text = readText(ctx, value, "bytes");
  const bytes = decodeBase64(text);
  if (bytes === undefined) return ctx.fail(`expected base64, got ${quoteForMessage(text)}`);
  return bytes;
}

const kUuid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function readUuid(ctx: ReadContext, value: unknown): string {
  const text = readText(ctx, value, "uuid");
  if (!kUuid.test(text)) return ctx.fail(`expected a uuid, got ${quoteForMessage(text)}`);
  return text.toLowerCase();
}

export function readTimestamp(ctx: ReadContext, value: unknown): string {
  const text = readText(ctx, value, "timestamp");
  const parsed = parseTimestamp(text);
  switch (parsed) {
    case "malformed":
      return ctx.fail(`expected an RFC 3339 timestamp, got ${quoteForMessage(text)}`);
    case "too_precise":
      return ctx.fail(`timestamp ${quoteForMessage(text)} has more than 6 fraction digits`);
    case "out_of_range":
      return ctx.fail(`timestamp ${quoteForMessage(text)} is out of range (years 0000 to 9999 in UTC)`);
    default:
      return parsed.canonical;
  }
}

/** An enum member by its name. */
export function readEnum<Member extends string>(
  ctx: ReadContext,
  value: unknown,
  enumName: string,
  members: readonly Member[],
): Member {
  if (typeof value !== "string") return ctx.failType("string", value);
  const member = members.find((candidate) => candidate === value);
  if (member === undefined) return ctx.fail(`unknown ${enumName} member '${value}'`);
  return member;
}

/** An optional inside a list or a map: null (or nothing) reads as null. */
export function readNullable<T>(ctx: ReadContext, value: unknown, read: (ctx: ReadContext, value: unknown) => T): T | null {
  if (value === null || value === undefined) return null;
  return read(ctx, value);
}

export function readList<T>(ctx: ReadContext, value: unknown, read: (ctx: ReadContext, value: unknown) => T): T[] {
  if (!Array.isArray(value)) return ctx.failType("array", value);
  ctx.enter();
  const out: T[] = [];
  value.forEach((item: unknown, index: number) => {
    ctx.pushIndex(index);
    out.push(read(ctx, item));
    ctx.pop();
  });
  ctx.leave();
  return out;
}

export function readMap<T>(ctx: ReadContext, value: unknown, read: (ctx: ReadContext, value: unknown) => T): Map<string, T> {
  const object = readObject(ctx, value);
  ctx.enter();
  const out = new Map<string, T>();
  for (const key of Object.keys(object)) {
    ctx.pushKey(key);
    out.set(key, read(ctx, object[key]));
    ctx.pop();
  }
  ctx.leave();
  return out;
}

/**
 * A wrapped command, event or state, {"type", "version", "payload"} with the
 * keys in any order: `read` gets the type, the version (1 when absent or not
 * asked for, as C++ reads commands) and the payload, read at $.payload.
 */
export function readWrapped<T>(
  ctx: ReadContext,
  value: unknown,
  withVersion: boolean,
  read: (type: string, version: number, payload: unknown) => T,
): T {
  const object = readObject(ctx, value);
  ctx.enter();  // the wrapper is a level of nesting, as in C++
  const type = readTypeKey(ctx, object);
  let version = 1;
  if (withVersion && own(object, "version")) {
    ctx.pushKey("version");
    version = readUint32(ctx, object["version"]);
    ctx.pop();
  }
  const payload = payloadOf(ctx, object);
  ctx.pushKey("payload");
  const out = read(type, version, payload);
  ctx.pop();
  ctx.leave();
  return out;
}

/** The "type" of a wrapped command, event or state: a string key that must be there. */
export function readTypeKey(ctx: ReadContext, object: { [key: string]: unknown }): string {
  if (!own(object, "type")) return ctx.failMissing("type");
  ctx.pushKey("type");
  const type = readText(ctx, object["type"], "string");
  ctx.pop();
  return type;
}

/** The "payload" of a wrapped command, event or state. */
export function payloadOf(ctx: ReadContext, object: { [key: string]: unknown }): unknown {
  if (!own(object, "payload")) return ctx.failMissing("payload");
  return object["payload"];
}

// ---------------------------------------------------------------------------
// Writing. Each writer returns canonical JSON text. A value that no C++ value
// can equal (an int32 of 1.5, a bigint beyond 64 bits, a uuid or timestamp
// text that does not parse) throws a RangeError.

export function writeBool(value: boolean): string {
  return value ? "true" : "false";
}

function writeNarrow(value: number, typeName: string, min: number, max: number): string {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`mealy: ${String(value)} is not a valid ${typeName}`);
  }
  return String(value === 0 ? 0 : value);
}

export function writeInt32(value: number): string {
  return writeNarrow(value, "int32", -2147483648, 2147483647);
}

export function writeUint32(value: number): string {
  return writeNarrow(value, "uint32", 0, 4294967295);
}

function writeWide(value: bigint, typeName: string, min: bigint, max: bigint): string {
  if (typeof value !== "bigint" || value < min || value > max) {
    throw new RangeError(`mealy: ${String(value)} is not a valid ${typeName}`);
  }
  return `"${value.toString()}"`;
}

export function writeInt64(value: bigint): string {
  return writeWide(value, "int64", kInt64Min, kInt64Max);
}

export function writeUint64(value: bigint): string {
  return writeWide(value, "uint64", 0n, kUint64Max);
}

export function writeDuration(value: bigint): string {
  return writeWide(value, "duration", kInt64Min, kInt64Max);
}

/** The shortest text that reads back to the number, as JSON.stringify; null when not finite. */
export function writeFloat64(value: number): string {
  return Number.isFinite(value) ? String(value) : "null";
}

const kMustEscape = /["\\\u0000-\u001F\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escapeCharacter(c: string): string {
  switch (c) {
    case '"':
      return '\\"';
    case "\\":
      return "\\\\";
    case "\b":
      return "\\b";
    case "\f":
      return "\\f";
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
    case "\u2028":
      return "\\u2028";
    case "\u2029":
      return "\\u2029";
    default: {
      const code = c.charCodeAt(0);
      if (code >= 0xd800 && code <= 0xdfff) return "\uFFFD";  // a lone surrogate, as ill-formed UTF-8 in C++
      return "\\u00" + code.toString(16).padStart(2, "0");
    }
  }
}

/** A JSON string: only `"`, `\`, control characters and U+2028/U+2029 escaped; lone surrogates become U+FFFD. */
export function writeString(value: string): string {
  return '"' + value.replace(kMustEscape, escapeCharacter) + '"';
}

export function writeBytes(value: Uint8Array): string {
  return '"' + encodeBase64(value) + '"';
}

export function writeUuid(value: string): string {
  if (!kUuid.test(value)) throw new RangeError(`mealy: ${JSON.stringify(value)} is not a uuid`);
  return '"' + value.toLowerCase() + '"';
}

/** Any RFC 3339 text the decoders accept, written in the canonical form. */
export function writeTimestamp(value: string): string {
  const parsed = parseTimestamp(value);
  if (typeof parsed === "string") throw new RangeError(`mealy: ${JSON.stringify(value)} is not a valid timestamp (${parsed})`);
  return '"' + parsed.canonical + '"';
}

export function writeNullable<T>(value: T | null, write: (value: T) => string): string {
  return value === null ? "null" : write(value);
}

export function writeList<T>(values: readonly T[], write: (value: T) => string): string {
  return "[" + values.map((value) => write(value)).join(",") + "]";
}

/** Keys sorted by their UTF-8 bytes (that is, by code points), as std::map sorts them. */
export function writeMap<T>(values: ReadonlyMap<string, T>, write: (value: T) => string): string {
  const entries: [string, T][] = [];
  for (const [key, value] of values) entries.push([key.replace(kLoneSurrogateGlobal, "\uFFFD"), value]);
  entries.sort((a, b) => compareCodePoints(a[0], b[0]));
  return "{" + entries.map(([key, value]) => writeString(key) + ":" + write(value)).join(",") + "}";
}

/** {"type":..,"version":..,"payload":..} (a state has no version). */
export function writeWrapped(type: string, version: number | undefined, payload: string): string {
  const version_ = version === undefined ? "" : ',"version":' + String(version);
  return '{"type":' + writeString(type) + version_ + ',"payload":' + payload + "}";
}

/** {"a":1,"b":2} from [key, text] pairs, in the order given (record fields in schema order). */
export function writeObject(members: readonly (readonly [string, string])[]): string {
  return "{" + members.map(([key, text]) => writeString(key) + ":" + text).join(",") + "}";
}

function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(j) ?? 0;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

// ---------------------------------------------------------------------------
// Values

/** For a union without members (an aggregate without events): no value reaches it. */
export function unreachable(value: never): never {
  throw new TypeError("mealy: unexpected value " + String(value));
}

/** A violation of a nested record, its field and message prefixed with `path` and ".". */
export function within(path: string, inner: Violation | undefined): Violation | undefined {
  if (inner === undefined) return undefined;
  return { field: path + "." + inner.field, code: inner.code, message: path + "." + inner.message };
}

/** Constructs a map from entries (generated defaults use it). */
export function map<T>(entries: readonly (readonly [string, T])[]): Map<string, T> {
  return new Map(entries);
}

/** Constructs bytes from their values (generated defaults use it). */
export function bytes(values: readonly number[]): Uint8Array {
  return Uint8Array.from(values);
}

/** The length min_length and max_length measure in a string: Unicode code points. */
export function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; ++i) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) ++i;
    }
    ++count;
  }
  return count;
}

/** The length of a string in UTF-8 (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let size = 0;
  for (let i = 0; i < text.length; ++i) {
    const code = text.charCodeAt(i);
    if (code < 0x80) size += 1;
    else if (code < 0x800) size += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      size += 4;
      ++i;
    } else size += 3;
  }
  return size;
}

/** Text quoted for an error message: a JSON string, cut after 64 UTF-8 bytes with "...". */
export function quoteForMessage(text: string): string {
  if (utf8Length(text) <= 64) return writeString(text);
  let cut = 0;
  let size = 0;
  while (cut < text.length) {
    const code = text.codePointAt(cut) ?? 0;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (size + width > 64) break;
    size += width;
    cut += code > 0xffff ? 2 : 1;
  }
  const quoted = writeString(text.slice(0, cut));
  return quoted.slice(0, -1) + '..."';
}

// ---------------------------------------------------------------------------
// Base64: standard alphabet, padded; decoding refuses any other form.

const kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export function encodeBase64(value: Uint8Array): string {
  let out = "";
  let i = 0;
  const at = (index: number): number => value[index] ?? 0;
  const sextet = (bits: number, shift: number): string => kAlphabet.charAt((bits >> shift) & 0x3f);
  for (; i + 3 <= value.length; i += 3) {
    const bits = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    out += sextet(bits, 18) + sextet(bits, 12) + sextet(bits, 6) + sextet(bits, 0);
  }
  if (value.length - i === 1) {
    const bits = at(i) << 16;
    out += sextet(bits, 18) + sextet(bits, 12) + "==";
  } else if (value.length - i === 2) {
    const bits = (at(i) << 16) | (at(i + 1) << 8);
    out += sextet(bits, 18) + sextet(bits, 12) + sextet(bits, 6) + "=";
  }
  return out;
}

/** The bytes of padded standard base64 whose unused bits are zero; undefined for anything else. */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  let padding = 0;
  if (text.endsWith("=")) padding = text.charAt(text.length - 2) === "=" ? 2 : 1;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  const sextet = (index: number): number => {
    const c = text.charAt(index);
    return c === "" || c === "=" ? -1 : kAlphabet.indexOf(c);
  };
  const fullQuads = text.length / 4 - (padding > 0 ? 1 : 0);
  let o = 0;
  for (let q = 0; q < fullQuads; ++q) {
    const a = sextet(q * 4), b = sextet(q * 4 + 1), c = sextet(q * 4 + 2), d = sextet(q * 4 + 3);
    if (a < 0 || b < 0 || c < 0 || d < 0) return undefined;
    const bits = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = (bits >> 16) & 0xff;
    out[o++] = (bits >> 8) & 0xff;
    out[o++] = bits & 0xff;
  }
  if (padding === 0) return out;
  const last = text.length - 4;
  const a = sextet(last), b = sextet(last + 1);
  if (a < 0 || b < 0) return undefined;
  if (padding === 2) {
    if ((b & 0x0f) !== 0) return undefined;
    out[o] = ((a << 2) | (b >> 4)) & 0xff;
    return out;
  }
  const c = sextet(last + 2);
  if (c < 0 || (c & 0x03) !== 0) return undefined;
  out[o++] = ((a << 2) | (b >> 4)) & 0xff;
  out[o] = (((b & 0x0f) << 4) | (c >> 2)) & 0xff;
  return out;
}

// ---------------------------------------------------------------------------
// RFC 3339 timestamps, as runtime/src/rfc3339.cpp reads and writes them.

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

const kFirstMinute = daysFromCivil(0, 1, 1) * 1440;
const kLastMinute = daysFromCivil(9999, 12, 31) * 1440 + 1439;

function digitsAt(text: string, pos: number, width: number): number | undefined {
  if (pos + width > text.length) return undefined;
  let value = 0;
  for (let i = 0; i < width; ++i) {
    const c = text.charCodeAt(pos + i) - 48;
    if (c < 0 || c > 9) return undefined;
    value = value * 10 + c;
  }
  return value;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

/** The canonical form of an RFC 3339 timestamp, or why it is refused. */
export function parseTimestamp(text: string): { canonical: string } | "malformed" | "too_precise" | "out_of_range" {
  const year = digitsAt(text, 0, 4), month = digitsAt(text, 5, 2), day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2), minute = digitsAt(text, 14, 2), second = digitsAt(text, 17, 2);
  const separator = text.charAt(10);
  if (year === undefined || text.charAt(4) !== "-" || month === undefined || text.charAt(7) !== "-" ||
      day === undefined || (separator !== "T" && separator !== "t") || hour === undefined ||
      text.charAt(13) !== ":" || minute === undefined || text.charAt(16) !== ":" || second === undefined) {
    return "malformed";
  }
  let pos = 19;
  let fraction = "000000";
  if (text.charAt(pos) === ".") {
    ++pos;
    const start = pos;
    while (pos < text.length && text.charCodeAt(pos) >= 48 && text.charCodeAt(pos) <= 57) ++pos;
    const digits = pos - start;
    if (digits === 0) return "malformed";
    if (digits > 6) return "too_precise";
    fraction = text.slice(start, pos).padEnd(6, "0");
  }
  let offset = 0;
  const zone = text.charAt(pos);
  if (zone === "Z" || zone === "z") {
    ++pos;
  } else if (zone === "+" || zone === "-") {
    const offsetHour = digitsAt(text, pos + 1, 2), offsetMinute = digitsAt(text, pos + 4, 2);
    if (offsetHour === undefined || text.charAt(pos + 3) !== ":" || offsetMinute === undefined ||
        offsetHour > 23 || offsetMinute > 59) {
      return "malformed";
    }
    offset = (zone === "-" ? -1 : 1) * (offsetHour * 60 + offsetMinute);
    pos += 6;
  } else {
    return "malformed";
  }
  if (pos !== text.length) return "malformed";
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return "malformed";
  }
  const utcMinute = daysFromCivil(year, month, day) * 1440 + hour * 60 + minute - offset;
  if (utcMinute < kFirstMinute || utcMinute > kLastMinute) return "out_of_range";
  const days = Math.floor(utcMinute / 1440);
  const minuteOfDay = utcMinute - days * 1440;
  const [y, m, d] = civilFromDays(days);
  return {
    canonical: `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}T${pad(Math.floor(minuteOfDay / 60), 2)}:` +
               `${pad(minuteOfDay % 60, 2)}:${pad(second, 2)}.${fraction}Z`,
  };
}

// ---------------------------------------------------------------------------
// The HTTP client: commands, the change feed and the live stream of a server
// made with mealy::http (runtime/README.md, "HTTP"). It needs nothing but
// `fetch` (browsers, Node 18 and later), and `EventSource` where there is one;
// both may be injected. Their types are declared here, structurally, as the
// module uses only the ECMAScript 2020 library.
//
//   const client = new mealy.HttpClient({ baseUrl: "http://127.0.0.1:8080" });
//   const notebooks = client.aggregate(Notebook);
//   const outcome = await notebooks.send(id, { type: "Retitle", payload: { title: "Plans" } });
//   const replica = new mealy.Replica(client, Notebook, { storage: new mealy.LocalStorage("notebooks") });
//   await replica.sync();                 // pages until has_more is false
//   const follower = replica.follow();    // live, resuming after drops

/** What the client needs of a `fetch` Response. */
export interface FetchResponseLike {
  readonly status: number;
  text(): Promise<string>;
  /** Read for Mealy-Cursor when there (a view's 204). */
  readonly headers?: { get(name: string): string | null };
  readonly body?: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } } | null;
}
/** What the client needs of `fetch`. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: { [name: string]: string }; body?: string; signal?: unknown },
) => Promise<FetchResponseLike>;
/** What the client needs of an `EventSource` (the browser's, or one injected). */
export interface EventSourceLike {
  onmessage: ((event: { readonly data: string; readonly lastEventId: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(): void;
}
export type EventSourceFactory = (url: string) => EventSourceLike;

export interface HttpClientOptions {
  /** The server, "http://127.0.0.1:8080" (no trailing slash needed). */
  readonly baseUrl: string;
  /** Default: the global fetch. */
  readonly fetch?: FetchLike;
  /**
   * Follows the stream with it when given, or when there is a global
   * EventSource and no token (EventSource cannot send an Authorization
   * header); otherwise the stream is read over fetch (Node 20 has no
   * EventSource).
   */
  readonly eventSource?: EventSourceFactory;
  /** A bearer token, or a function giving the current one. */
  readonly token?: string | (() => string | undefined);
  /** Makes command ids; default crypto.randomUUID() (a random v4 uuid without it). */
  readonly newId?: () => string;
  /**
   * Tries per command (the same command id each time) and per read (GET)
   * when the network fails, that is when no answer comes back; default 3.
   */
  readonly attempts?: number;
  /** Wait between those tries, in ms; default 250. */
  readonly retryDelayMs?: number;
}

/** An event of the change feed, as the server sends it. */
export interface ChangeEvent {
  readonly position: number;
  readonly stream: string;
  readonly version: number;
  readonly id: string;
  readonly type: string;
  readonly schema_version: number;
  readonly payload: unknown;
  readonly metadata: {
    readonly correlation_id?: string;
    readonly causation_id?: string;
    readonly actor?: string;
    readonly extra?: { readonly [key: string]: string };
  };
  readonly recorded_at: string;
}

/** A page of GET /changes. */
export interface ChangesPage {
  readonly events: readonly ChangeEvent[];
  /** The cursor to ask from next. */
  readonly latest_sequence: number;
  readonly has_more: boolean;
}

/** Which events to read: all when both are empty. */
export interface ChangeFilter {
  readonly categories?: readonly string[];
  readonly types?: readonly string[];
}

/** An error answer of the server ({"error": {...}}), or a network failure (status 0). */
export interface HttpError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly path?: string;
}

/** Thrown by the client's reads when the server answers with an error. */
export class HttpClientError extends Error {
  constructor(readonly error: HttpError) {
    super(`${error.status} ${error.code}: ${error.message}`);
  }
}

/** What the client needs of a generated aggregate object (e.g. `Notebook`). */
export interface ServedMachine<C extends { readonly type: string }, E, A, I> {
  readonly name: string;
  encodeCommand(command: C): string;
  decodeStoredEvent(type: string, version: number, payload: unknown, limits?: Limits): Decoded<E>;
  decodeSnapshot(value: unknown, limits?: Limits): Decoded<A>;
  /** Only for the type of ids. */
  create(id: I): A;
}

/** A committed event of a command, decoded. */
export interface CommittedEvent<E> {
  readonly position: number;
  readonly version: number;
  readonly event: Decoded<E>;
}

/** What sending a command gave. */
export type CommandOutcome<E> =
  | { readonly kind: "committed"; readonly duplicate: boolean; readonly version: number; readonly events: readonly CommittedEvent<E>[] }
  | {
      readonly kind: "rejected";
      readonly rejection: {
        readonly kind: string;
        readonly code: string;
        readonly state: string;
        readonly command: string;
        readonly field: string;
        readonly message: string;
      };
    }
  | { readonly kind: "conflict"; readonly currentVersion: number; readonly attempts: number; readonly message: string }
  | { readonly kind: "error"; readonly error: HttpError };

/** A stream being followed; close() stops it. */
export interface Follower {
  close(): void;
  /** The position of the last event delivered. */
  readonly cursor: number;
}

export interface FollowOptions extends ChangeFilter {
  /** Called on each drop before it reconnects (from the last event's position). */
  readonly onError?: (error: unknown) => void;
  /** Wait before reconnecting over fetch, in ms; default 1000. */
  readonly retryMs?: number;
}

/** A view's parameters (view.hpp): name to value, percent-encoded by the client. */
export type ViewParams = { readonly [name: string]: string };

/** An answer of GET /views/{name}: 200 with its JSON body, or 204 (nothing changed after `since`). */
export type ViewAnswer =
  | { readonly status: 200; readonly cursor: number; readonly body: unknown }
  | { readonly status: 204; readonly cursor: number; readonly body: undefined };

/** A live view being followed; close() stops it. */
export interface LiveView {
  close(): void;
  /** The cursor of the last answer received (the `since` it resumes from). */
  readonly cursor: number;
}

export interface LiveViewOptions {
  /** The cursor the caller has already (its stored answer's); default 0. */
  readonly since?: number;
  /** Called on each failed connection or error answer, before it tries again. */
  readonly onError?: (error: unknown) => void;
  /** Connected (true) or lost (false): called on each change, for an app to show. */
  readonly onStatus?: (connected: boolean) => void;
  /** Wait before reconnecting, in ms; default 1000. */
  readonly retryMs?: number;
}

interface GlobalWeb {
  fetch?: FetchLike;
  EventSource?: new (url: string) => EventSourceLike;
  crypto?: { randomUUID?: () => string };
  TextDecoder?: new () => { decode(bytes?: Uint8Array, options?: { stream: boolean }): string };
  AbortController?: new () => { signal: unknown; abort(): void };
  localStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  setTimeout?: (callback: () => void, ms: number) => unknown;
}
const web = globalThis as GlobalWeb;

function delay(ms: number): Promise<void> {
  return new Promise<void>((resolve) => web.setTimeout?.(resolve, ms) ?? resolve());
}

function randomUuid(): string {
  const fromCrypto = web.crypto?.randomUUID?.();
  if (fromCrypto !== undefined) return fromCrypto;
  const hex = "0123456789abcdef";
  let out = "";
  for (let i = 0; i < 36; ++i) {
    if (i === 8 || i === 13 || i === 18 || i === 23) out += "-";
    else if (i === 14) out += "4";
    else if (i === 19) out += hex.charAt(8 + Math.floor(Math.random() * 4));
    else out += hex.charAt(Math.floor(Math.random() * 16));
  }
  return out;
}

function errorOf(status: number, body: unknown): HttpError {
  if (typeof body === "object" && body !== null && own(body, "error")) {
    const error = (body as { error: { code?: unknown; message?: unknown; path?: unknown } }).error;
    const base = { status, code: String(error.code ?? "unknown"), message: String(error.message ?? "") };
    return typeof error.path === "string" ? { ...base, path: error.path } : base;
  }
  return { status, code: "unknown", message: `the server answered ${status}` };
}

function filterQuery(filter: ChangeFilter | undefined): string {
  let query = "";
  for (const category of filter?.categories ?? []) query += "&category=" + encodeURIComponent(category);
  for (const type of filter?.types ?? []) query += "&type=" + encodeURIComponent(type);
  return query;
}

function viewPath(name: string, live: boolean, params: ViewParams, since: number | undefined): string {
  let query = "";
  for (const key of Object.keys(params)) {
    query += (query === "" ? "?" : "&") + encodeURIComponent(key) + "=" + encodeURIComponent(params[key] ?? "");
  }
  if (since !== undefined && since > 0) query += (query === "" ? "?" : "&") + "since=" + since;
  return "/views/" + encodeURIComponent(name) + (live ? "/live" : "") + query;
}

function cursorOf(body: unknown): number | undefined {
  if (typeof body !== "object" || body === null || !own(body, "cursor")) return undefined;
  const cursor = (body as { cursor: unknown }).cursor;
  return typeof cursor === "number" && Number.isSafeInteger(cursor) ? cursor : undefined;
}

/** The category of a stream: the text before its first '-' (as C++'s category_of). */
export function categoryOf(stream: string): string {
  const dash = stream.indexOf("-");
  return dash < 0 ? stream : stream.slice(0, dash);
}

export class HttpClient {
  private readonly base: string;
  private readonly fetcher: FetchLike;

  constructor(readonly options: HttpClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, "");
    const fetcher = options.fetch ?? web.fetch;
    if (fetcher === undefined) throw new Error("mealy.HttpClient: no fetch; pass one in the options");
    // Called as a plain function: a browser's fetch called as a method of
    // this client throws "Illegal invocation".
    this.fetcher = (url, init) => fetcher(url, init);
  }

  /** The typed client of one aggregate: send(id, command) takes only its commands. */
  aggregate<C extends { readonly type: string }, E, A, I>(machine: ServedMachine<C, E, A, I>): AggregateClient<C, E, A, I> {
    return new AggregateClient(this, machine);
  }

  /** Sends a request; the status and the parsed body (undefined when there is none or it is not JSON). */
  async request(method: string, path: string, body?: string): Promise<{ status: number; body: unknown }> {
    const headers = this.headers("application/json");
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const init = body === undefined ? { method, headers } : { method, headers, body };
    const response = await this.fetcher(this.base + path, init);
    const text = await response.text();
    const parsed = text === "" ? undefined : parseStrict(text);
    return { status: response.status, body: parsed !== undefined && parsed.ok ? parsed.value : undefined };
  }

  /**
   * Runs `send` again when the network fails, up to `attempts` times
   * `retryDelayMs` apart, and throws the last failure: for requests that
   * may be sent twice, a read (it changes nothing on the server; a
   * kept-alive connection the server closed as the request went out fails
   * this way) or a command with its id (the server applies it once). An
   * answer, whatever its status, is never tried again.
   */
  async retried<T>(send: () => Promise<T>): Promise<T> {
    const attempts = Math.max(1, this.options.attempts ?? 3);
    for (let attempt = 1; ; ++attempt) {
      try {
        return await send();
      } catch (error) {
        if (attempt >= attempts) throw error;
      }
      await delay(this.options.retryDelayMs ?? 250);
    }
  }

  /**
   * One page of the change feed after `since` (a network failure is tried
   * again, see `retried`). Throws an HttpClientError on an error answer.
   */
  async changes(since: number, options: ChangeFilter & { readonly limit?: number } = {}): Promise<ChangesPage> {
    let path = `/changes?since=${since}` + filterQuery(options);
    if (options.limit !== undefined) path += `&limit=${options.limit}`;
    const { status, body } = await this.retried(() => this.request("GET", path));
    if (status !== 200 || typeof body !== "object" || body === null) throw new HttpClientError(errorOf(status, body));
    return body as ChangesPage;
  }

  /**
   * Reads pages from `since` until has_more is false, giving each page's
   * events to `onPage` in order (awaited); returns the cursor after the last.
   */
  async pull(
    since: number,
    onPage: (events: readonly ChangeEvent[], cursor: number) => void | Promise<void>,
    options: ChangeFilter & { readonly limit?: number } = {},
  ): Promise<number> {
    let cursor = since;
    for (;;) {
      const page = await this.changes(cursor, options);
      cursor = Math.max(cursor, page.latest_sequence);
      await onPage(page.events, cursor);
      if (!page.has_more) return cursor;
    }
  }

  /**
   * Follows GET /stream from `since`, calling onEvent for each event in
   * order. After a drop it reconnects and resumes after the last event it
   * delivered (EventSource does so with Last-Event-ID by itself).
   */
  follow(since: number, onEvent: (event: ChangeEvent) => void, options: FollowOptions = {}): Follower {
    const path = `/stream?since=${since}` + filterQuery(options);
    const factory = this.options.eventSource ??
      (web.EventSource !== undefined && this.token() === undefined
        ? (url: string): EventSourceLike => new (web.EventSource as new (url: string) => EventSourceLike)(url)
        : undefined);
    const state = { cursor: since, closed: false };
    const deliver = (data: string): void => {
      const parsed = parseStrict(data);
      if (!parsed.ok) {
        options.onError?.(new Error("a stream event that is not JSON: " + parsed.error));
        return;
      }
      const event = parsed.value as ChangeEvent;
      if (event.position <= state.cursor) return;  // seen already (a resumed connection)
      state.cursor = event.position;
      onEvent(event);
    };
    if (factory !== undefined) {
      const source = factory(this.base + path);
      source.onmessage = (message) => deliver(message.data);
      source.onerror = (error) => options.onError?.(error);
      return {
        close: () => { state.closed = true; source.close(); },
        get cursor() { return state.cursor; },
      };
    }
    let abort: (() => void) | undefined;
    const run = async (): Promise<void> => {
      while (!state.closed) {
        try {
          await this.readEvents(() => `/stream?since=${state.cursor}` + filterQuery(options), String(state.cursor), state,
                                (data) => deliver(data), (stop) => { abort = stop; });
        } catch (error) {
          if (!state.closed) options.onError?.(error);
        }
        if (!state.closed) await delay(options.retryMs ?? 1000);
      }
    };
    void run();
    return {
      close: () => { state.closed = true; abort?.(); },
      get cursor() { return state.cursor; },
    };
  }

  /**
   * Reads GET /views/{name} once: 200 with the body parsed by the strict
   * parser, or 204 (nothing changed after `since`; no body). The cursor is
   * the answer's (its "cursor", or the Mealy-Cursor header). Throws an
   * HttpClientError on any other answer (400, 403, 404, ...). A network
   * failure is tried again (see `retried`).
   */
  async view(name: string, params: ViewParams = {}, options: { readonly since?: number } = {}): Promise<ViewAnswer> {
    const { response, text } = await this.retried(async () => {
      const answer = await this.fetcher(this.base + viewPath(name, false, params, options.since),
                                        { method: "GET", headers: this.headers("application/json") });
      return { response: answer, text: await answer.text() };
    });
    const parsed = text === "" ? undefined : parseStrict(text);
    const header = Number(response.headers?.get("Mealy-Cursor") ?? NaN);
    if (response.status === 204) {
      return { status: 204, cursor: Number.isSafeInteger(header) ? header : options.since ?? 0, body: undefined };
    }
    if (response.status !== 200 || parsed === undefined || !parsed.ok) {
      throw new HttpClientError(response.status === 200
        ? { status: 200, code: "malformed_answer", message: "the view's answer is not JSON: " + (parsed?.ok === false ? parsed.error : "empty") }
        : errorOf(response.status, parsed?.ok === true ? parsed.value : undefined));
    }
    return { status: 200, cursor: cursorOf(parsed.value) ?? (Number.isSafeInteger(header) ? header : 0), body: parsed.value };
  }

  /**
   * Follows GET /views/{name}/live: onAnswer(body, cursor) for the first
   * answer and each new one (bodies parsed by the strict parser). Over
   * fetch, whatever the token: after a drop it calls onStatus(false),
   * waits retryMs (1,000) and reconnects with Last-Event-ID = the last
   * cursor, so the server sends what changed since (deltas, for a view that
   * makes them); onStatus(true) once a connection is open again. An error
   * answer (401, 403, 404, ...) goes to onError and is tried again like a
   * drop: call close() to give up.
   */
  liveView(name: string, params: ViewParams, onAnswer: (body: unknown, cursor: number) => void,
           options: LiveViewOptions = {}): LiveView {
    const state = { cursor: options.since ?? 0, closed: false };
    let connected: boolean | undefined;
    const status = (now: boolean): void => {
      if (connected === now || state.closed) return;
      connected = now;
      options.onStatus?.(now);
    };
    const deliver = (data: string, id: string): void => {
      const parsed = parseStrict(data);
      if (!parsed.ok) {
        options.onError?.(new Error("a view answer that is not JSON: " + parsed.error));
        return;
      }
      const cursor = Number(id);
      if (Number.isSafeInteger(cursor)) state.cursor = cursor;
      onAnswer(parsed.value, state.cursor);
    };
    let abort: (() => void) | undefined;
    const run = async (): Promise<void> => {
      while (!state.closed) {
        try {
          await this.readEvents(() => viewPath(name, true, params, state.cursor), String(state.cursor), state, deliver,
                                (stop) => { abort = stop; }, () => status(true));
        } catch (error) {
          if (!state.closed) options.onError?.(error);
        }
        status(false);
        if (!state.closed) await delay(options.retryMs ?? 1000);
      }
    };
    void run();
    return {
      close: () => { state.closed = true; abort?.(); },
      get cursor() { return state.cursor; },
    };
  }

  /**
   * One Server-Sent Events connection over fetch (follow() and liveView()):
   * onOpen once the answer is a 200, then onFrame(data, id) per frame (data
   * lines joined with "\n", id the frame's or the last one's) until the
   * stream ends. An HttpClientError when the answer is not a 200.
   */
  private async readEvents(
    path: () => string,
    lastEventId: string,
    state: { readonly closed: boolean },
    onFrame: (data: string, id: string) => void,
    setAbort: (stop: () => void) => void,
    onOpen?: () => void,
  ): Promise<void> {
    const Controller = web.AbortController;
    const Decoder = web.TextDecoder;
    if (Decoder === undefined) throw new Error("mealy.HttpClient: following a stream over fetch needs TextDecoder");
    const controller = Controller !== undefined ? new Controller() : undefined;
    const headers = this.headers("text/event-stream");
    headers["Last-Event-ID"] = lastEventId;
    const response = await this.fetcher(this.base + path(),
                                        controller !== undefined ? { method: "GET", headers, signal: controller.signal }
                                                                 : { method: "GET", headers });
    if (response.status !== 200 || !response.body) {
      const text = await response.text();
      const parsed = text === "" ? undefined : parseStrict(text);
      throw new HttpClientError(errorOf(response.status, parsed?.ok === true ? parsed.value : undefined));
    }
    const reader = response.body.getReader();
    setAbort(() => { controller?.abort(); void reader.cancel().catch(() => undefined); });
    if (state.closed) {
      await reader.cancel().catch(() => undefined);
      return;
    }
    onOpen?.();
    const decoder = new Decoder();
    let buffered = "";
    let id = lastEventId;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffered.indexOf("\n\n")) >= 0) {
        const frame = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        let data = "";
        let hasData = false;
        for (const line of frame.split("\n")) {
          if (line.startsWith("data: ")) {
            data += (hasData ? "\n" : "") + line.slice(6);
            hasData = true;
          } else if (line.startsWith("id: ")) {
            id = line.slice(4);
          }
        }
        if (hasData && !state.closed) onFrame(data, id);
      }
    }
  }

  /** The headers of a request: Accept, and Authorization when there is a token. */
  private headers(accept: string): { [name: string]: string } {
    const headers: { [name: string]: string } = { Accept: accept };
    const token = this.token();
    if (token !== undefined) headers["Authorization"] = "Bearer " + token;
    return headers;
  }

  /** A fresh command id. */
  newId(): string {
    return this.options.newId?.() ?? randomUuid();
  }

  private token(): string | undefined {
    const token = this.options.token;
    return typeof token === "function" ? token() : token;
  }
}

export class AggregateClient<C extends { readonly type: string }, E, A, I> {
  constructor(
    private readonly client: HttpClient,
    readonly machine: ServedMachine<C, E, A, I>,
  ) {}

  /**
   * Sends a command to instance `id`. A network failure is retried with
   * the same command id (the server applies it once); the outcome of the
   * last try comes back, an error of status 0 when none reached the server.
   */
  async send(id: I, command: C, options: { readonly commandId?: string; readonly correlationId?: string } = {}):
      Promise<CommandOutcome<E>> {
    const commandId = options.commandId ?? this.client.newId();
    let body = this.machine.encodeCommand(command).slice(0, -1) + ',"command_id":' + writeString(commandId);
    if (options.correlationId !== undefined) body += ',"correlation_id":' + writeString(options.correlationId);
    body += "}";
    const path = `/${encodeURIComponent(this.machine.name)}/${encodeURIComponent(String(id))}/commands`;
    let answer: { status: number; body: unknown };
    try {
      answer = await this.client.retried(() => this.client.request("POST", path, body));
    } catch (failure) {
      return { kind: "error", error: { status: 0, code: "network", message: String(failure) } };
    }
    return this.outcome(answer.status, answer.body);
  }

  /**
   * The instance's current state, decoded; undefined when it has no events.
   * A network failure is tried again (see HttpClient.retried); throws on
   * other errors.
   */
  async read(id: I): Promise<A | undefined> {
    const path = `/${encodeURIComponent(this.machine.name)}/${encodeURIComponent(String(id))}`;
    const { status, body } = await this.client.retried(() => this.client.request("GET", path));
    if (status === 404 && errorOf(status, body).code === "not_found") return undefined;
    if (status !== 200) throw new HttpClientError(errorOf(status, body));
    const decoded = this.machine.decodeSnapshot(body);
    if (!decoded.ok) throw new Error(`${this.machine.name} ${String(id)}: ${decoded.error}`);
    return decoded.value;
  }

  private outcome(status: number, body: unknown): CommandOutcome<E> {
    const object = (typeof body === "object" && body !== null ? body : {}) as { [key: string]: unknown };
    if (status === 200 && object["outcome"] === "committed") {
      const events = (object["events"] as { position: number; version: number; type: string; schema_version: number; payload: unknown }[])
        .map((event) => ({
          position: event.position,
          version: event.version,
          event: this.machine.decodeStoredEvent(event.type, event.schema_version, event.payload),
        }));
      return { kind: "committed", duplicate: object["duplicate"] === true, version: Number(object["version"]), events };
    }
    if (status === 422 && object["outcome"] === "rejected") {
      const rejection = object["rejection"] as { kind: string; code: string; state: string; command: string; field: string; message: string };
      return { kind: "rejected", rejection };
    }
    if (status === 409 && object["outcome"] === "conflict") {
      return {
        kind: "conflict",
        currentVersion: Number(object["current_version"]),
        attempts: Number(object["attempts"]),
        message: String(object["message"]),
      };
    }
    return { kind: "error", error: errorOf(status, body) };
  }
}

// ---------------------------------------------------------------------------
// Replicas: per-instance state kept up to date from the feed, with the cursor
// in a pluggable storage.

/**
 * What a replica keeps between runs: its cursor and its instances (each as
 * the generated snapshot JSON), saved together so that they always agree.
 */
export interface ReplicaState {
  readonly cursor: number;
  readonly instances: { readonly [id: string]: string };
}

/** Where a replica keeps its state. */
export interface ReplicaStorage {
  load(): ReplicaState | undefined | Promise<ReplicaState | undefined>;
  save(state: ReplicaState): void | Promise<void>;
}

/** In memory: lost with the page or process; shared by replicas given the same object. */
export class MemoryStorage implements ReplicaStorage {
  private state: ReplicaState | undefined;
  load(): ReplicaState | undefined {
    return this.state;
  }
  save(state: ReplicaState): void {
    this.state = state;
  }
}

/** In the browser's localStorage (or a Storage-like object given), as JSON under `key`. */
export class LocalStorage implements ReplicaStorage {
  private readonly storage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  constructor(
    private readonly key: string,
    storage?: { getItem(key: string): string | null; setItem(key: string, value: string): void },
  ) {
    const found = storage ?? web.localStorage;
    if (found === undefined) throw new Error("mealy.LocalStorage: no localStorage here");
    this.storage = found;
  }
  load(): ReplicaState | undefined {
    const text = this.storage.getItem(this.key);
    if (text === null) return undefined;
    try {
      const state = JSON.parse(text) as ReplicaState;
      return typeof state.cursor === "number" && typeof state.instances === "object" ? state : undefined;
    } catch {
      return undefined;  // unreadable: start again from the beginning
    }
  }
  save(state: ReplicaState): void {
    this.storage.setItem(this.key, JSON.stringify(state));
  }
}

/** An event a replica could not use: reported, never dropped silently. */
export interface ReplicaProblem {
  readonly event: ChangeEvent;
  /** "undecodable": unknown type or newer version; "cannot_apply": evolve refused it; "gap": a version is missing. */
  readonly kind: "undecodable" | "cannot_apply" | "gap";
  readonly message: string;
}

export interface ReplicaOptions<E, A, I> {
  /** Where the cursor and the instances are kept; none: in this object only. */
  readonly storage?: ReplicaStorage;
  /** Called for each event the replica cannot apply (they are kept in `problems` too). */
  readonly onProblem?: (problem: ReplicaProblem) => void;
  /** Turns the id text of a stream name into the aggregate's id (default: the text; needed for int64 ids). */
  readonly idFromText?: (text: string) => I;
  /**
   * Applies an event; default the machine's evolve. Required for an
   * aggregate with apply hooks: (a, e) => Cell.evolve(a, e, hooks).
   */
  readonly evolve?: (aggregate: A, event: E) => Outcome<A>;
}

/** What a replica needs of a generated aggregate object besides what the client does. */
export interface ReplicatedMachine<C extends { readonly type: string }, E, A, I> extends ServedMachine<C, E, A, I> {
  /** An aggregate with apply hooks takes them third: pass ReplicaOptions.evolve then. */
  evolve(aggregate: A, event: E, hooks: never): Outcome<A>;
  encodeSnapshot(aggregate: A): string;
  snapshotFromJson(text: string, limits?: Limits): Decoded<A>;
}

export class Replica<C extends { readonly type: string }, E, A, I> {
  /** Instances by the id text of their stream name. */
  readonly instances = new Map<string, A>();
  readonly problems: ReplicaProblem[] = [];
  private position = 0;
  private loaded = false;

  constructor(
    private readonly client: HttpClient,
    readonly machine: ReplicatedMachine<C, E, A, I>,
    private readonly options: ReplicaOptions<E, A, I> = {},
  ) {
    if (machine.evolve.length > 2 && options.evolve === undefined) {
      throw new Error(`mealy.Replica: ${machine.name} has apply hooks; pass options.evolve`);
    }
  }

  /** The position of the last event applied (or looked at). */
  get cursor(): number {
    return this.position;
  }

  /** Pulls every page after the cursor (loaded from storage first) and applies it. */
  async sync(): Promise<number> {
    await this.load();
    return this.client.pull(this.position, async (events, cursor) => {
      for (const event of events) this.apply(event);
      this.position = Math.max(this.position, cursor);
      await this.save();
    }, { categories: [this.machine.name] });
  }

  /** Syncs, then follows the stream from the cursor, applying each event. */
  async follow(options: FollowOptions = {}): Promise<Follower> {
    await this.sync();
    return this.client.follow(this.position, (event) => {
      this.apply(event);
      void this.save();
    }, { ...options, categories: [this.machine.name] });
  }

  /**
   * Applies one event of the feed to its instance: decoded with the
   * generated decoder and evolved. An event at or before the instance's
   * version was applied already and is skipped; anything else that cannot
   * be applied is reported (onProblem, `problems`).
   */
  apply(event: ChangeEvent): boolean {
    if (event.position > this.position) this.position = event.position;
    if (categoryOf(event.stream) !== this.machine.name) return false;
    const idText = event.stream.slice(this.machine.name.length + 1);
    const current = this.instances.get(idText) ??
      this.machine.create((this.options.idFromText ?? ((text: string) => text as unknown as I))(idText));
    const version = Number((current as { version: bigint | number }).version);
    if (event.version <= version) return false;
    if (event.version !== version + 1) {
      return this.report(event, "gap", `${event.stream} is at version ${version}; version ${event.version} came next`);
    }
    const decoded = this.machine.decodeStoredEvent(event.type, event.schema_version, event.payload);
    if (!decoded.ok) return this.report(event, "undecodable", decoded.error);
    const evolved = this.options.evolve !== undefined ? this.options.evolve(current, decoded.value)
                                                      : this.machine.evolve(current, decoded.value, undefined as never);
    if (!evolved.ok) return this.report(event, "cannot_apply", evolved.error);
    this.instances.set(idText, evolved.value);
    return true;
  }

  /** Reads the stored state once, before the first sync. */
  private async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    const stored = await this.options.storage?.load();
    if (stored === undefined || stored.cursor <= this.position) return;
    const instances = new Map<string, A>();
    for (const [id, json] of Object.entries(stored.instances)) {
      const decoded = this.machine.snapshotFromJson(json);
      if (!decoded.ok) return;  // written by another schema: start again from the beginning
      instances.set(id, decoded.value);
    }
    this.instances.clear();
    for (const [id, aggregate] of instances) this.instances.set(id, aggregate);
    this.position = stored.cursor;
  }

  private async save(): Promise<void> {
    if (this.options.storage === undefined) return;
    const instances: { [id: string]: string } = {};
    for (const [id, aggregate] of this.instances) instances[id] = this.machine.encodeSnapshot(aggregate);
    await this.options.storage.save({ cursor: this.position, instances });
  }

  private report(event: ChangeEvent, kind: ReplicaProblem["kind"], message: string): boolean {
    const problem = { event, kind, message };
    this.problems.push(problem);
    this.options.onProblem?.(problem);
    return false;
  }
}
