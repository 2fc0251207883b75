// The names of viz's option enums (Detail, Format), both ways, from one table
// per enum, so that parsing and printing cannot disagree.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace mealy::viz {

template <typename Enum, std::size_t N>
using EnumNames = std::array<std::pair<Enum, std::string_view>, N>;

// The value named `text`, or nullopt.
template <typename Enum, std::size_t N>
std::optional<Enum> enum_value(const EnumNames<Enum, N>& names, std::string_view text) {
  for (const auto& [value, name] : names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

// The name of `value`; every value is in the table.
template <typename Enum, std::size_t N>
std::string_view enum_name(const EnumNames<Enum, N>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return names.front().second;
}

}  // namespace mealy::viz
