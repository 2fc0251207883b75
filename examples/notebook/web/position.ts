// Fractional positions, as notebook_host.hpp computes them (position::between):
// strings over the digits 0-9a-z that sort as the cells do, so that a new or
// moved cell takes a string between its neighbours' and no other cell changes.
// The two implementations must agree: tests/browser/position_test checks this
// one against the C++ one on the same pairs.

const kDigits = "0123456789abcdefghijklmnopqrstuvwxyz";

function digitValue(c: string): number {
  return kDigits.indexOf(c);
}

/** A string strictly between `before` and `after` (before < after; null after: unbounded). */
function between(before: string, after: string | null): string {
  if (after !== null) {
    // Keep the common prefix, treating a missing digit of `before` as '0'.
    let n = 0;
    while (n < after.length && (n < before.length ? before.charAt(n) : "0") === after.charAt(n)) ++n;
    if (n > 0) {
      const restBefore = n < before.length ? before.slice(n) : "";
      return after.slice(0, n) + between(restBefore, after.slice(n));
    }
  }
  const low = before === "" ? 0 : digitValue(before.charAt(0));
  const high = after !== null ? digitValue(after.charAt(0)) : kDigits.length;
  if (high - low > 1) return kDigits.charAt(Math.floor((low + high + 1) / 2));
  // Adjacent digits: take `after`'s first digit when more follows it, else
  // go one digit deeper after `before`'s.
  if (after !== null && after.length > 1) return after.slice(0, 1);
  return kDigits.charAt(low) + between(before === "" ? before : before.slice(1), null);
}

/**
 * A position between two others: "" for `before` is the start of the
 * notebook, "" for `after` its end. Requires before < after when both are
 * given (callers find distinct neighbours, see neighbours() in cells.ts).
 */
export function positionBetween(before: string, after: string): string {
  return between(before, after === "" ? null : after);
}

/** Whether `text` is a position this module could have made (digits 0-9a-z, not ending in '0'). */
export function isPosition(text: string): boolean {
  return /^[0-9a-z]*[1-9a-z]$/.test(text);
}
