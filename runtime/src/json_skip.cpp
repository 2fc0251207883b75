// skip(), KeySet, read_wrapped() and validate(): the parts of strict decoding
// that are the same for every schema.
//
// Design notes.
//
// 1. simdjson's On-Demand API checks a token only when it is read. A value
//    that a reader moves past unread is skipped by counting brackets, so
//    `"zzz":tru`, `[1,}` or `"\q"` in an unknown field would pass. Hence the
//    rule every reader follows: each value of a document is either read by a
//    typed read() or walked by skip(), which reads every token in it. The
//    On-Demand iterators check the commas, colons and brackets between the
//    tokens they visit; stage 1 (in parser.iterate) has checked UTF-8 and
//    control characters in the whole document.
// 2. Duplicate keys: a generated reader (through read_record(), in
//    json_iterate.cpp) keeps a flag per field and a KeySet for the keys no
//    field takes; skip() keeps a KeySet per object; maps
//    refuse a key already in the map. The error is at the second key.
// 3. A string must be unescaped at most once per document: simdjson writes
//    unescaped strings into a buffer of the parser's, sized for the document
//    (5/3 of its bytes), and does not check for overflow. read_wrapped()
//    reads a payload that came before its "type" on a second pass over the
//    object, so on the first it leaves the payload unread (skipped by
//    counting brackets, unchecked: the second pass reads it, typed) and on
//    the second it finds the payload by its position among the keys, not by
//    unescaping the keys again.
// 4. Depth counts every object and array of the document (the wrapper of a
//    command included), as the TypeScript decoder counts them while parsing.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "json_text.hpp"
#include "mealy/json_simdjson.hpp"

