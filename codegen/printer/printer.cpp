#include "printer.hpp"

#include <stdexcept>
#include <vector>

namespace mealy::codegen {

void Printer::outdent() {
  if (level_ == 0) throw std::logic_error("Printer::outdent() below zero");
  --level_;
}

void Printer::append(std::string_view text) {
  for (char c : text) {
    // Blank lines get no indentation, so the output has no trailing spaces.
    if (at_line_start_ && c != '\n')
      out_.append(static_cast<std::size_t>(level_ * indent_width_), ' ');
    out_ += c;
    at_line_start_ = c == '\n';
  }
}

void Printer::print(std::string_view text, std::initializer_list<Var> vars) {
  std::vector<bool> used(vars.size(), false);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find('$', pos);
    if (open == std::string_view::npos) {
      append(text.substr(pos));
      break;
    }
    append(text.substr(pos, open - pos));
    std::size_t close = text.find('$', open + 1);
    if (close == std::string_view::npos) {
      throw std::logic_error("unclosed '$' in template: " + std::string(text));
    }
    std::string_view name = text.substr(open + 1, close - open - 1);
    if (name.empty()) {
      append("$");
    } else {
      bool found = false;
      std::size_t i = 0;
      for (const Var& var : vars) {
        if (var.first == name) {
          append(var.second);
          used[i] = found = true;
          break;
        }
        ++i;
      }
      if (!found) {
        throw std::logic_error("template variable '" + std::string(name) +
                               "' not given: " + std::string(text));
      }
    }
    pos = close + 1;
  }
  std::size_t i = 0;
  for (const Var& var : vars) {
    if (!used[i++]) {
      throw std::logic_error("template variable '" + std::string(var.first) +
                             "' given but not used: " + std::string(text));
    }
  }
}

}  // namespace mealy::codegen
