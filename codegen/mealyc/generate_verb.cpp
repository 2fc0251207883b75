#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "cli.hpp"
#include "mealy/schema/workspace.hpp"
#include "target.hpp"
#include "verbs.hpp"

namespace mealy::cli {
namespace {

// The help, with a paragraph per registered target.
std::string generate_help() {
  std::string help = R"HELP(Usage: mealyc generate --out TARGET=DIR... [--depfile FILE] FILE...

Checks each schema FILE and writes what each TARGET generates from it into
DIR (at least one --out). The targets:

)HELP";
  for (const codegen::Target* target : codegen::registered_targets()) {
    std::string name(target->name());
    std::string line = "  " + name + std::string(name.size() < 12 ? 12 - name.size() : 1, ' ');
    std::string_view summary = target->summary();
    while (true) {
      std::size_t end = summary.find('\n');
      help += line + std::string(summary.substr(0, end)) + "\n";
      if (end == std::string_view::npos) break;
      summary.remove_prefix(end + 1);
      line = std::string(14, ' ');
    }
  }
  help += R"HELP(
Options:
  --out TARGET=DIR  write TARGET's files into DIR; repeatable. --out all=DIR
                    writes every target, each into DIR/TARGET. A schema's
                    imports are referred to by their generated names, so
                    generate every imported schema into the same DIR
  --cpp-out DIR     the same as --out cpp=DIR; likewise --ts-out, --dot-out
                    and --svg-out
  --depfile FILE    also write a Makefile-style dependency file naming every
                    schema read (imports included), for build systems
                    (CMake's DEPFILE)
  --help            show this help

A file is rewritten only when its content changes, so that builds depending
on it do not rerun needlessly. Nothing is written for a schema with errors.

Exit status: 0 on success, 1 when a schema has errors or a file cannot be
written, 2 on a usage error.
)HELP";
  return help;
}

// The spellings of --out that predate it: --cpp-out DIR is --out cpp=DIR.
constexpr std::string_view kLegacyOutputs[] = {"cpp", "ts", "dot", "svg"};

// Writes `content` to `path` unless the file already holds exactly that.
bool write_if_changed(const std::filesystem::path& path, const std::string& content,
                      std::ostream& err) {
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
  parsed.option("--out");
  for (std::string_view name : kLegacyOutputs)
    parsed.option("--" + std::string(name) + "-out");
  parsed.option("--depfile");
  std::string error;
  if (!parsed.parse(args, error)) return usage_error(err, "generate", error);
  if (parsed.has("--help")) {
    out << generate_help();
    return kExitOk;
  }

  // Where each target writes, in registration order (the order files are
  // written in); a target given twice writes where it was given last.
  std::map<const codegen::Target*, std::string> folders;
  for (std::string_view name : kLegacyOutputs) {
    if (auto dir = parsed.value("--" + std::string(name) + "-out"))
      folders[codegen::find_target(name)] = *dir;
  }
  for (const std::string& spec : parsed.values("--out")) {
    std::size_t equals = spec.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == spec.size()) {
      return usage_error(err, "generate", "--out takes TARGET=DIR, not '" + spec + "'");
    }
    std::string name = spec.substr(0, equals);
    std::string dir = spec.substr(equals + 1);
    if (name == "all") {
      for (const codegen::Target* target : codegen::registered_targets()) {
        folders[target] = (std::filesystem::path(dir) / std::string(target->name())).string();
      }
      continue;
    }
    const codegen::Target* target = codegen::find_target(name);
    if (!target) {
      std::string known;
      for (const codegen::Target* each : codegen::registered_targets())
        known += " " + std::string(each->name());
      return usage_error(
          err, "generate",
          "unknown target '" + name + "' in --out; the targets are:" + known + " (or all)");
    }
    folders[target] = dir;
  }
  if (parsed.positional().empty()) return usage_error(err, "generate", "no schema file given");
  if (folders.empty()) {
    return usage_error(err, "generate",
                       "no output given; use --out TARGET=DIR (see --help for the targets)");
  }

  schema::Workspace workspace({}, codegen::registered_name_rules());
  std::vector<std::shared_ptr<const schema::Model>> models;
  for (const std::string& file : parsed.positional()) {
    if (auto model = workspace.compile(file)) models.push_back(std::move(model));
  }
  workspace.diagnostics().sort(workspace.sources());
  print_diagnostics(err, workspace.diagnostics(), workspace.sources());
  if (workspace.diagnostics().has_errors()) return kExitUserError;

  std::string first_output;
  // Writes what `target` put in `context` into `dir`, with its warnings;
  // false (after saying why) when it failed or a file cannot be written.
  auto write_all = [&](const codegen::Target& target, const std::string& dir,
                       const codegen::OutputContext& context) {
    for (const std::string& warning : context.warnings())
      err << "mealyc generate: " << warning << "\n";
    if (context.failed()) {
      err << "mealyc generate: " << target.name() << ": " << context.error() << "\n";
      return false;
    }
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      err << "mealyc generate: cannot create " << dir << ": " << ec.message() << "\n";
      return false;
    }
    for (const codegen::GeneratedFile& file : context.files()) {
      std::filesystem::path path = std::filesystem::path(dir) / file.name;
      if (first_output.empty()) first_output = path.string();
      if (!write_if_changed(path, file.content, err)) return false;
    }
    return true;
  };
  std::vector<std::pair<const codegen::Target*, const std::string*>> requested;
  for (const codegen::Target* target : codegen::registered_targets()) {
    if (auto it = folders.find(target); it != folders.end())
      requested.emplace_back(target, &it->second);
  }
  for (const auto& model : models) {
    for (const auto& [target, dir] : requested) {
      codegen::OutputContext context;
      target->generate(*model, context);
      if (!write_all(*target, *dir, context)) return kExitUserError;
    }
  }
  for (const auto& [target, dir] : requested) {
    codegen::OutputContext context;
    target->support_files(context);
    if (!write_all(*target, *dir, context)) return kExitUserError;
  }
  if (auto depfile = parsed.value("--depfile")) {
    if (!write_if_changed(*depfile, depfile_text(first_output, workspace.sources()), err)) {
      return kExitUserError;
    }
  }
  return kExitOk;
}

}  // namespace mealy::cli
