// Canonical JSON, byte for byte, for every write() overload.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "test_support.hpp"

using mealy::Bytes;
using mealy::Duration;
using mealy::Timestamp;
using mealy::Uuid;
using mealy::testing::at;
using mealy::testing::encode;

namespace {}  // namespace

TEST_CASE("write bool", "[write]") {
  CHECK(encode(true) == "true");
  CHECK(encode(false) == "false");
}

TEST_CASE("write int32 and uint32 as numbers", "[write]") {
  CHECK(encode(std::int32_t{0}) == "0");
  CHECK(encode(std::int32_t{-1}) == "-1");
  CHECK(encode(std::numeric_limits<std::int32_t>::min()) == "-2147483648");
  CHECK(encode(std::numeric_limits<std::int32_t>::max()) == "2147483647");
  CHECK(encode(std::uint32_t{0}) == "0");
  CHECK(encode(std::numeric_limits<std::uint32_t>::max()) == "4294967295");
}

TEST_CASE("write int64, uint64 and duration as decimal strings", "[write]") {
  CHECK(encode(std::int64_t{0}) == R"("0")");
  CHECK(encode(std::int64_t{-42}) == R"("-42")");
  CHECK(encode(std::numeric_limits<std::int64_t>::min()) == R"("-9223372036854775808")");
  CHECK(encode(std::numeric_limits<std::int64_t>::max()) == R"("9223372036854775807")");
  CHECK(encode(std::uint64_t{0}) == R"("0")");
  CHECK(encode(std::numeric_limits<std::uint64_t>::max()) == R"("18446744073709551615")");
  CHECK(encode(Duration(0)) == R"("0")");
  CHECK(encode(Duration(-1'500'000)) == R"("-1500000")");
  CHECK(encode(Duration::max()) == R"("9223372036854775807")");
  CHECK(encode(Duration::min()) == R"("-9223372036854775808")");
}

TEST_CASE("write float64 in the shortest form, laid out as JavaScript does", "[write]") {
  CHECK(encode(0.1) == "0.1");
  CHECK(encode(0.1 + 0.2) == "0.30000000000000004");
  CHECK(encode(1.0) == "1");
  CHECK(encode(-17.0) == "-17");
  CHECK(encode(100.0) == "100");
  CHECK(encode(123.456) == "123.456");
  CHECK(encode(-1.25) == "-1.25");
  CHECK(encode(9007199254740992.0) == "9007199254740992");
  CHECK(encode(1e20) == "100000000000000000000");
  CHECK(encode(123456789012345680000.0) == "123456789012345680000");
  CHECK(encode(1e21) == "1e+21");
  CHECK(encode(1.5e21) == "1.5e+21");
  CHECK(encode(1e300) == "1e+300");
  CHECK(encode(0.000001) == "0.000001");
  CHECK(encode(0.000012345) == "0.000012345");
  CHECK(encode(1e-7) == "1e-7");
  CHECK(encode(1.5e-7) == "1.5e-7");
  CHECK(encode(-2.5e-10) == "-2.5e-10");
  CHECK(encode(5e-324) == "5e-324");
  CHECK(encode(std::numeric_limits<double>::max()) == "1.7976931348623157e+308");
  CHECK(encode(std::numeric_limits<double>::lowest()) == "-1.7976931348623157e+308");
  CHECK(encode(std::numeric_limits<double>::min()) == "2.2250738585072014e-308");
}

TEST_CASE("write both zeros as 0, and non-finite doubles as null", "[write]") {
  CHECK(encode(0.0) == "0");
  CHECK(encode(-0.0) == "0");
  CHECK(encode(std::numeric_limits<double>::infinity()) == "null");
  CHECK(encode(-std::numeric_limits<double>::infinity()) == "null");
  CHECK(encode(std::numeric_limits<double>::quiet_NaN()) == "null");
}

TEST_CASE("write every control character with the shortest escape", "[write]") {
  const char* const expected[32] = {
      R"("\u0000")", R"("\u0001")", R"("\u0002")", R"("\u0003")", R"("\u0004")", R"("\u0005")",
      R"("\u0006")", R"("\u0007")", R"("\b")",     R"("\t")",     R"("\n")",     R"("\u000b")",
      R"("\f")",     R"("\r")",     R"("\u000e")", R"("\u000f")", R"("\u0010")", R"("\u0011")",
      R"("\u0012")", R"("\u0013")", R"("\u0014")", R"("\u0015")", R"("\u0016")", R"("\u0017")",
      R"("\u0018")", R"("\u0019")", R"("\u001a")", R"("\u001b")", R"("\u001c")", R"("\u001d")",
      R"("\u001e")", R"("\u001f")"};
  for (int c = 0; c < 32; ++c) {
    INFO("character " << c);
    CHECK(encode(std::string(1, static_cast<char>(c))) == expected[c]);
  }
}

