// What every generator returns: files as text, named but not yet written.
#pragma once

#include <string>

namespace mealy::codegen {

struct GeneratedFile {
  std::string name;  // file name, e.g. "order.mealy.hpp"
  std::string content;
};

}  // namespace mealy::codegen
