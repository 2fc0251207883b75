#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli.hpp"
#include "cpp_generator.hpp"
#include "diagram_files.hpp"
#include "ts_generator.hpp"
#include "mealy/schema/workspace.hpp"
#include "verbs.hpp"

namespace mealy::cli {
namespace {

constexpr std::string_view kGenerateHelp = R"HELP(Usage: mealyc generate [--cpp-out DIR] [--ts-out DIR] [--dot-out DIR] [--svg-out DIR] [--depfile FILE] FILE...

Checks each schema FILE and writes the code and drawings generated from it
(at least one of the outputs below):

  --cpp-out DIR   a C++ header and source per schema file, <name>.mealy.hpp and
                  <name>.mealy.cpp, where <name> is the schema file's name without
                  .yaml; a schema's imports are included by their header names, so
                  generate every imported schema into the same DIR
  --ts-out DIR    a TypeScript ES module per schema file, <name>.mealy.ts, and the
                  support module they all import, mealy.ts; a schema's imports are
                  imported as ./<name>.mealy.js, so generate every imported schema
                  into the same DIR
  --dot-out DIR   the machine of each aggregate AGG of a schema <name>.yaml as a
                  Graphviz digraph, <name>.AGG.dot (as `mealyc dot` draws it)
  --svg-out DIR   the same drawings rendered as SVG, <name>.AGG.svg
  --depfile FILE  also write a Makefile-style dependency file naming every schema
                  read (imports included), for build systems (CMake's DEPFILE)
  --help          show this help

A file is rewritten only when its content changes, so that builds depending
on it do not rerun needlessly. Nothing is written for a schema with errors.

Exit status: 0 on success, 1 when a schema has errors or a file cannot be
written, 2 on a usage error.
)HELP";

// Writes `content` to `path` unless the file already holds exactly that.
bool write_if_changed(const std::filesystem::path& path, const std::string& content, std::ostream& err) {
  {
    std::ifstream in(path, std::ios::binary);
    if (in) {
      std::string existing((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (existing == content) return true;
    }
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) {
    err << "mealyc generate: cannot write " << path.string() << "\n";
    return false;
  }
  return true;
}

// `target: dep dep ...` with spaces escaped as Make expects.
std::string depfile_text(const std::string& target, const schema::SourceSet& sources) {
  auto escape = [](const std::string& path) {
    std::string out;
    for (char c : path) {
      if (c == ' ' || c == '#') out += '\\';
      if (c == '$') out += '$';
      out += c;
    }
    return out;
  };
  std::string text = escape(target) + ":";
  for (std::size_t i = 0; i < sources.size(); ++i) {
    text += " \\\n  " + escape(sources.file(static_cast<std::uint32_t>(i)).canonical.string());
  }
  return text + "\n";
}

}  // namespace

int run_generate(const Args& args, std::ostream& out, std::ostream& err) {
  Arguments parsed;
  parsed.flag("--help");
  parsed.option("--cpp-out");
  parsed.option("--ts-out");
  parsed.option("--dot-out");
  parsed.option("--svg-out");
  parsed.option("--depfile");
  std::string error;
  if (!parsed.parse(args, error)) return usage_error(err, "generate", error);
  if (parsed.has("--help")) {
    out << kGenerateHelp;
    return kExitOk;
  }
  if (parsed.positional().empty()) return usage_error(err, "generate", "no schema file given");
  auto cpp_out = parsed.value("--cpp-out");
  auto ts_out = parsed.value("--ts-out");
  auto dot_out = parsed.value("--dot-out");
  auto svg_out = parsed.value("--svg-out");
  if (!cpp_out && !ts_out && !dot_out && !svg_out) {
    return usage_error(err, "generate", "no output given; use --cpp-out DIR, --ts-out DIR, --dot-out DIR or --svg-out DIR");
  }

  schema::Workspace workspace;
  std::vector<std::shared_ptr<const schema::Model>> models;
  for (const std::string& file : parsed.positional()) {
    if (auto model = workspace.compile(file)) models.push_back(std::move(model));
  }
  workspace.diagnostics().sort(workspace.sources());
  print_diagnostics(err, workspace.diagnostics(), workspace.sources());
  if (workspace.diagnostics().has_errors()) return kExitUserError;

  std::string first_output;
  auto write_all = [&](const std::string& dir, const std::vector<codegen::GeneratedFile>& files) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      err << "mealyc generate: cannot create " << dir << ": " << ec.message() << "\n";
      return false;
    }
    for (const codegen::GeneratedFile& file : files) {
      std::filesystem::path path = std::filesystem::path(dir) / file.name;
      if (first_output.empty()) first_output = path.string();
      if (!write_if_changed(path, file.content, err)) return false;
    }
    return true;
  };
  for (const auto& model : models) {
    if (cpp_out && !write_all(*cpp_out, codegen::generate_cpp(*model))) return kExitUserError;
    if (ts_out && !write_all(*ts_out, codegen::generate_ts(*model))) return kExitUserError;
    if (dot_out && !write_all(*dot_out, dot_files(*model))) return kExitUserError;
    if (svg_out) {
      std::string warnings;
      Result<std::vector<codegen::GeneratedFile>> svgs = svg_files(*model, warnings);
      if (!warnings.empty()) err << "mealyc generate: " << warnings;
      if (!svgs) {
        err << "mealyc generate: " << svgs.status().message() << "\n";
        return kExitUserError;
      }
      if (!write_all(*svg_out, *svgs)) return kExitUserError;
    }
  }
  if (ts_out && !write_all(*ts_out, {codegen::ts_support_module()})) return kExitUserError;
  if (auto depfile = parsed.value("--depfile")) {
    if (!write_if_changed(*depfile, depfile_text(first_output, workspace.sources()), err)) {
      return kExitUserError;
    }
  }
  return kExitOk;
}

}  // namespace mealy::cli
