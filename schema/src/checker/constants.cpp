#include "checker/constants.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "checker/context.hpp"

namespace mealy::schema::checker {
namespace {

std::string describe(const Value& value) {
  switch (value.kind) {
    case Value::Kind::null:
      return "null";
    case Value::Kind::list:
      return "a list";
    case Value::Kind::map:
      return "a map";
    case Value::Kind::scalar:
      break;
  }
  return value.quoted ? "the string " + quote(value.text) : quote(value.text);
}

bool plain(const Value& value) {
  return value.kind == Value::Kind::scalar && !value.quoted;
}
bool scalar(const Value& value) {
  return value.kind == Value::Kind::scalar;
}
bool is_plain_null(const Value& value) {
  return value.kind == Value::Kind::null ||
         (plain(value) && (value.text == "null" || value.text == "~" || value.text == "Null" ||
                           value.text == "NULL"));
}

template <typename Int>
std::optional<Int> parse_integer(std::string_view text) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  Int result{};
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    base = 16;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), result, base);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return result;
}

int digit(char c) {
  return c >= '0' && c <= '9' ? c - '0' : -1;
}

// Reads `count` digits at `pos`.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    int d = digit(text[pos + i]);
    if (d < 0) return std::nullopt;
    value = value * 10 + d;
  }
  return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

const char* kind_name(TypeKind kind) {
  switch (kind) {
    case TypeKind::boolean:
      return "a boolean";
    case TypeKind::int32:
      return "an int32";
    case TypeKind::int64:
      return "an int64";
    case TypeKind::uint32:
      return "a uint32";
    case TypeKind::uint64:
      return "a uint64";
    case TypeKind::float64:
      return "a float64";
    case TypeKind::string:
      return "a string";
    case TypeKind::bytes:
      return "base64 bytes";
    case TypeKind::uuid:
      return "a uuid";
    case TypeKind::timestamp:
      return "an RFC 3339 timestamp or 'now'";
    case TypeKind::duration:
      return "a duration such as '30s' or '1h30m'";
    case TypeKind::list:
      return "a list";
    case TypeKind::map:
      return "a map";
    case TypeKind::optional:
      return "an optional value";
    case TypeKind::named:
      return "a named type";
  }
  return "a value";
}

std::optional<Constant> fail(std::string& problem, const TypeRef& type, const Value& value,
                             std::string_view hint = {}) {
  problem = "expected " +
            std::string(type.kind == TypeKind::named && type.decl
                            ? (type.decl->is_enum ? "a member of enum "
                                                  : "a map of the fields of record ") +
                                  quote(type.decl->name.text)
                            : kind_name(type.kind)) +
            ", found " + describe(value);
  if (!hint.empty()) problem += "; " + std::string(hint);
  return std::nullopt;
}

std::optional<Constant> scalar_constant(const Value& value, const TypeRef& type,
                                        std::string& problem) {
  Constant c;
  c.kind = type.kind;
  const std::string& text = value.text;
  switch (type.kind) {
    case TypeKind::boolean:
      if (plain(value) && (text == "true" || text == "false")) {
        c.boolean = text == "true";
        return c;
      }
      return fail(problem, type, value);
    case TypeKind::int32:
    case TypeKind::int64: {
      if (!plain(value)) return fail(problem, type, value, "write numbers without quotes");
      auto parsed = parse_integer<std::int64_t>(text);
      if (!parsed) return fail(problem, type, value);
      if (type.kind == TypeKind::int32 && (*parsed < std::numeric_limits<std::int32_t>::min() ||
                                           *parsed > std::numeric_limits<std::int32_t>::max())) {
        problem = "value " + text + " is out of range for int32";
        return std::nullopt;
      }
      c.int_value = *parsed;
      return c;
    }
    case TypeKind::uint32:
    case TypeKind::uint64: {
      if (!plain(value)) return fail(problem, type, value, "write numbers without quotes");
      auto parsed = parse_integer<std::uint64_t>(text);
      if (!parsed || (!text.empty() && text[0] == '-')) return fail(problem, type, value);
      if (type.kind == TypeKind::uint32 && *parsed > std::numeric_limits<std::uint32_t>::max()) {
        problem = "value " + text + " is out of range for uint32";
        return std::nullopt;
      }
      c.uint_value = *parsed;
      return c;
    }
    case TypeKind::float64: {
      if (!plain(value)) return fail(problem, type, value, "write numbers without quotes");
      double parsed = 0;
      std::string_view view = text;
      if (!view.empty() && view[0] == '+') view.remove_prefix(1);
      auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), parsed);
      if (ec != std::errc() || end != view.data() + view.size() || view.empty()) {
        return fail(problem, type, value);
      }
      if (!std::isfinite(parsed)) {
        problem = "float64 values must be finite (JSON has no infinity or NaN)";
        return std::nullopt;
      }
      c.float_value = parsed;
      return c;
    }
    case TypeKind::string:
      if (plain(value) && (text == "true" || text == "false" || parse_integer<std::int64_t>(text) ||
                           parse_integer<std::uint64_t>(text))) {
        return fail(problem, type, value, "quote it to make it a string");
      }
      c.text = text;
      return c;
    case TypeKind::bytes: {
      auto decoded = decode_base64(text);
      if (!decoded) return fail(problem, type, value);
      c.text = std::move(*decoded);
      return c;
    }
    case TypeKind::uuid: {
      static constexpr std::size_t kDashes[] = {8, 13, 18, 23};
      bool ok = text.size() == 36;
      for (std::size_t i = 0; ok && i < text.size(); ++i) {
        bool dash = i == kDashes[0] || i == kDashes[1] || i == kDashes[2] || i == kDashes[3];
        char ch = text[i];
        ok = dash ? ch == '-' : ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'));
      }
      if (!ok) return fail(problem, type, value, "write it lowercase as 8-4-4-4-12 hex digits");
      c.text = text;
      return c;
    }
    case TypeKind::timestamp: {
      if (plain(value) && text == "now") {
        c.is_now = true;
        return c;
      }
      auto parsed = parse_timestamp(text);
      if (!parsed) return fail(problem, type, value);
      c.int_value = *parsed;
      return c;
    }
    case TypeKind::duration: {
      auto parsed = parse_duration(text);
      if (!parsed) return fail(problem, type, value);
      c.int_value = *parsed;
      return c;
    }
    default:
      return fail(problem, type, value);
  }
}

