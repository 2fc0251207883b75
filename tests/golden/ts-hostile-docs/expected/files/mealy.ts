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
