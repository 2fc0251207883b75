// Fuzz target `schema`: the loader and the checker on schema text (YAML),
// and, for a schema that checks, the C++ and TypeScript generators.
// Invariants:
//   1. nothing throws (an exception escaping is a finding) and the loader
//      stays within its limits (smaller ones here, so that short inputs
//      reach them);
//   2. a file the loader cannot read at all comes with an error;
//   3. every diagnostic points into the file (a line that exists, a column
//      at most one past the line's end) and formats with its source line;
//   4. a schema that checks generates C++ and TypeScript that are valid
//      UTF-8 and hold no bidirectional control character, and C++ that
//      holds no trigraph, whatever the docs and names say.
// Imports are not followed (no file is read): a schema with imports is
// loaded but not checked.
#include <string>

#include "fuzz_check.hpp"
#include "mealy/schema/checker.hpp"
#include "mealy/schema/diagnostic.hpp"
#include "mealy/schema/loader.hpp"
#include "mealy/schema/model.hpp"
#include "mealy/schema/source.hpp"
#include "target.hpp"

namespace {

namespace schema = mealy::schema;

// True when `text` is UTF-8 and holds none of U+202A-U+202E, U+2066-U+2069
// (the bidirectional embeddings, overrides and isolates); `why` says where not.
bool plain_utf8(std::string_view text, std::string& why) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80                    ? 1
                         : lead >= 0xC2 && lead <= 0xDF ? 2
                         : lead >= 0xE0 && lead <= 0xEF ? 3
                         : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                        : 0;
    if (length == 0 || i + length > text.size()) {
      why = "invalid UTF-8 at byte " + std::to_string(i);
      return false;
    }
    std::uint32_t code = length == 1 ? lead : lead & (0xFF >> (length + 1));
    for (std::size_t k = 1; k < length; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0) != 0x80) {
        why = "invalid UTF-8 at byte " + std::to_string(i);
        return false;
      }
      code = (code << 6) | (c & 0x3F);
    }
    const std::uint32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < minimum[length] || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
      why = "invalid UTF-8 at byte " + std::to_string(i);
      return false;
    }
    if ((code >= 0x202A && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069)) {
      why = "bidirectional control character at byte " + std::to_string(i);
      return false;
    }
    i += length;
  }
  return true;
}

bool has_trigraph(std::string_view text) {
  for (std::size_t at = text.find("??"); at != std::string_view::npos;
       at = text.find("??", at + 1)) {
    if (at + 2 < text.size() &&
        std::string_view("=/'()!<>-").find(text[at + 2]) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

void check_generated(const mealy::codegen::OutputContext& out, bool cpp, std::string_view input) {
  FUZZ_CHECK(!out.failed(), "a target failed: " + out.error(), input);
  for (const auto& file : out.files()) {
    std::string why;
    FUZZ_CHECK(plain_utf8(file.content, why), file.name + ": " + why, input);
    if (cpp) FUZZ_CHECK(!has_trigraph(file.content), file.name + " holds a trigraph", input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = mealy::fuzz::as_text(data, size);
  schema::SourceSet sources;
  const std::uint32_t source = sources.add({"fuzz.yaml", "/fuzz/fuzz.yaml", std::string(input)});
  schema::Diagnostics diagnostics;
  schema::LoadLimits limits;
  limits.max_expanded_nodes = 20'000;
  limits.max_expanded_bytes = 200'000;
  limits.max_depth = 40;
  std::unique_ptr<schema::SchemaFile> file =
      schema::load_schema(sources, source, diagnostics, limits);
  if (!file) FUZZ_CHECK(diagnostics.has_errors(), "the loader gave up without an error", input);
  const bool loaded_completely = !diagnostics.has_errors();
  bool checked = false;
  if (file && file->imports.empty()) {
    schema::check_file(*file, diagnostics,
                       {loaded_completely, mealy::codegen::registered_name_rules()});
    checked = !diagnostics.has_errors();
  }

  // Line count: a location may name the line after a final line break.
  std::size_t lines = 1;
  for (char c : input)
    lines += c == '\n';
  for (const schema::Diagnostic& diagnostic : diagnostics.items()) {
    const schema::Location at = diagnostic.location;
    FUZZ_CHECK(at.file == source, diagnostic.message, input);
    FUZZ_CHECK(at.line <= lines, "line " + std::to_string(at.line) + ": " + diagnostic.message,
               input);
    if (at.line > 0) {
      const std::string_view line = sources.line_text(at);
      FUZZ_CHECK(at.column >= 1 && at.column <= line.size() + 1,
                 "column " + std::to_string(at.column) + " of a line of " +
                     std::to_string(line.size()) + " bytes: " + diagnostic.message,
                 input);
    }
    (void)schema::format_text(diagnostic, sources, true);
  }
  (void)schema::format_json(diagnostics.items(), sources);

  if (checked) {
    schema::Model model;
    model.sources = &sources;
    model.files.push_back(std::move(file));
    // Every target but SVG, whose layout is Graphviz's (fuzzed by its own
    // project) and too slow for a fuzz iteration; it renders the DOT target's
    // text, checked here.
    for (const mealy::codegen::Target* target : mealy::codegen::registered_targets()) {
      if (target->name() == "svg") continue;
      mealy::codegen::OutputContext out;
      target->generate(model, out);
      check_generated(out, target->name() == "cpp", input);
    }
  }
  return 0;
}
