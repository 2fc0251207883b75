// The walk over a record's object that read_record() (json_iterate.cpp) and
// read_fields() (json_fields.cpp) share: for each member in document order,
// its key pushed on the path; a field's key found (the one after the last
// found first: writers put fields in order) and read once, a second time
// "duplicate key"; any other key checked and skipped, once. `key_at(i)` is
// field i's key, `read_one(ctx, value, i)` reads it.
#pragma once

#include "json_text.hpp"
#include "mealy/json_simdjson.hpp"

namespace mealy::json {

template <typename KeyAt, typename ReadOne>
bool walk_record(ReadContext& ctx, Value value, std::size_t count, KeyAt key_at, bool* seen,
                 ReadOne read_one) {
  simdjson::ondemand::object object;
  if (simdjson_value(value).get_object().get(object) != simdjson::SUCCESS)
    return ctx.fail_type("object", value);
  if (!ctx.enter()) return false;
  KeySet others;
  std::size_t next = 0;
  for (auto member : object) {
    std::string_view key;
    if (auto error = detail::key_of(member, key)) return fail_json(ctx, error);
    // key_of() has checked the member.
    simdjson::ondemand::value& item = member.value_unsafe().value();
    ctx.push_key(key);
    // Writers put the fields in the declared order: try the one after the
    // last field found before searching them all.
    std::size_t field = next;
    if (field >= count || !detail::same_key(key_at(field), key)) {
      field = 0;
      while (field < count && !detail::same_key(key_at(field), key))
        ++field;
    }
    next = field + 1;
    if (field < count) {
      if (seen[field]) return ctx.fail_duplicate_key();
      seen[field] = true;
      if (!read_one(ctx, handle(item), field)) return false;
    } else {
      if (!others.insert(key)) return ctx.fail_duplicate_key();
      if (!skip(ctx, handle(item))) return false;
    }
    ctx.pop();
  }
  ctx.leave();
  return true;
}

}  // namespace mealy::json