std::optional<Constant> named_constant(const Value& value, const TypeRef& type,
                                       std::string& problem) {
  const TypeDecl& decl = *type.decl;
  Constant c;
  c.kind = TypeKind::named;
  if (decl.is_enum) {
    if (!scalar(value)) return fail(problem, type, value);
    for (std::uint32_t i = 0; i < decl.members.size(); ++i) {
      if (decl.members[i].name.text == value.text) {
        c.text = value.text;
        c.enum_index = i;
        return c;
      }
    }
    std::string members;
    for (const EnumMember& member : decl.members)
      members += (members.empty() ? "" : ", ") + member.name.text;
    return fail(problem, type, value, "its members are " + members);
  }
  if (value.kind != Value::Kind::map) return fail(problem, type, value);
  for (const auto& [key, item] : value.entries) {
    if (find_field(decl.fields, key.text) == kNone) {
      problem = "record " + quote(decl.name.text) + " has no field " + quote(key.text);
      return std::nullopt;
    }
  }
  for (const Field& field : decl.fields) {
    const Value* given = nullptr;
    for (const auto& [key, item] : value.entries) {
      if (key.text == field.name.text) given = &item;
    }
    if (!given) {
      if (field.default_value) {
        c.items.push_back(*field.default_value);
        continue;
      }
      if (field.type.kind == TypeKind::optional) {
        Constant absent;
        absent.kind = TypeKind::optional;
        absent.is_null = true;
        c.items.push_back(absent);
        continue;
      }
      problem = "field " + quote(field.name.text) + " of record " + quote(decl.name.text) +
                " is missing and has no default";
      return std::nullopt;
    }
    std::string inner;
    auto converted = to_constant(*given, field.type, inner);
    if (!converted) {
      problem = "field " + quote(field.name.text) + ": " + inner;
      return std::nullopt;
    }
    c.items.push_back(std::move(*converted));
  }
  return c;
}

}  // namespace

