// Seeded random round trips, 10,000 values of each scalar type:
// decode(encode(x)) == x, and encode(decode(encode(x))) == encode(x).
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>

#include "test_support.hpp"

using mealy::Bytes;
using mealy::Duration;
using mealy::Timestamp;
using mealy::Uuid;
using mealy::testing::decode;
using mealy::testing::encode;

namespace {

constexpr std::uint64_t kSeed = 20261122;
constexpr int kCount = 10'000;

// The first value of `count` made by `make` that does not round trip, with
// why; "" when all do. `equal` compares a decoded value with the original.
template <typename T, typename Make, typename Equal>
std::string first_failure(Make make, Equal equal, int count = kCount) {
  std::mt19937_64 random(kSeed);
  for (int i = 0; i < count; ++i) {
    const T value = make(random);
    const std::string json = encode(value);
    T back{};
    const std::string error = decode(json, back);
    std::ostringstream failure;
    if (!error.empty()) {
      failure << "value " << i << ", " << json << ": " << error;
    } else if (!equal(back, value)) {
      failure << "value " << i << ", " << json << ": decodes to a different value";
    } else if (encode(back) != json) {
      failure << "value " << i << ", " << json << ": re-encodes as " << encode(back);
    }
    if (!failure.str().empty()) return failure.str();
  }
  return "";
}

template <typename T, typename Make>
std::string first_failure(Make make) {
  return first_failure<T>(make, [](const T& a, const T& b) { return a == b; });
}

template <typename Integer>
Integer random_integer(std::mt19937_64& random) {
  // Mostly small magnitudes, sometimes any bits, sometimes the extremes.
  switch (random() % 4) {
    case 0:
      return std::numeric_limits<Integer>::min() + static_cast<Integer>(random() % 3);
    case 1:
      return std::numeric_limits<Integer>::max() - static_cast<Integer>(random() % 3);
    case 2:
      return static_cast<Integer>(static_cast<Integer>(random() % 2001) - 1000);
    default:
      return static_cast<Integer>(random());
  }
}

// A random code point, often one that needs care in JSON.
char32_t random_code_point(std::mt19937_64& random) {
  static constexpr char32_t kSpecial[] = {0x00,   0x08,   0x0A,   0x1F,    '"',     '\\',
                                          '/',    0x7F,   0x80,   0x7FF,   0x800,   0x2028,
                                          0x2029, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF};
  switch (random() % 4) {
    case 0:
      return kSpecial[random() % std::size(kSpecial)];
    case 1:
      return static_cast<char32_t>(0x20 + random() % 0x5F);  // printable ASCII
    default: {
      char32_t c = static_cast<char32_t>(random() % 0x110000);
      return (c >= 0xD800 && c <= 0xDFFF) ? c - 0x800 : c;  // no surrogates
    }
  }
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace

TEST_CASE("bool round trips", "[round-trip]") {
  CHECK(first_failure<bool>([](std::mt19937_64& r) { return r() % 2 == 0; }) == "");
}

TEST_CASE("int32 round trips", "[round-trip]") {
  CHECK(first_failure<std::int32_t>(random_integer<std::int32_t>) == "");
}

TEST_CASE("uint32 round trips", "[round-trip]") {
  CHECK(first_failure<std::uint32_t>(random_integer<std::uint32_t>) == "");
}

TEST_CASE("int64 round trips", "[round-trip]") {
  CHECK(first_failure<std::int64_t>(random_integer<std::int64_t>) == "");
}

TEST_CASE("uint64 round trips", "[round-trip]") {
  CHECK(first_failure<std::uint64_t>(random_integer<std::uint64_t>) == "");
}

TEST_CASE("duration round trips", "[round-trip]") {
  CHECK(first_failure<Duration>(
            [](std::mt19937_64& r) { return Duration(random_integer<std::int64_t>(r)); }) == "");
}

TEST_CASE("float64 round trips, every finite bit pattern alike", "[round-trip]") {
  auto make = [](std::mt19937_64& r) {
    for (;;) {
      double value = 0;
      switch (r() % 3) {
        case 0:
          value = std::bit_cast<double>(r());
          break;  // any exponent, subnormals too
        case 1:
          value =
              static_cast<double>(static_cast<std::int64_t>(r() % 2'000'001) - 1'000'000) / 1000;
          break;
        default:
          value = std::ldexp(static_cast<double>(r() >> 11), static_cast<int>(r() % 200) - 100);
      }
      if (std::isfinite(value)) return value;
    }
  };
  // Equal as doubles; for every value but zero that means the same bits.
  auto same = [](double a, double b) {
    return a == b && (a == 0 || std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b));
  };
  CHECK(first_failure<double>(make, same) == "");
}

TEST_CASE("string round trips (valid UTF-8)", "[round-trip]") {
  CHECK(first_failure<std::string>([](std::mt19937_64& r) {
          std::string text;
          const std::size_t length = r() % 24;
          for (std::size_t i = 0; i < length; ++i)
            append_utf8(text, random_code_point(r));
          return text;
        }) == "");
}

TEST_CASE("string of arbitrary bytes encodes to a fixed point", "[round-trip]") {
  // Invalid UTF-8 becomes U+FFFD, so only the second property holds.
  std::mt19937_64 random(kSeed);
  std::string failure;
  for (int i = 0; i < kCount && failure.empty(); ++i) {
    std::string bytes(random() % 16, '\0');
    for (char& c : bytes)
      c = static_cast<char>(random() % 256);
    const std::string json = encode(bytes);
    std::string back;
    const std::string error = decode(json, back);
    if (!error.empty())
      failure = json + ": " + error;
    else if (encode(back) != json)
      failure = json + ": re-encodes as " + encode(back);
  }
  CHECK(failure == "");
}

TEST_CASE("bytes round trip", "[round-trip]") {
  CHECK(first_failure<Bytes>([](std::mt19937_64& r) {
          Bytes bytes(r() % 40);
          for (std::uint8_t& b : bytes)
            b = static_cast<std::uint8_t>(r());
          return bytes;
        }) == "");
}

TEST_CASE("uuid round trips", "[round-trip]") {
  CHECK(first_failure<Uuid>([](std::mt19937_64& r) {
          std::array<std::uint8_t, 16> bytes{};
          for (std::uint8_t& b : bytes)
            b = static_cast<std::uint8_t>(r());
          return Uuid(bytes);
        }) == "");
}

TEST_CASE("timestamp round trips across the years 0000-9999", "[round-trip]") {
  using std::chrono::microseconds;
  const std::int64_t first =
      Timestamp(std::chrono::sys_days(std::chrono::year(0) / 1 / 1)).time_since_epoch().count();
  const std::int64_t last = Timestamp(std::chrono::sys_days(std::chrono::year(10000) / 1 / 1))
                                .time_since_epoch()
                                .count() -
                            1;
  CHECK(first_failure<Timestamp>([&](std::mt19937_64& r) {
          const auto span = static_cast<std::uint64_t>(last - first) + 1;
          return Timestamp(microseconds(first + static_cast<std::int64_t>(r() % span)));
        }) == "");
}
