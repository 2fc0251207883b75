// Reading every scalar type: what is accepted, and every error word for word.
// Each document here is the value itself, so errors are at `$`.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <string>

#include "test_support.hpp"

using mealy::Bytes;
using mealy::Duration;
using mealy::Timestamp;
using mealy::Uuid;
using mealy::testing::at;
using mealy::testing::decode;
using mealy::testing::decode_error;
using mealy::testing::encode;

namespace {

template <typename T>
T read_ok(std::string_view json) {
  T out{};
  INFO("reading " << json);
  REQUIRE(decode(json, out) == "");
  return out;
}

}  // namespace

TEST_CASE("read bool", "[read]") {
  CHECK(read_ok<bool>("true") == true);
  CHECK(read_ok<bool>(" false ") == false);
  CHECK(decode_error<bool>("1") == "$: expected bool, got number");
  CHECK(decode_error<bool>(R"("true")") == "$: expected bool, got string");
  CHECK(decode_error<bool>("null") == "$: expected bool, got null");
  CHECK(decode_error<bool>("[]") == "$: expected bool, got array");
  CHECK(decode_error<bool>("{}") == "$: expected bool, got object");
  CHECK(decode_error<bool>("tru") == "$: malformed JSON: an invalid literal (expected true)");
  CHECK(decode_error<bool>("falsey") == "$: malformed JSON: an invalid literal (expected false)");
}

TEST_CASE("read int32: JSON integers in range", "[read]") {
  CHECK(read_ok<std::int32_t>("0") == 0);
  CHECK(read_ok<std::int32_t>("-0") == 0);
  CHECK(read_ok<std::int32_t>("-2147483648") == std::numeric_limits<std::int32_t>::min());
  CHECK(read_ok<std::int32_t>("2147483647") == std::numeric_limits<std::int32_t>::max());
  CHECK(decode_error<std::int32_t>("2147483648") ==
        "$: value 2147483648 is out of range for int32");
  CHECK(decode_error<std::int32_t>("-2147483649") ==
        "$: value -2147483649 is out of range for int32");
  CHECK(decode_error<std::int32_t>("3000000000") ==
        "$: value 3000000000 is out of range for int32");
  CHECK(decode_error<std::int32_t>("99999999999999999999") ==
        "$: value 99999999999999999999 is out of range for int32");
  CHECK(decode_error<std::int32_t>("1.5") == "$: expected int32, got 1.5");
  CHECK(decode_error<std::int32_t>("1.0") == "$: expected int32, got 1.0");
  CHECK(decode_error<std::int32_t>("1e3") == "$: expected int32, got 1e3");
  CHECK(decode_error<std::int32_t>(R"("5")") == "$: expected int32, got string");
  CHECK(decode_error<std::int32_t>("true") == "$: expected int32, got boolean");
  CHECK(decode_error<std::int32_t>("null") == "$: expected int32, got null");
  CHECK(decode_error<std::int32_t>("[1]") == "$: expected int32, got array");
  CHECK(decode_error<std::int32_t>("01") == "$: malformed JSON: a malformed number");
  CHECK(decode_error<std::int32_t>("-") == "$: malformed JSON: a malformed number");
  CHECK(decode_error<std::int32_t>("1x") == "$: malformed JSON: a malformed number");
  CHECK(decode_error<std::int32_t>("1.") == "$: malformed JSON: a malformed number");
  CHECK(decode_error<std::int32_t>("nul") ==
        "$: malformed JSON: an invalid literal (expected null)");
}

TEST_CASE("read uint32: JSON integers in range", "[read]") {
  CHECK(read_ok<std::uint32_t>("0") == 0u);
  CHECK(read_ok<std::uint32_t>("4294967295") == std::numeric_limits<std::uint32_t>::max());
  CHECK(decode_error<std::uint32_t>("4294967296") ==
        "$: value 4294967296 is out of range for uint32");
  CHECK(decode_error<std::uint32_t>("-1") == "$: value -1 is out of range for uint32");
  CHECK(decode_error<std::uint32_t>("0.5") == "$: expected uint32, got 0.5");
  CHECK(decode_error<std::uint32_t>(R"("1")") == "$: expected uint32, got string");
}