std::optional<std::int64_t> parse_timestamp(std::string_view t) {
  // YYYY-MM-DDTHH:MM:SS[.f{1,6}](Z|+HH:MM|-HH:MM)
  auto year = digits(t, 0, 4), month = digits(t, 5, 2), day = digits(t, 8, 2);
  auto hour = digits(t, 11, 2), minute = digits(t, 14, 2), second = digits(t, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second || t[4] != '-' || t[7] != '-' ||
      (t[10] != 'T' && t[10] != 't') || t[13] != ':' || t[16] != ':') {
    return std::nullopt;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (*month < 1 || *month > 12 || *day < 1 ||
      *day > kDays[*month - 1] + (*month == 2 && is_leap(*year) ? 1 : 0) || *hour > 23 ||
      *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::int64_t micros = 0;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    std::size_t count = 0;
    while (pos < t.size() && digit(t[pos]) >= 0) {
      if (++count > 6) return std::nullopt;
      micros = micros * 10 + digit(t[pos++]);
    }
    if (count == 0) return std::nullopt;
    for (; count < 6; ++count)
      micros *= 10;
  }
  std::int64_t offset_minutes = 0;
  if (pos < t.size() && (t[pos] == 'Z' || t[pos] == 'z')) {
    ++pos;
  } else if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) {
    auto oh = digits(t, pos + 1, 2), om = digits(t, pos + 4, 2);
    if (!oh || !om || pos + 3 >= t.size() || t[pos + 3] != ':' || *oh > 23 || *om > 59) {
      return std::nullopt;
    }
    offset_minutes = (*oh * 60 + *om) * (t[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != t.size()) return std::nullopt;
  std::int64_t days =
      days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
  std::int64_t seconds = days * 86400 + *hour * 3600 + *minute * 60 + *second - offset_minutes * 60;
  return seconds * 1'000'000 + micros;
}

std::optional<std::int64_t> parse_duration(std::string_view text) {
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  while (!text.empty()) {
    std::int64_t amount = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), amount);
    if (ec != std::errc() || end == text.data()) return std::nullopt;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    std::int64_t unit = 0;
    if (text.starts_with("ms")) {
      unit = 1000, text.remove_prefix(2);
    } else if (text.starts_with("us")) {
      unit = 1, text.remove_prefix(2);
    } else if (text.starts_with("h")) {
      unit = 3'600'000'000, text.remove_prefix(1);
    } else if (text.starts_with("m")) {
      unit = 60'000'000, text.remove_prefix(1);
    } else if (text.starts_with("s")) {
      unit = 1'000'000, text.remove_prefix(1);
    } else {
      return std::nullopt;
    }
    std::int64_t part = 0;
    if (__builtin_mul_overflow(amount, unit, &part) ||
        __builtin_add_overflow(total, part, &total)) {
      return std::nullopt;
    }
  }
  return negative ? -total : total;
}

std::optional<std::string> decode_base64(std::string_view text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    int v[4];
    int padding = 0;
    for (int k = 0; k < 4; ++k) {
      char c = text[i + static_cast<std::size_t>(k)];
      if (c == '=' && i + 4 == text.size() && k >= 2) {
        v[k] = 0;
        ++padding;
      } else {
        if (padding > 0) return std::nullopt;
        v[k] = value(c);
        if (v[k] < 0) return std::nullopt;
      }
    }
    std::uint32_t triple =
        (static_cast<std::uint32_t>(v[0]) << 18) | (static_cast<std::uint32_t>(v[1]) << 12) |
        (static_cast<std::uint32_t>(v[2]) << 6) | static_cast<std::uint32_t>(v[3]);
    out += static_cast<char>((triple >> 16) & 0xff);
    if (padding < 2) out += static_cast<char>((triple >> 8) & 0xff);
    if (padding < 1) out += static_cast<char>(triple & 0xff);
  }
  return out;
}

int compare_numbers(const Constant& a, const Constant& b) {
  switch (a.kind) {
    case TypeKind::uint32:
    case TypeKind::uint64:
      return a.uint_value < b.uint_value ? -1 : a.uint_value > b.uint_value;
    case TypeKind::float64:
      return a.float_value < b.float_value ? -1 : a.float_value > b.float_value;
    default:
      return a.int_value < b.int_value ? -1 : a.int_value > b.int_value;
  }
}

std::optional<Constant> to_constant(const Value& value, const TypeRef& type, std::string& problem) {
  switch (type.kind) {
    case TypeKind::optional: {
      Constant c;
      c.kind = TypeKind::optional;
      if (is_plain_null(value)) {
        c.is_null = true;
        return c;
      }
      auto inner = to_constant(value, type.element.at(0), problem);
      if (!inner) return std::nullopt;
      c.items.push_back(std::move(*inner));
      return c;
    }
    case TypeKind::list: {
      if (value.kind != Value::Kind::list) return fail(problem, type, value);
      Constant c;
      c.kind = TypeKind::list;
      for (std::size_t i = 0; i < value.items.size(); ++i) {
        std::string inner;
        auto item = to_constant(value.items[i], type.element.at(0), inner);
        if (!item) {
          problem = "item " + std::to_string(i + 1) + ": " + inner;
          return std::nullopt;
        }
        c.items.push_back(std::move(*item));
      }
      return c;
    }
    case TypeKind::map: {
      if (value.kind != Value::Kind::map) return fail(problem, type, value);
      Constant c;
      c.kind = TypeKind::map;
      for (const auto& [key, item] : value.entries) {
        std::string inner;
        auto converted = to_constant(item, type.element.at(0), inner);
        if (!converted) {
          problem = "key " + quote(key.text) + ": " + inner;
          return std::nullopt;
        }
        c.entries.emplace_back(key.text, std::move(*converted));
      }
      return c;
    }
    case TypeKind::named:
      if (!type.decl) {
        problem = "the type " + quote(type.spelling) + " is unknown";
        return std::nullopt;
      }
      return named_constant(value, type, problem);
    default:
      if (!scalar(value)) return fail(problem, type, value);
      return scalar_constant(value, type, problem);
  }
}

}  // namespace mealy::schema::checker
