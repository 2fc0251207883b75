// Quoting user text inside diagnostics.
#pragma once

#include <string>
#include <string_view>

namespace mealy::schema::loader {

// `text` cut to at most 60 bytes (at a UTF-8 boundary, with "..." appended
// when cut) and with line breaks shown as "\n", so that a message stays one
// readable line even when a schema holds a 10 MB scalar.
std::string excerpt(std::string_view text);

}  // namespace mealy::schema::loader