TEST_CASE("read int64 from a decimal string", "[read]") {
  CHECK(read_ok<std::int64_t>(R"("0")") == 0);
  CHECK(read_ok<std::int64_t>(R"("-42")") == -42);
  CHECK(read_ok<std::int64_t>(R"("-9223372036854775808")") ==
        std::numeric_limits<std::int64_t>::min());
  CHECK(read_ok<std::int64_t>(R"("9223372036854775807")") ==
        std::numeric_limits<std::int64_t>::max());
  CHECK(read_ok<std::int64_t>(R"("\u0031\u0032")") == 12);  // escapes are still digits
  CHECK(decode_error<std::int64_t>(R"("9223372036854775808")") ==
        "$: value 9223372036854775808 is out of range for int64");
  CHECK(decode_error<std::int64_t>(R"("-9223372036854775809")") ==
        "$: value -9223372036854775809 is out of range for int64");
  CHECK(decode_error<std::int64_t>(R"("-0")") ==
        R"($: expected int64 as a decimal string, got "-0")");
  CHECK(decode_error<std::int64_t>(R"("01")") ==
        R"($: expected int64 as a decimal string, got "01")");
  CHECK(decode_error<std::int64_t>(R"("+1")") ==
        R"($: expected int64 as a decimal string, got "+1")");
  CHECK(decode_error<std::int64_t>(R"(" 1")") ==
        R"($: expected int64 as a decimal string, got " 1")");
  CHECK(decode_error<std::int64_t>(R"("1 ")") ==
        R"($: expected int64 as a decimal string, got "1 ")");
  CHECK(decode_error<std::int64_t>(R"("")") == R"($: expected int64 as a decimal string, got "")");
  CHECK(decode_error<std::int64_t>(R"("-")") ==
        R"($: expected int64 as a decimal string, got "-")");
  CHECK(decode_error<std::int64_t>(R"("1.5")") ==
        R"($: expected int64 as a decimal string, got "1.5")");
  CHECK(decode_error<std::int64_t>(R"("1e3")") ==
        R"($: expected int64 as a decimal string, got "1e3")");
  CHECK(decode_error<std::int64_t>(R"("0x10")") ==
        R"($: expected int64 as a decimal string, got "0x10")");
}

TEST_CASE("read int64 from a JSON integer within the safe-integer range", "[read]") {
  CHECK(read_ok<std::int64_t>("0") == 0);
  CHECK(read_ok<std::int64_t>("9007199254740991") == 9007199254740991);
  CHECK(read_ok<std::int64_t>("-9007199254740991") == -9007199254740991);
  CHECK(decode_error<std::int64_t>("9007199254740992") ==
        "$: number 9007199254740992 is outside the safe-integer range (+-9007199254740991); "
        "write int64 as a string");
  CHECK(decode_error<std::int64_t>("-9007199254740992") ==
        "$: number -9007199254740992 is outside the safe-integer range (+-9007199254740991); "
        "write int64 as a string");
  CHECK(decode_error<std::int64_t>("9223372036854775808") ==
        "$: number 9223372036854775808 is outside the safe-integer range (+-9007199254740991); "
        "write int64 as a string");
  CHECK(decode_error<std::int64_t>("1.5") == "$: expected int64, got 1.5");
  CHECK(decode_error<std::int64_t>("true") == "$: expected int64, got boolean");
  CHECK(decode_error<std::int64_t>("{}") == "$: expected int64, got object");
  CHECK(decode_error<std::int64_t>("-01") == "$: malformed JSON: a malformed number");
}

