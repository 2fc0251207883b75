// The host of hooks.yaml's hooks, and a program that runs decide() and evolve()
// with it. Built as is, it is the positive control (compile_fail.complete_host):
// it must compile warning-free, link and exit 0. Each macro below breaks one
// hook, and the generated static_asserts must then stop the compilation with a
// message naming the hook and a transition that uses it:
//
//   MEALY_OMIT_GUARD        no has_lines
//   MEALY_MISTYPE_ACTION    summarize takes the wrong command
//   MEALY_OMIT_APPLY_HOOK   no count_line
#include <cstdio>

#include "hooks.mealy.hpp"

namespace basket = compile_fail::basket;

namespace {

struct Host {
#ifndef MEALY_OMIT_GUARD
  bool has_lines(const basket::Aggregate& aggregate, const basket::commands::Submit&) {
    return aggregate.data.lines > 0;
  }
#endif

#ifndef MEALY_MISTYPE_ACTION
  basket::events::Submitted summarize(const basket::Aggregate& aggregate,
                                      const basket::commands::Submit&) {
    return {.lines = aggregate.data.lines};
  }
#else
  basket::events::Submitted summarize(const basket::Aggregate& aggregate,
                                      const basket::commands::AddLine&) {
    return {.lines = aggregate.data.lines};
  }
#endif

#ifndef MEALY_OMIT_APPLY_HOOK
  void count_line(basket::Aggregate& aggregate, const basket::events::LineAdded&) {
    ++aggregate.data.lines;
  }
#endif
};

int fail(const char* what) {
  std::fprintf(stderr, "complete_host: %s\n", what);
  return 1;
}

}  // namespace

int main() {
  Host host;
  const mealy::FixedClock clock(mealy::Timestamp{});
  basket::Aggregate aggregate{.id = "b-1"};

  auto refused = basket::decide(aggregate, basket::commands::Submit{}, host, clock);
  if (refused.accepted()) return fail("an empty basket was submitted");
  if (refused.rejection().code != "empty") return fail("the rejection's code is not 'empty'");

  auto added = basket::decide(aggregate, basket::commands::AddLine{.sku = "tea"}, host, clock);
  if (!added.accepted() || added.events().size() != 1)
    return fail("AddLine did not emit LineAdded");
  if (!basket::replay(aggregate, added.events(), host).ok()) return fail("LineAdded did not apply");
  if (aggregate.data.lines != 1) return fail("count_line did not run");

  auto submitted = basket::decide(aggregate, basket::commands::Submit{}, host, clock);
  if (!submitted.accepted() || submitted.events().size() != 1)
    return fail("Submit did not emit Submitted");
  const auto* event = std::get_if<basket::events::Submitted>(&submitted.events().front());
  if (event == nullptr || event->lines != 1) return fail("summarize's event was not emitted");
  return 0;
}
