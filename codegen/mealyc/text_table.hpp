// Aligned plain-text tables for terminal output.
#pragma once

#include <string>
#include <vector>

namespace mealy::cli {

// Rows of cells; columns are padded to their widest cell (in UTF-8 code
// points), separated by two spaces, each line indented by `indent` spaces.
// Trailing spaces are trimmed.
std::string format_table(const std::vector<std::vector<std::string>>& rows, std::size_t indent);

}  // namespace mealy::cli
