// read() for the scalar types: the JSON type, then the range, then the value.
// Every failure goes through the ReadContext, so it carries the path.
#include <charconv>
#include <initializer_list>
#include <limits>
#include <type_traits>

#include "base64.hpp"
#include "json_text.hpp"
#include "mealy/json_simdjson.hpp"
#include "rfc3339.hpp"

namespace mealy::json {
namespace {

using simdjson::ondemand::json_type;

constexpr std::int64_t kMaxSafeInteger = (std::int64_t{1} << 53) - 1;
constexpr std::size_t kMessageDigits = 64;

std::string concat(std::initializer_list<std::string_view> parts) {
  std::string text;
  for (std::string_view part : parts)
    text += part;
  return text;
}

// At most kMessageDigits of a number's text, for a message.
std::string excerpt(std::string_view number) {
  if (number.size() <= kMessageDigits) return std::string(number);
  return concat({number.substr(0, kMessageDigits), "..."});
}

bool fail_out_of_range(ReadContext& ctx, std::string_view number, std::string_view type_name) {
  return ctx.fail(concat({"value ", excerpt(number), " is out of range for ", type_name}));
}

bool fail_unsafe(ReadContext& ctx, std::string_view number, std::string_view type_name) {
  return ctx.fail(concat({"number ", excerpt(number),
                          " is outside the safe-integer range (+-9007199254740991); write ",
                          type_name, " as a string"}));
}

// Why simdjson's get_int64() refused `value`, for a field of type
// `type_name`. A JSON integer beyond 64 bits is out of range, or, for the
// types written as strings (`wide`), outside the safe-integer range.
bool fail_not_integer(ReadContext& ctx, simdjson::ondemand::value& value,
                      std::string_view type_name, bool wide) {
  json_type type;
  if (auto error = value.type().get(type)) return fail_json(ctx, error);
  if (type != json_type::number) return ctx.fail_type(type_name, handle(value));
  const std::string_view token = detail::token_text(value);
  const detail::NumberKind kind = detail::classify_number(token);
  if (kind != detail::NumberKind::malformed && detail::beyond_float64(token)) {
    return detail::fail_beyond_float64(ctx, token);
  }
  switch (kind) {
    case detail::NumberKind::integer:
      return wide ? fail_unsafe(ctx, token, type_name) : fail_out_of_range(ctx, token, type_name);
    case detail::NumberKind::fraction:
      return ctx.fail(concat({"expected ", type_name, ", got ", excerpt(token)}));
    case detail::NumberKind::malformed:
      break;
  }
  return fail_json(ctx, simdjson::NUMBER_ERROR);
}

// A JSON string's contents into `text`; for any other JSON type, an error
// naming `type_name`.
bool read_string(ReadContext& ctx, simdjson::ondemand::value& value, std::string_view type_name,
                 std::string_view& text) {
  const auto error = detail::string_of(value, text);
  if (error == simdjson::SUCCESS) return true;
  if (error == simdjson::INCORRECT_TYPE) return ctx.fail_type(type_name, handle(value));
  return fail_json(ctx, error);
}

// The canonical decimal form: -?(0|[1-9][0-9]*), but not "-0".
bool is_canonical_decimal(std::string_view text) {
  std::size_t i = (!text.empty() && text[0] == '-') ? 1 : 0;
  if (i == text.size()) return false;
  if (text[i] == '0') return text.size() == i + 1 && i == 0;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

// A 64-bit integer written as a decimal string (canonical) or as a JSON
// integer within the safe-integer range (liberal).
template <typename Integer>
bool read_wide_integer(ReadContext& ctx, simdjson::ondemand::value& value,
                       std::string_view type_name, std::string_view described, Integer& out) {
  std::string_view text;
  const auto error = detail::string_of(value, text);
  if (error == simdjson::SUCCESS) {
    if (!is_canonical_decimal(text)) {
      return ctx.fail(concat({"expected ", described, ", got ", detail::quote_for_message(text)}));
    }
    if (std::is_unsigned_v<Integer> && text[0] == '-') {
      return fail_out_of_range(ctx, text, type_name);
    }
    if (std::from_chars(text.data(), text.data() + text.size(), out).ec != std::errc()) {
      return fail_out_of_range(ctx, text, type_name);
    }
    return true;
  }
  if (error != simdjson::INCORRECT_TYPE) return fail_json(ctx, error);

  std::int64_t number = 0;
  if (value.get_int64().get(number) != simdjson::SUCCESS) {
    return fail_not_integer(ctx, value, type_name, true);
  }
  if (number > kMaxSafeInteger || number < -kMaxSafeInteger) {
    return fail_unsafe(ctx, detail::token_text(value), type_name);
  }
  if (std::is_unsigned_v<Integer> && number < 0) {
    return fail_out_of_range(ctx, detail::token_text(value), type_name);
  }
  out = static_cast<Integer>(number);
  return true;
}

// A 32-bit integer, written as a JSON integer (no fraction, no exponent).
template <typename Integer>
bool read_narrow_integer(ReadContext& ctx, simdjson::ondemand::value& value,
                         std::string_view type_name, Integer& out) {
  std::int64_t number = 0;
  if (value.get_int64().get(number) != simdjson::SUCCESS) {
    return fail_not_integer(ctx, value, type_name, false);
  }
  if (number < std::numeric_limits<Integer>::min() ||
      number > std::numeric_limits<Integer>::max()) {
    return fail_out_of_range(ctx, detail::token_text(value), type_name);
  }
  out = static_cast<Integer>(number);
  return true;
}

}  // namespace

bool read(ReadContext& ctx, Value value_handle, bool& out) {
  simdjson::ondemand::value& value = simdjson_value(value_handle);
  const auto error = value.get_bool().get(out);
  if (error == simdjson::SUCCESS) return true;
  if (error == simdjson::INCORRECT_TYPE) return ctx.fail_type("bool", handle(value));
  return fail_json(ctx, error);
}

bool read(ReadContext& ctx, Value value, std::int32_t& out) {
  return read_narrow_integer(ctx, simdjson_value(value), "int32", out);
}

bool read(ReadContext& ctx, Value value, std::uint32_t& out) {
  return read_narrow_integer(ctx, simdjson_value(value), "uint32", out);
}

bool read(ReadContext& ctx, Value value, std::int64_t& out) {
  return read_wide_integer(ctx, simdjson_value(value), "int64", "int64 as a decimal string", out);
}

bool read(ReadContext& ctx, Value value, std::uint64_t& out) {
  return read_wide_integer(ctx, simdjson_value(value), "uint64", "uint64 as a decimal string", out);
}

bool read(ReadContext& ctx, Value value, Duration& out) {
  std::int64_t microseconds = 0;
  if (!read_wide_integer(ctx, simdjson_value(value), "duration",
                         "duration as a decimal string of microseconds", microseconds)) {
    return false;
  }
  out = Duration(microseconds);
  return true;
}

bool read(ReadContext& ctx, Value value_handle, double& out) {
  simdjson::ondemand::value& value = simdjson_value(value_handle);
  if (value.get_double().get(out) == simdjson::SUCCESS) {
    // simdjson 3.0 reads some long numbers wrong (json_text.hpp,
    // kTrustedNumberBytes); a long token is read again.
    const std::string_view token = detail::token_text(value);
    if (token.size() <= detail::kTrustedNumberBytes || detail::number_value(token, out))
      return true;
    return detail::fail_beyond_float64(ctx, token);
  }
  json_type type;
  if (auto error = value.type().get(type)) return fail_json(ctx, error);
  if (type != json_type::number) return ctx.fail_type("float64", handle(value));
  const std::string_view token = detail::token_text(value);
  if (detail::classify_number(token) == detail::NumberKind::malformed) {
    return fail_json(ctx, simdjson::NUMBER_ERROR);
  }
  if (detail::number_value(token, out)) return true;  // one that simdjson refuses within range
  return detail::fail_beyond_float64(ctx, token);     // beyond the largest double
}

bool read(ReadContext& ctx, Value value, std::string& out) {
  std::string_view text;
  if (!read_string(ctx, simdjson_value(value), "string", text)) return false;
  out.assign(text);
  return true;
}

bool read(ReadContext& ctx, Value value, std::string_view& out) {
  return read_string(ctx, simdjson_value(value), "string", out);
}

bool read(ReadContext& ctx, Value value, Bytes& out) {
  std::string_view text;
  if (!read_string(ctx, simdjson_value(value), "bytes", text)) return false;
  if (!detail::decode_base64(text, out)) {
    return ctx.fail(concat({"expected base64, got ", detail::quote_for_message(text)}));
  }
  return true;
}

bool read(ReadContext& ctx, Value value, Uuid& out) {
  std::string_view text;
  if (!read_string(ctx, simdjson_value(value), "uuid", text)) return false;
  const std::optional<Uuid> uuid = Uuid::parse(text);
  if (!uuid) return ctx.fail(concat({"expected a uuid, got ", detail::quote_for_message(text)}));
  out = *uuid;
  return true;
}

bool read(ReadContext& ctx, Value value, Timestamp& out) {
  std::string_view text;
  if (!read_string(ctx, simdjson_value(value), "timestamp", text)) return false;
  switch (detail::parse_timestamp(text, out)) {
    case detail::TimestampParse::ok:
      return true;
    case detail::TimestampParse::malformed:
      return ctx.fail(
          concat({"expected an RFC 3339 timestamp, got ", detail::quote_for_message(text)}));
    case detail::TimestampParse::too_precise:
      return ctx.fail(concat(
          {"timestamp ", detail::quote_for_message(text), " has more than 6 fraction digits"}));
    case detail::TimestampParse::out_of_range:
      break;
  }
  return ctx.fail(concat({"timestamp ", detail::quote_for_message(text),
                          " is out of range (years 0000 to 9999 in UTC)"}));
}

bool is_null(Value value) {
  bool null = false;
  return simdjson_value(value).is_null().get(null) == simdjson::SUCCESS && null;
}

}  // namespace mealy::json

namespace mealy::detail {

bool fail_beyond_float64(json::ReadContext& ctx, std::string_view token) {
  return json::fail_out_of_range(ctx, token, "float64");
}

}  // namespace mealy::detail
