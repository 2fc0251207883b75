// read_record(), read_members() and read_elements(): simdjson's iteration over
// objects and arrays, compiled here once. simdjson force-inlines its On-Demand
// iterators; written out in every generated reader and in every instance of
// the container templates, they made those the slowest code of the build to
// compile. Each reader now says what to do with one member, through a
// callback, and the walk (with the path, the depth and the duplicate-key
// rules of json_skip.cpp's design note 2) happens here.
#include "json_record_walk.hpp"
#include "json_text.hpp"
#include "mealy/json_simdjson.hpp"

namespace mealy::json {

bool read_record(ReadContext& ctx, Value value, std::span<const std::string_view> keys, bool* seen,
                 ReadField read_field, void* state) {
  return walk_record(
      ctx, value, keys.size(), [keys](std::size_t i) { return keys[i]; }, seen,
      [read_field, state](ReadContext& c, Value item, std::size_t field) {
        return read_field(c, item, field, state);
      });
}

bool read_members(ReadContext& ctx, Value value, ReadMember read_member, void* state) {
  simdjson::ondemand::object object;
  if (simdjson_value(value).get_object().get(object) != simdjson::SUCCESS)
    return ctx.fail_type("object", value);
  if (!ctx.enter()) return false;
  for (auto member : object) {
    std::string_view key;
    if (auto error = detail::key_of(member, key)) return fail_json(ctx, error);
    // key_of() has checked the member.
    simdjson::ondemand::value& item = member.value_unsafe().value();
    ctx.push_key(key);
    if (!read_member(ctx, key, handle(item), state)) return false;
    ctx.pop();
  }
  ctx.leave();
  return true;
}

bool read_elements(ReadContext& ctx, Value value, ReadElement read_element, void* state) {
  simdjson::ondemand::array array;
  if (simdjson_value(value).get_array().get(array) != simdjson::SUCCESS)
    return ctx.fail_type("array", value);
  if (!ctx.enter()) return false;
  std::size_t index = 0;
  for (auto element : array) {
    simdjson::ondemand::value item;
    if (auto error = element.get(item)) return fail_json(ctx, error);
    ctx.push_index(index++);
    if (!read_element(ctx, handle(item), state)) return false;
    ctx.pop();
  }
  ctx.leave();
  return true;
}

}  // namespace mealy::json
