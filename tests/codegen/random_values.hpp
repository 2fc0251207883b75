// Seeded random values of generated types, for the round-trip tests of the
// generated codecs (tests/codegen) and the cross-language suite
// (tests/crosslang): randomize(value, random, 0) fills any generated record,
// command, event, state, variant or aggregate, field by field, with strings
// holding every escape and non-ASCII text, integer extremes, every finite
// double, timestamps across the years 0001-9999, empty and large lists.
#pragma once

#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "mealy/values.hpp"

namespace mealy::testing {

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  std::uint64_t bits() { return engine_(); }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(bits() % n); }
  bool coin() { return bits() & 1; }

  template <typename Int>
  Int integer() {
    switch (below(6)) {
      case 0:
        return std::numeric_limits<Int>::min();
      case 1:
        return std::numeric_limits<Int>::max();
      case 2:
        return Int{0};
      default:
        return static_cast<Int>(bits());
    }
  }

  // Valid UTF-8 with every character JSON must escape, quotes, backslashes,
  // U+2028/U+2029, two-, three- and four-byte characters.
  std::string text() {
    static const char* const kPieces[] = {
        "a",      "Z",      "0",    " ",    "\"",   "\\", "/", "\n", "\r",   "\t",
        "\b",     "\f",     "\x01", "\x1f", "\x7f", "é",  "ß", "漢", "€",    "😀",
        "\u2028", "\u2029", "{",    "}",    "[",    "]",  ":", ",",  "null",
    };
    std::string out;
    std::size_t length = below(10) == 0 ? 300 : below(12);
    for (std::size_t i = 0; i < length; ++i) {
      if (below(8) == 0) {
        out += static_cast<char>(below(32));  // any control character
      } else {
        out += kPieces[below(std::size(kPieces))];
      }
    }
    return out;
  }

  std::size_t list_length(int depth) {
    if (depth > 3) return 0;
    return below(20) == 0 ? 60 : below(4);
  }

 private:
  std::mt19937_64 engine_;
};

template <typename T>
struct is_vector : std::false_type {};
template <typename T>
struct is_vector<std::vector<T>> : std::true_type {};
template <typename T>
struct is_map : std::false_type {};
template <typename T>
struct is_map<std::map<std::string, T>> : std::true_type {};
template <typename T>
struct is_optional : std::false_type {};
template <typename T>
struct is_optional<std::optional<T>> : std::true_type {};
template <typename T>
struct is_variant : std::false_type {};
template <typename... T>
struct is_variant<std::variant<T...>> : std::true_type {};

template <typename T>
void randomize(T& value, Random& random, int depth);

template <typename Variant, std::size_t... I>
void randomize_variant(Variant& value, Random& random, int depth, std::index_sequence<I...>) {
  std::size_t pick = random.below(sizeof...(I));
  ((pick == I ? (randomize(value.template emplace<I>(), random, depth), 0) : 0), ...);
}

template <typename T>
void randomize(T& value, Random& random, int depth) {
  if constexpr (std::is_same_v<T, bool>) {
    value = random.coin();
  } else if constexpr (std::is_integral_v<T>) {
    value = random.integer<T>();
  } else if constexpr (std::is_same_v<T, double>) {
    do {
      std::uint64_t bits = random.bits();
      std::memcpy(&value, &bits, sizeof value);
    } while (!std::isfinite(value));
    if (random.below(4) == 0) value = static_cast<double>(random.integer<std::int32_t>()) / 8;
  } else if constexpr (std::is_same_v<T, std::string>) {
    value = random.text();
  } else if constexpr (std::is_same_v<T, mealy::Bytes>) {
    value.resize(random.below(40));
    for (auto& byte : value)
      byte = static_cast<std::uint8_t>(random.bits());
  } else if constexpr (std::is_same_v<T, mealy::Uuid>) {
    std::array<std::uint8_t, 16> bytes;
    for (auto& byte : bytes)
      byte = static_cast<std::uint8_t>(random.bits());
    value = mealy::Uuid(bytes);
  } else if constexpr (std::is_same_v<T, mealy::Timestamp>) {
    // Years 0001 to 9999, the range RFC 3339 can write.
    constexpr std::int64_t kFirst = -62135596800'000000, kLast = 253402300799'999999;
    std::int64_t micros = kFirst + static_cast<std::int64_t>(
                                       random.bits() % static_cast<std::uint64_t>(kLast - kFirst));
    value = mealy::Timestamp(mealy::Duration(random.below(10) == 0 ? kLast : micros));
  } else if constexpr (std::is_same_v<T, mealy::Duration>) {
    value = mealy::Duration(random.integer<std::int64_t>());
  } else if constexpr (std::is_enum_v<T>) {
    auto members = all_members(T{});
    value = members[random.below(members.size())];
  } else if constexpr (is_optional<T>::value) {
    if (random.coin()) {
      value.reset();
    } else {
      randomize(value.emplace(), random, depth + 1);
    }
  } else if constexpr (std::is_same_v<T, std::vector<bool>>) {  // elements are proxies
    value.resize(random.list_length(depth));
    for (std::size_t i = 0; i < value.size(); ++i)
      value[i] = random.coin();
  } else if constexpr (is_vector<T>::value) {
    value.resize(random.list_length(depth));
    for (auto& item : value)
      randomize(item, random, depth + 1);
  } else if constexpr (is_map<T>::value) {
    value.clear();
    for (std::size_t i = random.list_length(depth); i > 0; --i) {
      randomize(value[random.text()], random, depth + 1);
    }
  } else if constexpr (is_variant<T>::value) {
    randomize_variant(value, random, depth, std::make_index_sequence<std::variant_size_v<T>>());
  } else {
    for_each_field(value,
                   [&](std::string_view, auto& member) { randomize(member, random, depth + 1); });
  }
}

}  // namespace mealy::testing
