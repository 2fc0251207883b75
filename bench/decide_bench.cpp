// decide_ratio_vs_handwritten: the order machine in memory, decide + evolve
// per command, through whole order lives (Open to Deliver: 9 to 11 commands
// each), generated (order::decide_into/evolve, filling a reused vector as the
// hand-written machine does) vs the hand-written switch of
// handwritten_order.cpp, with the same host, commands and clock; and
// decide_returned_ratio_vs_handwritten, the same through decide().
#include <benchmark/benchmark.h>

#include "handwritten_order.hpp"
#include "harness.hpp"
#include "micro.hpp"
#include "order_corpus.hpp"

namespace mealy::bench {
namespace {

struct Lives {
  OrderWorld world;
  std::vector<std::vector<order::Command>> lives;
  std::size_t commands = 0;
};

Lives& lives() {
  static Lives* l = [] {
    auto* made = new Lives;
    for (std::uint64_t n = 0; n < 16; ++n) {
      made->lives.push_back(order_life(n, made->world));
      made->commands += made->lives.back().size();
    }
    return made;
  }();
  return *l;
}

// Runs every order life, from a fresh aggregate, through
// step(aggregate, command), which decides and applies the events.
template <typename Step>
void run_lives(benchmark::State& state, Step step) {
  auto& l = lives();
  for (auto _ : state) {
    for (const auto& life : l.lives) {
      order::Aggregate aggregate{};
      for (const auto& command : life)
        step(aggregate, command);
      benchmark::DoNotOptimize(aggregate);
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * l.commands));
}

// decide_into, as the hand-written machine does, fills a vector the loop
// reuses; decide() would allocate one per command (see decide_returned).
void decide_generated(benchmark::State& state) {
  auto& world = lives().world;
  std::vector<order::Event> events;
  run_lives(state, [&](order::Aggregate& aggregate, const order::Command& command) {
    events.clear();
    if (order::decide_into(aggregate, command, world.host, world.clock, events))
      fail("generated decide refused " + std::string(order::name_of(command)));
    for (const auto& event : events) {
      if (!order::evolve(aggregate, event, world.host).ok()) fail("generated evolve");
    }
  });
}

// The same through decide(), which returns a Decision owning its events.
void decide_returned(benchmark::State& state) {
  auto& world = lives().world;
  run_lives(state, [&](order::Aggregate& aggregate, const order::Command& command) {
    auto decision = order::decide(aggregate, command, world.host, world.clock);
    if (!decision.accepted())
      fail("generated decide refused " + std::string(order::name_of(command)));
    for (const auto& event : decision.events()) {
      if (!order::evolve(aggregate, event, world.host).ok()) fail("generated evolve");
    }
  });
}

void decide_handwritten(benchmark::State& state) {
  auto& world = lives().world;
  std::vector<order::Event> events;
  run_lives(state, [&](order::Aggregate& aggregate, const order::Command& command) {
    if (handwritten::decide(aggregate, command, world.host, world.clock, events) !=
        handwritten::Refusal::none) {
      fail("hand-written decide refused " + std::string(order::name_of(command)));
    }
    for (const auto& event : events) {
      if (!handwritten::evolve(aggregate, event, world.host)) fail("hand-written evolve");
    }
  });
}

}  // namespace

std::vector<Pair> register_decide_benchmarks(bool /*smoke*/) {
  benchmark::RegisterBenchmark("decide/generated", decide_generated);
  benchmark::RegisterBenchmark("decide/handwritten", decide_handwritten);
  benchmark::RegisterBenchmark("decide/returned", decide_returned);
  return {
      {"decide_ratio_vs_handwritten", "decide/generated", "decide/handwritten", "commands/s", 0.95,
       "a hand-written switch of the same machine, same host"},
      {"decide_returned_ratio_vs_handwritten", "decide/returned", "decide/handwritten",
       "commands/s", 0.0, "the same, through decide() and its Decision (one vector per command)"}};
}

}  // namespace mealy::bench