TEST_CASE("read uint64", "[read]") {
  CHECK(read_ok<std::uint64_t>(R"("18446744073709551615")") ==
        std::numeric_limits<std::uint64_t>::max());
  CHECK(read_ok<std::uint64_t>(R"("0")") == 0u);
  CHECK(read_ok<std::uint64_t>("9007199254740991") == 9007199254740991u);
  CHECK(decode_error<std::uint64_t>(R"("18446744073709551616")") ==
        "$: value 18446744073709551616 is out of range for uint64");
  CHECK(decode_error<std::uint64_t>(R"("-1")") == "$: value -1 is out of range for uint64");
  CHECK(decode_error<std::uint64_t>("-1") == "$: value -1 is out of range for uint64");
  CHECK(decode_error<std::uint64_t>(R"("-0")") ==
        R"($: expected uint64 as a decimal string, got "-0")");
  CHECK(decode_error<std::uint64_t>(R"("+1")") ==
        R"($: expected uint64 as a decimal string, got "+1")");
  CHECK(decode_error<std::uint64_t>("18446744073709551615") ==
        "$: number 18446744073709551615 is outside the safe-integer range (+-9007199254740991); "
        "write uint64 as a string");
  CHECK(decode_error<std::uint64_t>("null") == "$: expected uint64, got null");
}

TEST_CASE("read duration in microseconds", "[read]") {
  CHECK(read_ok<Duration>(R"("-1500000")") == Duration(-1'500'000));
  CHECK(read_ok<Duration>(R"("9223372036854775807")") == Duration::max());
  CHECK(read_ok<Duration>("1500000") == Duration(1'500'000));
  CHECK(decode_error<Duration>(R"("1s")") ==
        R"($: expected duration as a decimal string of microseconds, got "1s")");
  CHECK(decode_error<Duration>(R"("9223372036854775808")") ==
        "$: value 9223372036854775808 is out of range for duration");
  CHECK(decode_error<Duration>("9007199254740992") ==
        "$: number 9007199254740992 is outside the safe-integer range (+-9007199254740991); "
        "write duration as a string");
  CHECK(decode_error<Duration>("1.5") == "$: expected duration, got 1.5");
  CHECK(decode_error<Duration>("[]") == "$: expected duration, got array");
}

TEST_CASE("read float64: any JSON number", "[read]") {
  CHECK(read_ok<double>("0.1") == 0.1);
  CHECK(read_ok<double>("1e300") == 1e300);
  CHECK(read_ok<double>("1E+2") == 100.0);
  CHECK(read_ok<double>("5e-324") == 5e-324);
  CHECK(read_ok<double>("1") == 1.0);
  CHECK(read_ok<double>("-17") == -17.0);
  CHECK(read_ok<double>("1.7976931348623157e308") == std::numeric_limits<double>::max());
  CHECK(read_ok<double>("123456789012345678901234567890") == 1.2345678901234568e29);
  const double negative_zero = read_ok<double>("-0");
  CHECK(negative_zero == 0.0);
  CHECK(std::signbit(negative_zero));
  CHECK(decode_error<double>("1e400") == "$: value 1e400 is out of range for float64");
  CHECK(decode_error<double>("-1e400") == "$: value -1e400 is out of range for float64");
  CHECK(decode_error<double>(R"("1")") == "$: expected float64, got string");
  CHECK(decode_error<double>("null") == "$: expected float64, got null");
  CHECK(decode_error<double>("1.") == "$: malformed JSON: a malformed number");
  CHECK(decode_error<double>(".5") ==
        "$: malformed JSON: a missing or misplaced comma, colon, "
        "key, brace or bracket");
  CHECK(decode_error<double>("NaN") ==
        "$: malformed JSON: a missing or misplaced comma, colon, "
        "key, brace or bracket");
}

