#include "mealy/event.hpp"

#include <algorithm>

namespace mealy {

std::string_view category_of(std::string_view stream) noexcept {
  return stream.substr(0, stream.find('-'));
}

std::string to_string(const ExpectedVersion& expected) {
  switch (expected.kind()) {
    case ExpectedVersion::Kind::exact:
      return "exact " + std::to_string(expected.version());
    case ExpectedVersion::Kind::no_stream:
      return "no stream";
    case ExpectedVersion::Kind::any:
      return "any";
  }
  return "any";
}

bool Filter::matches(const RecordedEvent& event) const {
  auto contains = [](const std::vector<std::string>& list, std::string_view value) {
    return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
  };
  return (stream.empty() || stream == event.stream) &&
         contains(categories, category_of(event.stream)) && contains(event_types, event.type);
}

}  // namespace mealy
