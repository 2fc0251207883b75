// The printer every emitter writes through.
//
// Templates look like the code they produce: `$name$` is replaced by the
// value of variable `name`, `$$` is a literal `$`, and every line starts at
// the printer's current indentation (values that span lines are indented
// too). A template naming a variable it was not given, or given a variable it
// does not use, is a programmer error: print() throws std::logic_error, so a
// test of the emitter fails at once instead of emitting a hole.
//
//   Printer p;
//   p.print("struct $name$ {\n", {{"name", "Money"}});
//   {
//     Printer::Indent in(p);
//     p.print("std::int64_t amount_minor;\n");
//   }
//   p.print("};\n");
//
// Not thread-safe; one printer per output file.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace mealy::codegen {

using Var = std::pair<std::string_view, std::string_view>;

class Printer {
 public:
  explicit Printer(int indent_width = 2) : indent_width_(indent_width) {}

  // Appends `text` with its variables substituted (see above).
  void print(std::string_view text, std::initializer_list<Var> vars = {});

  // Increases or decreases the indentation of the lines that follow.
  void indent() { ++level_; }
  void outdent();

  // Indents for the lifetime of the object.
  class Indent {
   public:
    explicit Indent(Printer& printer) : printer_(printer) { printer_.indent(); }
    ~Indent() { printer_.outdent(); }
    Indent(const Indent&) = delete;
    Indent& operator=(const Indent&) = delete;

   private:
    Printer& printer_;
  };

  [[nodiscard]] const std::string& text() const { return out_; }
  [[nodiscard]] std::string take() { return std::move(out_); }

 private:
  void append(std::string_view text);

  std::string out_;
  int indent_width_;
  int level_ = 0;
  bool at_line_start_ = true;
};

}  // namespace mealy::codegen