// Found by the fuzz target `json` (tests/fuzz/corpus/json/regression-*):
// simdjson's get_double() refuses these numbers, all within float64's range,
// and they were reported as out of range (TypeScript reads them).
TEST_CASE("read float64: numbers simdjson refuses within the range", "[read][fuzz]") {
  CHECK(read_ok<double>("0.00000E-0000000000002000000000020000330") == 0.0);
  CHECK(read_ok<double>("0.0e999999999999999999999") == 0.0);
  CHECK(read_ok<double>("1.5e-18446744073709551615") == 0.0);
  CHECK(read_ok<double>("100000000000000000000000000000e-999999999999999999999") == 0.0);
  const double negative_zero = read_ok<double>("-0.0e999999999999999999999");
  CHECK(negative_zero == 0.0);
  CHECK(std::signbit(negative_zero));
  // simdjson 3.0 reads these long numbers wrong (0.775164, 1.44115e+253 and
  // 5.16669e+298, the last beyond float64): tokens of more than 19 bytes are
  // read again.
  CHECK(read_ok<double>("0.00000002000000000000000000000e10") == 200.0);
  CHECK(read_ok<double>(
            "0.000000020000000000000000000000000000000000000000000000000000000000e300") == 2e292);
  CHECK(decode_error<double>("0.00000002000000000000000000000000000000000000000000e330") ==
        "$: value 0.00000002000000000000000000000000000000000000000000e330 is out of range for "
        "float64");
  CHECK(mealy::json::validate("[0.00000002000000000000000000000000000000000000000000e330]")
            .message() ==
        "$[0]: value 0.00000002000000000000000000000000000000000000000000e330 is out of range for "
        "float64");
  // Beyond the range, a long exponent is still an error.
  CHECK(decode_error<double>("1.0e18446744073709551617") ==
        "$: value 1.0e18446744073709551617 is out of range for float64");
  // And the same when skipped as an unknown value.
  CHECK(mealy::json::validate("[0.0e999999999999999999999,1.5e-18446744073709551615]").ok());
  CHECK(mealy::json::validate("{\"a\":[1.0e18446744073709551617]}").message() ==
        "$.a[0]: value 1.0e18446744073709551617 is out of range for float64");
}

TEST_CASE("read string: escapes decoded, bad strings refused", "[read]") {
  CHECK(read_ok<std::string>(R"("")") == "");
  CHECK(read_ok<std::string>(R"("plain")") == "plain");
  CHECK(read_ok<std::string>(R"("a\"b\\c\/d\b\f\n\r\t")") == "a\"b\\c/d\b\f\n\r\t");
  CHECK(read_ok<std::string>(R"("\u00e9\u20AC")") == "\xc3\xa9\xe2\x82\xac");
  CHECK(read_ok<std::string>(R"("\ud834\udd1e")") == "\xf0\x9d\x84\x9e");
  CHECK(read_ok<std::string>(R"("\u0000")") == std::string(1, '\0'));
  CHECK(read_ok<std::string>("\"h\xc3\xa9\"") == "h\xc3\xa9");
  CHECK(decode_error<std::string>("5") == "$: expected string, got number");
  CHECK(decode_error<std::string>("[]") == "$: expected string, got array");
  CHECK(decode_error<std::string>(R"("\ud800")") ==
        "$: malformed JSON: a bad escape sequence or lone surrogate in a string");
  CHECK(decode_error<std::string>(R"("\x")") ==
        "$: malformed JSON: a bad escape sequence or lone surrogate in a string");
  CHECK(decode_error<std::string>("\"a\tb\"") ==
        "$: malformed JSON: an unescaped control character in a string");
  CHECK(decode_error<std::string>("\"\xff\"") == "$: malformed JSON: invalid UTF-8");
  CHECK(decode_error<std::string>("\"abc") == "$: malformed JSON: a string is not closed");
}

