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
  // An empty value means the key was missing: the loader said so already.
  if (!file.language_version.empty() && file.language_version.text != "1") {
    ctx.error(file.language_version.location, "language-version",
              "unsupported language version " + quote(file.language_version.text) +
                  "; this mealyc reads version 1");
  }
  const std::string& package = file.package.text;
  if (package.empty()) return;
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
    std::string subject = "part " + quote(part) + " of package " + quote(package);
    if (!checker::check_reserved(ctx, file.package.location, NameRole::package_part, subject, part))
      return;
  }
}

void collect_visible_types(Context& ctx) {
  for (const Import& import : ctx.file.imports) {
    if (!import.file) continue;
    for (const TypeDecl& decl : import.file->types) {
      auto [it, inserted] = ctx.types.emplace(
          decl.name.text, checker::VisibleType{&decl, import.file, &import, nullptr});
      if (!inserted && it->second.file != import.file) it->second.also_in = &import;
    }
  }
  for (const TypeDecl& decl : ctx.file.types) {
    auto found = ctx.types.find(decl.name.text);
    if (found != ctx.types.end()) {
      ctx.error(decl.name.location, "name-collision",
                "type " + quote(decl.name.text) + " is also declared in imported file " +
                    quote(found->second.import->path.text));
      continue;
    }
    ctx.types.emplace(decl.name.text, checker::VisibleType{&decl, &ctx.file, nullptr, nullptr});
  }
}

void warn_unused_types(Context& ctx) {
  if (ctx.file.aggregates.empty()) return;  // a types-only file is a library for others
  if (ctx.found_errors()) return;           // a typo'd type name would look unused
  for (const TypeDecl& decl : ctx.file.types) {
    if (!ctx.used_types.contains(&decl)) {
      ctx.warning(decl.name.location, "unused-type",
                  "type " + quote(decl.name.text) + " is never used");
    }
  }
}

}  // namespace

void check_file(SchemaFile& file, Diagnostics& diagnostics, CheckOptions options) {
  Context ctx{file,
              diagnostics,
              {},
              {},
              options.loaded_completely,
              options.name_rules,
              diagnostics.error_count()};
  check_header(ctx);
  collect_visible_types(ctx);
  checker::check_type_decls(ctx);
  checker::CollisionScope top(ctx, "package " + quote(file.package.text));
  for (const TypeDecl& decl : file.types)
    top.add(decl.name, "type");
  for (Aggregate& aggregate : file.aggregates) {
    top.add(aggregate.name, "aggregate");
    checker::check_aggregate(ctx, aggregate);
  }
  if (ctx.check_machines) warn_unused_types(ctx);
}

}  // namespace mealy::schema
