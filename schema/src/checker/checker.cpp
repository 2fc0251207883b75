// check_file: the order of the checks.
//
//   1. the file's header: language version, package;
//   2. the types visible in the file (its own and its imports');
//   3. its type declarations, then its aggregates (aggregate.cpp);
//   4. the file-wide warnings (unused types).
// Each step reports what it finds and goes on; later steps skip only what
// depends on a part that failed to resolve.
#include "mealy/schema/checker.hpp"

#include "checker/aggregate.hpp"
#include "checker/context.hpp"
#include "checker/names.hpp"
#include "checker/types.hpp"

namespace mealy::schema {
namespace {

using checker::Context;
using checker::quote;

void check_header(Context& ctx) {
  SchemaFile& file = ctx.file;
  if (file.language_version.text != "1") {
    ctx.error(file.language_version.location, "language-version",
              "unsupported language version " + quote(file.language_version.text) +
                  "; this mealyc reads version 1");
  }
  const std::string& package = file.package.text;
  std::size_t start = 0;
  file.package_parts.clear();
  while (true) {
    std::size_t dot = package.find('.', start);
    file.package_parts.push_back(package.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  for (const std::string& part : file.package_parts) {
    if (!checker::is_lower_snake(part)) {
      ctx.error(file.package.location, "name-case",
                "package " + quote(package) +
                    " must be dotted lower_snake_case identifiers, such as 'shop.orders'");
      return;
    }
    if (checker::is_reserved_word(part)) {
      ctx.error(file.package.location, "reserved-name",
                "package " + quote(package) + " uses " + quote(part) +
                    ", a reserved word in C++ or TypeScript");
      return;
    }
  }
}

void collect_visible_types(Context& ctx) {
  for (const Import& import : ctx.file.imports) {
    if (!import.file) continue;
    for (const TypeDecl& decl : import.file->types) {
      auto [it, inserted] = ctx.types.emplace(decl.name.text, checker::VisibleType{&decl, import.file});
      if (!inserted && it->second.file != import.file) it->second.also_in = import.file;
    }
  }
  for (const TypeDecl& decl : ctx.file.types) {
    auto found = ctx.types.find(decl.name.text);
    if (found != ctx.types.end()) {
      ctx.error(decl.name.location, "name-collision",
                "type " + quote(decl.name.text) + " is also declared in an imported file");
      continue;
    }
    ctx.types.emplace(decl.name.text, checker::VisibleType{&decl, &ctx.file});
  }
}

void warn_unused_types(Context& ctx) {
  if (ctx.file.aggregates.empty()) return;  // a types-only file is a library for others
  for (const TypeDecl& decl : ctx.file.types) {
    if (!ctx.used_types.contains(&decl)) {
      ctx.warning(decl.name.location, "unused-type",
                  "type " + quote(decl.name.text) + " is never used");
    }
  }
}

}  // namespace

void check_file(SchemaFile& file, Diagnostics& diagnostics) {
  Context ctx{file, diagnostics, {}, {}};
  check_header(ctx);
  collect_visible_types(ctx);
  checker::check_type_decls(ctx);
  checker::CollisionScope top(ctx, "package " + quote(file.package.text));
  for (const TypeDecl& decl : file.types) top.add(decl.name, "type");
  for (Aggregate& aggregate : file.aggregates) {
    top.add(aggregate.name, "aggregate");
    checker::check_aggregate(ctx, aggregate);
  }
  warn_unused_types(ctx);
}

}  // namespace mealy::schema