TEST_CASE("read string: every length around the 16-byte scan, escapes anywhere", "[read]") {
  // A string without a backslash is taken in place, found 16 bytes at a time;
  // one with a backslash is unescaped by simdjson. Both at every length and
  // position around the blocks' edges.
  for (std::size_t length = 0; length <= 40; ++length) {
    const std::string plain(length, 'x');
    CHECK(read_ok<std::string>("\"" + plain + "\"") == plain);
    CHECK(read_ok<std::string>(" \"" + plain + "\" ") == plain);
    for (std::size_t at = 0; at <= length; ++at) {
      std::string escaped = plain, expected = plain;
      escaped.insert(at, "\\\"");
      expected.insert(at, "\"");
      CHECK(read_ok<std::string>("\"" + escaped + "\"") == expected);
    }
  }
  CHECK(decode_error<std::string>("\"" + std::string(20, 'x') + "\\q\"") ==
        "$: malformed JSON: a bad escape sequence or lone surrogate in a string");
}

TEST_CASE("read map: keys of every length around the 16-byte scan, escaped or not", "[read]") {
  for (std::size_t length = 1; length <= 40; ++length) {
    const std::string key(length, 'k');
    std::map<std::string, std::int32_t> out;
    REQUIRE(decode("{\"" + key + "\":1,\"" + key + "z\":2}", out) == "");
    CHECK(out == std::map<std::string, std::int32_t>{{key, 1}, {key + "z", 2}});
    // The same key, once escaped: a duplicate, whichever comes first.
    const std::string escaped = key.substr(0, length - 1) + "\\u006b";
    CHECK(decode_error<std::map<std::string, std::int32_t>>(
              "{\"" + key + "\":1,\"" + escaped + "\":2}") == "$." + key + ": duplicate key");
    CHECK(decode_error<std::map<std::string, std::int32_t>>(
              "{\"" + escaped + "\":1,\"" + key + "\":2}") == "$." + key + ": duplicate key");
  }
}

TEST_CASE("read bytes: canonical padded base64 only", "[read]") {
  auto text = [](const Bytes& bytes) { return std::string(bytes.begin(), bytes.end()); };
  CHECK(read_ok<Bytes>(R"("")").empty());
  CHECK(text(read_ok<Bytes>(R"("Zg==")")) == "f");
  CHECK(text(read_ok<Bytes>(R"("Zm8=")")) == "fo");
  CHECK(text(read_ok<Bytes>(R"("Zm9v")")) == "foo");
  CHECK(text(read_ok<Bytes>(R"("Zm9vYg==")")) == "foob");
  CHECK(text(read_ok<Bytes>(R"("Zm9vYmE=")")) == "fooba");
  CHECK(text(read_ok<Bytes>(R"("Zm9vYmFy")")) == "foobar");
  CHECK(read_ok<Bytes>(R"("+/8=")") == Bytes{0xfb, 0xff});
  CHECK(decode_error<Bytes>(R"("Zg")") == R"($: expected base64, got "Zg")");
  CHECK(decode_error<Bytes>(R"("Zg=")") == R"($: expected base64, got "Zg=")");
  CHECK(decode_error<Bytes>(R"("Zh==")") == R"($: expected base64, got "Zh==")");
  CHECK(decode_error<Bytes>(R"("Zm9=")") == R"($: expected base64, got "Zm9=")");
  CHECK(decode_error<Bytes>(R"("Z===")") == R"($: expected base64, got "Z===")");
  CHECK(decode_error<Bytes>(R"("====")") == R"($: expected base64, got "====")");
  CHECK(decode_error<Bytes>(R"("Zg==Zg==")") == R"($: expected base64, got "Zg==Zg==")");
  CHECK(decode_error<Bytes>(R"("Zm-v")") == R"($: expected base64, got "Zm-v")");
  CHECK(decode_error<Bytes>(R"("Zm_v")") == R"($: expected base64, got "Zm_v")");
  CHECK(decode_error<Bytes>(R"("Zm9v\n")") == R"($: expected base64, got "Zm9v\n")");
  CHECK(decode_error<Bytes>(R"("Zm 9")") == R"($: expected base64, got "Zm 9")");
  CHECK(decode_error<Bytes>(R"("ab$=")") == R"($: expected base64, got "ab$=")");
  CHECK(decode_error<Bytes>("[]") == "$: expected bytes, got array");
}