TEST_CASE("write quotes and backslashes escaped, everything else as it is", "[write]") {
  CHECK(encode(std::string_view("")) == R"("")");
  CHECK(encode(std::string("say \"hi\"")) == R"("say \"hi\"")");
  CHECK(encode("back\\slash") == R"("back\\slash")");
  CHECK(encode("a/b") == R"("a/b")");
  CHECK(encode(" ~") == R"(" ~")");
  CHECK(encode("\x7f") == "\"\x7f\"");  // DEL is not a control character to JSON
  CHECK(encode("line\nnext\ttab") == R"("line\nnext\ttab")");
  CHECK(encode("runs \"of\" plain \\ text") == R"("runs \"of\" plain \\ text")");
}

TEST_CASE("write non-ASCII text as UTF-8", "[write]") {
  CHECK(encode("h\xc3\xa9llo") == "\"h\xc3\xa9llo\"");          // é
  CHECK(encode("\xe2\x82\xac 5") == "\"\xe2\x82\xac 5\"");      // €
  CHECK(encode("\xf0\x9d\x84\x9e") == "\"\xf0\x9d\x84\x9e\"");  // U+1D11E
  CHECK(encode("\xef\xbf\xbf\xf4\x8f\xbf\xbf") ==
        "\"\xef\xbf\xbf\xf4\x8f\xbf\xbf\"");                                    // U+FFFF, U+10FFFF
  CHECK(encode("\xe6\x97\xa5\xe6\x9c\xac") == "\"\xe6\x97\xa5\xe6\x9c\xac\"");  // 日本
}

TEST_CASE("write U+2028 and U+2029 escaped, for JavaScript", "[write]") {
  CHECK(encode("a\xe2\x80\xa8"
               "b") == R"("a\u2028b")");
  CHECK(encode("\xe2\x80\xa9") == R"("\u2029")");
  CHECK(encode("\xe2\x80\xa7\xe2\x80\xaa") == "\"\xe2\x80\xa7\xe2\x80\xaa\"");  // neighbours stay
}

TEST_CASE("write each ill-formed part of a string as U+FFFD", "[write]") {
  const std::string r = "\xef\xbf\xbd";  // U+FFFD
  CHECK(encode("\xff") == "\"" + r + "\"");
  CHECK(encode("a\x80"
               "b") == "\"a" + r + "b\"");                           // stray continuation
  CHECK(encode("\xc0\xaf") == "\"" + r + r + "\"");                  // overlong '/'
  CHECK(encode("\xc1\xbf") == "\"" + r + r + "\"");                  // overlong
  CHECK(encode("\xe0\x80\xaf") == "\"" + r + r + r + "\"");          // overlong, 3 bytes
  CHECK(encode("\xed\xa0\x80") == "\"" + r + r + r + "\"");          // surrogate U+D800
  CHECK(encode("\xf4\x90\x80\x80") == "\"" + r + r + r + r + "\"");  // above U+10FFFF
  CHECK(encode("\xf5\x80") == "\"" + r + r + "\"");
  CHECK(encode("\xe2\x82") == "\"" + r + "\"");  // truncated at the end
  CHECK(encode("\xe2\x82"
               "A") == "\"" + r + "A\"");  // truncated in the middle
  CHECK(encode("\xf0\x9f\x98") == "\"" + r + "\"");
  CHECK(encode("\xf0\x9f\x98\"") == "\"" + r + "\\\"\"");  // then a quote, escaped
  CHECK(encode("ok\xc3") == "\"ok" + r + "\"");
}