namespace mealy::json {
namespace {

using simdjson::ondemand::json_type;

bool skip_object(ReadContext& ctx, simdjson::ondemand::value& value) {
  simdjson::ondemand::object object;
  if (auto error = value.get_object().get(object)) return fail_json(ctx, error);
  if (!ctx.enter()) return false;
  KeySet keys;
  for (auto field : object) {
    std::string_view key;
    if (auto error = detail::key_of(field, key)) return fail_json(ctx, error);
    // key_of() has checked the member.
    simdjson::ondemand::value& item = field.value_unsafe().value();
    ctx.push_key(key);
    if (!keys.insert(key)) return ctx.fail_duplicate_key();
    if (!skip(ctx, handle(item))) return false;
    ctx.pop();
  }
  ctx.leave();
  return true;
}

bool skip_array(ReadContext& ctx, simdjson::ondemand::value& value) {
  simdjson::ondemand::array array;
  if (auto error = value.get_array().get(array)) return fail_json(ctx, error);
  if (!ctx.enter()) return false;
  std::size_t index = 0;
  for (auto element : array) {
    simdjson::ondemand::value item;
    if (auto error = element.get(item)) return fail_json(ctx, error);
    ctx.push_index(index++);
    if (!skip(ctx, handle(item))) return false;
    ctx.pop();
  }
  ctx.leave();
  return true;
}

bool skip_number(ReadContext& ctx, simdjson::ondemand::value& value) {
  double number = 0;
  const std::string_view token = detail::token_text(value);
  if (value.get_double().get(number) == simdjson::SUCCESS) {
    // A long token is read again (json_text.hpp, kTrustedNumberBytes).
    if (token.size() <= detail::kTrustedNumberBytes || detail::number_value(token, number))
      return true;
    return detail::fail_beyond_float64(ctx, token);
  }
  if (detail::classify_number(token) == detail::NumberKind::malformed) {
    return fail_json(ctx, simdjson::NUMBER_ERROR);
  }
  if (detail::number_value(token, number)) return true;  // one that simdjson refuses within range
  return detail::fail_beyond_float64(ctx, token);
}

}  // namespace

bool skip(ReadContext& ctx, Value value_handle) {
  simdjson::ondemand::value& value = simdjson_value(value_handle);
  json_type type;
  if (auto error = value.type().get(type)) return fail_json(ctx, error);
  switch (type) {
    case json_type::object:
      return skip_object(ctx, value);
    case json_type::array:
      return skip_array(ctx, value);
    case json_type::number:
      return skip_number(ctx, value);
    case json_type::string: {
      std::string_view text;
      if (auto error = detail::string_of(value, text)) return fail_json(ctx, error);
      return true;
    }
    case json_type::boolean: {
      bool flag = false;
      if (value.get_bool().get(flag) == simdjson::SUCCESS) return true;
      return ctx.fail_type("bool", handle(value));  // a bad literal: `tru`, `falsey`
    }
    case json_type::null:
      if (is_null(value_handle)) return true;
      return ctx.fail_type("null", handle(value));  // a bad literal: `nul`
  }
  return fail_json(ctx, simdjson::TAPE_ERROR);
}

bool KeySet::insert(std::string_view key) {
  if (!many_) {
    const std::string_view* const begin = few_.keys;
    const std::string_view* const end = begin + count_;
    if (std::find_if(begin, end,
                     [&](std::string_view kept) { return detail::same_key(kept, key); }) != end)
      return false;
    if (count_ < kFew) {
      few_.keys[count_++] = key;
      return true;
    }
    many_ = std::make_unique<std::unordered_set<std::string_view>>(few_.keys, few_.keys + kFew);
  }
  return many_->insert(key).second;
}

bool read_wrapped(ReadContext& ctx, Value value_handle, Wrapped form, ReadPayload read_payload,
                  void* state) {
  simdjson::ondemand::value& value = simdjson_value(value_handle);
  simdjson::ondemand::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS)
    return ctx.fail_type("object", handle(value));
  if (!ctx.enter()) return false;
  const bool with_version = form == Wrapped::event;
  std::string_view type;
  std::uint32_t version = 1;
  bool has_type = false, has_version = false, has_payload = false, payload_read = false;
  std::size_t payload_index = 0, index = 0;
  KeySet others;
  for (auto field : object) {
    std::string_view key;
    if (auto error = detail::key_of(field, key)) return fail_json(ctx, error);
    // key_of() has checked the member.
    simdjson::ondemand::value& item = field.value_unsafe().value();
    ctx.push_key(key);
    if (key == "type") {
      if (has_type) return ctx.fail_duplicate_key();
      has_type = true;
      if (!read(ctx, handle(item), type)) return false;
    } else if (key == "version" && with_version) {
      if (has_version) return ctx.fail_duplicate_key();
      has_version = true;
      if (!read(ctx, handle(item), version)) return false;
    } else if (key == "payload") {
      if (has_payload) return ctx.fail_duplicate_key();
      has_payload = true;
      payload_index = index;
      // In the canonical order (type, version, payload) the payload is read
      // here; before them, on a second pass (design note 3).
      if (has_type && (has_version || !with_version)) {
        if (!read_payload(ctx, handle(item), type, version, state)) return false;
        payload_read = true;
      }
    } else {
      if (!others.insert(key)) return ctx.fail_duplicate_key();
      if (!skip(ctx, handle(item))) return false;
    }
    ctx.pop();
    ++index;
  }
  if (!has_type) return ctx.fail_missing("type");
  if (!has_payload) return ctx.fail_missing("payload");
  if (!payload_read) {
    bool rewound = false;
    if (auto error = object.reset().get(rewound)) return fail_json(ctx, error);
    index = 0;
    for (auto field : object) {
      if (index++ != payload_index) continue;
      // key_of() has checked the member.
      simdjson::ondemand::value& item = field.value_unsafe().value();
      ctx.push_key("payload");
      if (!read_payload(ctx, handle(item), type, version, state)) return false;
      ctx.pop();
      break;
    }
  }
  ctx.leave();
  return true;
}

Status validate(std::string_view json, const Limits& limits) {
  return decode_document(json, limits,
                         [](ReadContext& ctx, Value value) { return skip(ctx, value); });
}

}  // namespace mealy::json