TEST_CASE("read uuid in either case", "[read]") {
  const Uuid expected({0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0xFE, 0xDC, 0xBA, 0x98, 0x76,
                       0x54, 0x32, 0x10});
  CHECK(read_ok<Uuid>(R"("01234567-89ab-cdef-fedc-ba9876543210")") == expected);
  CHECK(read_ok<Uuid>(R"("01234567-89AB-CDEF-FEDC-BA9876543210")") == expected);
  CHECK(read_ok<Uuid>(R"("01234567-89Ab-cDeF-fEdC-bA9876543210")") == expected);
  CHECK(decode_error<Uuid>(R"("xyz")") == R"($: expected a uuid, got "xyz")");
  CHECK(decode_error<Uuid>(R"("0123456789abcdeffedcba9876543210")") ==
        R"($: expected a uuid, got "0123456789abcdeffedcba9876543210")");
  CHECK(decode_error<Uuid>(R"("{01234567-89ab-cdef-fedc-ba9876543210}")") ==
        R"($: expected a uuid, got "{01234567-89ab-cdef-fedc-ba9876543210}")");
  CHECK(decode_error<Uuid>(R"("0123456-789ab-cdef-fedc-ba9876543210")") ==
        R"($: expected a uuid, got "0123456-789ab-cdef-fedc-ba9876543210")");
  CHECK(decode_error<Uuid>(R"("01234567-89ab-cdef-fedc-ba987654321g")") ==
        R"($: expected a uuid, got "01234567-89ab-cdef-fedc-ba987654321g")");
  CHECK(decode_error<Uuid>("12") == "$: expected uuid, got number");
}