TEST_CASE("write bytes as padded standard base64", "[write]") {
  auto bytes = [](std::string_view text) { return Bytes(text.begin(), text.end()); };
  CHECK(encode(Bytes{}) == R"("")");
  CHECK(encode(bytes("f")) == R"("Zg==")");
  CHECK(encode(bytes("fo")) == R"("Zm8=")");
  CHECK(encode(bytes("foo")) == R"("Zm9v")");
  CHECK(encode(bytes("foob")) == R"("Zm9vYg==")");
  CHECK(encode(bytes("fooba")) == R"("Zm9vYmE=")");
  CHECK(encode(bytes("foobar")) == R"("Zm9vYmFy")");
  CHECK(encode(Bytes{0xfb, 0xff}) == R"("+/8=")");
  CHECK(encode(Bytes{0x00, 0x00, 0x00}) == R"("AAAA")");
  CHECK(encode(Bytes{0xff, 0xff, 0xff}) == R"("////")");
}

TEST_CASE("write uuids lowercase", "[write]") {
  CHECK(encode(Uuid()) == R"("00000000-0000-0000-0000-000000000000")");
  const Uuid uuid({0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0xFE, 0xDC, 0xBA, 0x98, 0x76,
                   0x54, 0x32, 0x10});
  CHECK(encode(uuid) == R"("01234567-89ab-cdef-fedc-ba9876543210")");
}

TEST_CASE("write timestamps as RFC 3339 UTC with six fraction digits", "[write]") {
  CHECK(encode(Timestamp()) == R"("1970-01-01T00:00:00.000000Z")");
  CHECK(encode(at(2026, 11, 22, 10)) == R"("2026-11-22T10:00:00.000000Z")");
  CHECK(encode(at(2026, 11, 22, 10, 0, 0, 1)) == R"("2026-11-22T10:00:00.000001Z")");
  CHECK(encode(at(1999, 12, 31, 23, 59, 59, 999'999)) == R"("1999-12-31T23:59:59.999999Z")");
  CHECK(encode(Timestamp(std::chrono::microseconds(-1))) == R"("1969-12-31T23:59:59.999999Z")");
  CHECK(encode(at(2024, 2, 29, 12, 30, 15, 250'000)) == R"("2024-02-29T12:30:15.250000Z")");
  CHECK(encode(at(2000, 2, 29)) == R"("2000-02-29T00:00:00.000000Z")");
  CHECK(encode(at(1900, 3, 1)) == R"("1900-03-01T00:00:00.000000Z")");
  CHECK(encode(at(0, 1, 1)) == R"("0000-01-01T00:00:00.000000Z")");
  CHECK(encode(at(9999, 12, 31, 23, 59, 59, 999'999)) == R"("9999-12-31T23:59:59.999999Z")");
}

TEST_CASE("write timestamps outside the four-digit years clamped to them", "[write]") {
  CHECK(encode(at(10000, 1, 1)) == R"("9999-12-31T23:59:59.999999Z")");
  CHECK(encode(at(-1, 12, 31, 23, 59, 59)) == R"("0000-01-01T00:00:00.000000Z")");
  CHECK(encode(Timestamp::max()) == R"("9999-12-31T23:59:59.999999Z")");
  CHECK(encode(Timestamp::min()) == R"("0000-01-01T00:00:00.000000Z")");
}

TEST_CASE("write lists, maps and optionals", "[write]") {
  CHECK(encode(std::vector<std::int32_t>{}) == "[]");
  CHECK(encode(std::vector<std::int32_t>{1, -2, 3}) == "[1,-2,3]");
  CHECK(encode(std::vector<std::string>{"a", "b\""}) == R"(["a","b\""])");
  CHECK(encode(std::map<std::string, std::int64_t>{}) == "{}");
  CHECK(encode(std::map<std::string, std::int64_t>{{"b", 2}, {"a", 1}, {"a b", 3}}) ==
        R"({"a":"1","a b":"3","b":"2"})");
  CHECK(encode(std::optional<std::int32_t>()) == "null");
  CHECK(encode(std::optional<std::int32_t>(7)) == "7");
  CHECK(encode(std::vector<std::optional<bool>>{true, std::nullopt, false}) == "[true,null,false]");
  const std::vector<std::map<std::string, std::optional<std::int64_t>>> nested = {
      {{"x", 1}, {"y", std::nullopt}}, {}, {{"k\n", -9}}};
  CHECK(encode(nested) == R"([{"x":"1","y":null},{},{"k\n":"-9"}])");
}

TEST_CASE("write appends to what the string holds", "[write]") {
  std::string out = "prefix:";
  mealy::json::write(out, std::int32_t{5});
  out += ',';
  mealy::json::write(out, std::string_view("s"));
  CHECK(out == R"(prefix:5,"s")");
}
