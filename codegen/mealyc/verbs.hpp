// mealyc's verbs. Each takes the arguments after the verb and the output and
// error streams, and returns the exit code (cli.hpp); none calls exit(), so
// tests run them in-process and capture their output.
#pragma once

#include <iosfwd>
#include <string_view>
#include <vector>

namespace mealy::cli {

using Args = std::vector<std::string_view>;

// `mealyc check [--werror] [--totality] [--format text|json] FILE...`
int run_check(const Args& args, std::ostream& out, std::ostream& err);

// `mealyc describe FILE [--totality]`
int run_describe(const Args& args, std::ostream& out, std::ostream& err);

// `mealyc generate [--cpp-out DIR] [--dot-out DIR] [--svg-out DIR] FILE...`
int run_generate(const Args& args, std::ostream& out, std::ostream& err);

// `mealyc dot FILE [--aggregate NAME] [--detail names|transitions|fields]`
int run_dot(const Args& args, std::ostream& out, std::ostream& err);

// `mealyc render FILE --format svg|png|pdf -o OUT [--aggregate NAME] [--detail ...]`
int run_render(const Args& args, std::ostream& out, std::ostream& err);

// `mealyc paths FILE [--aggregate NAME] [--format text|json]`
int run_paths(const Args& args, std::ostream& out, std::ostream& err);

// `mealyc compat [--werror] [--format text|json] OLD.yaml NEW.yaml`
int run_compat(const Args& args, std::ostream& out, std::ostream& err);

// `mealyc coverage SCHEMA... --runs FILE... [--aggregate NAME] [--format text|json]`
int run_coverage(const Args& args, std::ostream& out, std::ostream& err);

// `mealyc ARGS...`: dispatches to a verb; handles --help and --version.
int run_mealyc(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace mealy::cli