TEST_CASE("read timestamps in RFC 3339", "[read]") {
  CHECK(read_ok<Timestamp>(R"("2026-11-22T10:00:00.000000Z")") == at(2026, 11, 22, 10));
  CHECK(read_ok<Timestamp>(R"("2026-11-22t10:00:00z")") == at(2026, 11, 22, 10));
  CHECK(read_ok<Timestamp>(R"("2026-11-22T10:00:00.5Z")") == at(2026, 11, 22, 10, 0, 0, 500'000));
  CHECK(read_ok<Timestamp>(R"("2026-11-22T10:00:00.123Z")") == at(2026, 11, 22, 10, 0, 0, 123'000));
  CHECK(read_ok<Timestamp>(R"("2026-11-22T10:00:00.000001Z")") == at(2026, 11, 22, 10, 0, 0, 1));
  CHECK(read_ok<Timestamp>(R"("1969-12-31T23:59:59.999999Z")") ==
        Timestamp(std::chrono::microseconds(-1)));
  CHECK(read_ok<Timestamp>(R"("2024-02-29T00:00:00Z")") == at(2024, 2, 29));
  CHECK(read_ok<Timestamp>(R"("2000-02-29T00:00:00Z")") == at(2000, 2, 29));
  CHECK(read_ok<Timestamp>(R"("0000-01-01T00:00:00Z")") == at(0, 1, 1));
  CHECK(read_ok<Timestamp>(R"("9999-12-31T23:59:59.999999Z")") ==
        at(9999, 12, 31, 23, 59, 59, 999'999));
}

TEST_CASE("read timestamps with offsets, converted to UTC", "[read]") {
  CHECK(read_ok<Timestamp>(R"("2026-11-22T10:00:00+01:00")") == at(2026, 11, 22, 9));
  CHECK(read_ok<Timestamp>(R"("2026-11-22T10:00:00-05:30")") == at(2026, 11, 22, 15, 30));
  CHECK(read_ok<Timestamp>(R"("2026-11-22T10:00:00+00:00")") == at(2026, 11, 22, 10));
  CHECK(read_ok<Timestamp>(R"("2026-11-22T10:00:00-00:00")") == at(2026, 11, 22, 10));
  CHECK(read_ok<Timestamp>(R"("2026-01-01T00:30:00.25+01:00")") ==
        at(2025, 12, 31, 23, 30, 0, 250'000));
  CHECK(read_ok<Timestamp>(R"("2024-02-28T23:00:00-23:59")") == at(2024, 2, 29, 22, 59));
  CHECK(read_ok<Timestamp>(R"("0000-01-01T00:00:00-00:01")") == at(0, 1, 1, 0, 1));
}

TEST_CASE("read timestamps: malformed, too precise, out of range", "[read]") {
  auto malformed = [](std::string_view text) {
    return "$: expected an RFC 3339 timestamp, got \"" + std::string(text) + "\"";
  };
  for (std::string_view text : {
           "2023-02-29T00:00:00Z",       // not a leap year
           "1900-02-29T00:00:00Z",       // not a leap year either
           "2026-13-01T00:00:00Z",       // month 13
           "2026-00-01T00:00:00Z",       // month 0
           "2026-04-31T00:00:00Z",       // April has 30 days
           "2026-01-32T00:00:00Z",       // day 32
           "2026-01-00T00:00:00Z",       // day 0
           "2026-01-01T24:00:00Z",       // hour 24
           "2026-01-01T00:60:00Z",       // minute 60
           "2016-12-31T23:59:60Z",       // leap second
           "2026-01-01 00:00:00Z",       // space for T
           "2026-01-01T00:00Z",          // no seconds
           "2026-01-01",                 // no time
           "2026-01-01T00:00:00",        // no offset
           "2026-01-01T00:00:00.Z",      // point without digits
           "2026-01-01T00:00:00+0100",   // offset without colon
           "2026-01-01T00:00:00+01",     // offset without minutes
           "2026-01-01T00:00:00+24:00",  // offset hour 24
           "2026-01-01T00:00:00+01:60",  // offset minute 60
           "2026-01-01T00:00:00ZZ",      // trailing characters
           "2026-1-01T00:00:00Z",        // one-digit month
           "12026-01-01T00:00:00Z",      // five-digit year
           "-2026-01-01T00:00:00Z",      // signed year
           "2026-01-01T00:00:00,5Z",     // comma fraction
           "",
       }) {
    INFO(text);
    CHECK(decode_error<Timestamp>("\"" + std::string(text) + "\"") == malformed(text));
  }
  CHECK(decode_error<Timestamp>(R"("2026-11-22T10:00:00.0000001Z")") ==
        R"($: timestamp "2026-11-22T10:00:00.0000001Z" has more than 6 fraction digits)");
  CHECK(decode_error<Timestamp>(R"("0000-01-01T00:00:00+00:01")") ==
        R"($: timestamp "0000-01-01T00:00:00+00:01" is out of range (years 0000 to 9999 in UTC))");
  CHECK(decode_error<Timestamp>(R"("9999-12-31T23:59:59-00:01")") ==
        R"($: timestamp "9999-12-31T23:59:59-00:01" is out of range (years 0000 to 9999 in UTC))");
  CHECK(decode_error<Timestamp>("0") == "$: expected timestamp, got number");
}

namespace {

// What reading a timestamp gave: "ok <microseconds>" or the kind of error.
std::string timestamp_outcome(const std::string& text) {
  Timestamp out{};
  const std::string error = decode("\"" + text + "\"", out);
  if (error.empty()) return "ok " + std::to_string(out.time_since_epoch().count());
  if (error.find("expected an RFC 3339 timestamp") != std::string::npos) return "malformed";
  if (error.find("more than 6 fraction digits") != std::string::npos) return "too precise";
  if (error.find("is out of range") != std::string::npos) return "out of range";
  return error;
}

}  // namespace

// The canonical form (`YYYY-MM-DDTHH:MM:SS.ffffffZ`, as the writer writes
// it) has a fast path of its own; the same instant written with `+00:00`
// instead of `Z` takes the general one. The two must agree on every
// timestamp written, and on every one-byte change of a few.
TEST_CASE("read timestamps: the canonical form's fast path agrees with the general parser",
          "[read]") {
  std::mt19937_64 random(20261207);
  const auto first = at(0, 1, 1).time_since_epoch().count();
  const auto last = at(9999, 12, 31, 23, 59, 59, 999'999).time_since_epoch().count();
  std::uniform_int_distribution<std::int64_t> instant(first, last);
  for (int i = 0; i < 20'000; ++i) {
    const Timestamp time{
        std::chrono::microseconds(i < 2 ? (i == 0 ? first : last) : instant(random))};
    const std::string json = encode(time);
    const std::string text = json.substr(1, json.size() - 2);
    REQUIRE(text.size() == 27);
    INFO(text);
    CHECK(read_ok<Timestamp>(json) == time);
    CHECK(timestamp_outcome(text.substr(0, 26) + "+00:00") == timestamp_outcome(text));
  }
  std::size_t changed = 0;
  for (const std::string base :
       {"2026-11-22T10:00:00.000000Z", "2024-02-29T23:59:59.999999Z", "0000-01-01T00:00:00.000000Z",
        "9999-12-31T23:59:59.999999Z", "1999-12-31T00:09:50.123456Z"}) {
    for (std::size_t position = 0; position < 26; ++position) {
      for (int byte = 0x20; byte < 0x7F; ++byte) {
        if (byte == '"' || byte == '\\') continue;  // JSON's own
        std::string text = base;
        text[position] = static_cast<char>(byte);
        INFO(text);
        CHECK(timestamp_outcome(text) == timestamp_outcome(text.substr(0, 26) + "+00:00"));
        ++changed;
      }
    }
  }
  CHECK(changed == 5 * 26 * 93);
}

TEST_CASE("read optional: null is empty, and is_null leaves other values", "[read]") {
  CHECK(read_ok<std::optional<std::int32_t>>("null") == std::nullopt);
  CHECK(read_ok<std::optional<std::int32_t>>("5") == 5);
  CHECK(read_ok<std::optional<std::string>>(R"("x")") == "x");
  CHECK(read_ok<std::optional<std::int64_t>>(R"("-7")") == -7);
  CHECK(read_ok<std::optional<bool>>("false") == false);
  std::optional<std::int32_t> previous = 3;
  REQUIRE(decode("null", previous) == "");
  CHECK(previous == std::nullopt);
  CHECK(decode_error<std::optional<std::int32_t>>(R"("5")") == "$: expected int32, got string");
  CHECK(decode_error<std::optional<std::int32_t>>("nul") ==
        "$: malformed JSON: an invalid literal (expected null)");
  CHECK(decode_error<std::optional<std::int32_t>>("nullx") ==
        "$: malformed JSON: an invalid literal (expected null)");
}

TEST_CASE("long values are cut in messages", "[read]") {
  const std::string long_text(100, 'a');
  CHECK(decode_error<mealy::Uuid>('"' + long_text + '"') ==
        "$: expected a uuid, got \"" + std::string(64, 'a') + "...\"");
  // A cut never splits a character: 63 ASCII bytes, then a two-byte é.
  const std::string accented = std::string(63, 'a') + "\xc3\xa9" + "tail";
  CHECK(decode_error<mealy::Uuid>('"' + accented + '"') ==
        "$: expected a uuid, got \"" + std::string(63, 'a') + "...\"");
  const std::string digits(100, '9');
  CHECK(decode_error<std::int32_t>(digits) ==
        "$: value " + std::string(64, '9') + "... is out of range for int32");
}

TEST_CASE("errors from the parser that are not about the input", "[read]") {
  mealy::json::ReadContext ctx;
  CHECK_FALSE(mealy::json::fail_json(ctx, simdjson::MEMALLOC));
  CHECK(ctx.error() ==
        std::string("$: cannot parse JSON: ") + simdjson::error_message(simdjson::MEMALLOC));
}
