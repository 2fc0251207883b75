// The simdjson baseline of the decoding benchmarks: On-Demand, visiting
// every key and value of a document once without building anything, which
// is the least any decoder must do.
#pragma once

#include <simdjson.h>

#include <cstdint>

namespace mealy::bench {

// Folds the sizes of strings and keys and the values of numbers and
// booleans of `value` into `sum` (so that nothing is optimised away).
inline void visit_json(simdjson::ondemand::value value, std::uint64_t& sum) {
  switch (value.type()) {
    case simdjson::ondemand::json_type::object:
      for (auto field : value.get_object()) {
        sum += field.unescaped_key().value().size();
        visit_json(field.value(), sum);
      }
      break;
    case simdjson::ondemand::json_type::array:
      for (auto item : value.get_array())
        visit_json(item.value(), sum);
      break;
    case simdjson::ondemand::json_type::string:
      sum += value.get_string().value().size();
      break;
    case simdjson::ondemand::json_type::number:
      sum += static_cast<std::uint64_t>(value.get_double().value());
      break;
    case simdjson::ondemand::json_type::boolean:
      sum += value.get_bool().value() ? 1 : 0;
      break;
    case simdjson::ondemand::json_type::null:
      break;
  }
}

// Visits every value of the JSON object in `buffer` (padded as simdjson needs).
inline void visit_document(simdjson::ondemand::parser& parser, const char* data, std::size_t size,
                           std::size_t capacity, std::uint64_t& sum) {
  auto document = parser.iterate(data, size, capacity);
  for (auto field : document.get_object()) {
    sum += field.unescaped_key().value().size();
    visit_json(field.value(), sum);
  }
}

}  // namespace mealy::bench
