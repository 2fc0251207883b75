// The generated JSON codecs against simdjson and nlohmann::json:
//   decode_ratio_vs_simdjson    generated decode_event() over a mixed corpus of
//                               order events (every event of 50 orders' lives), into
//                               one event as a replay decodes (Repository::load: the
//                               buffers of what it held are reused), vs simdjson
//                               On-Demand visiting every value of the same
//                               documents, building nothing
//   validate_ratio_vs_simdjson  the strict check alone (mealy::json::validate: every
//                               token checked, keys compared, depth counted) over
//                               the same documents vs the same simdjson visit
//   decode_speedup_vs_nlohmann  generated decoder of the ledger's Posted events vs
//                               nlohmann::json::parse + from_json into the same struct
//   encode_speedup_vs_nlohmann  generated write_payload() vs to_json + dump()
// All in MB/s of JSON. Documents come as the store hands them out
// (std::string); simdjson needs padding, so each side copies into a reused
// padded buffer (the generated decoder does that inside).
#include <benchmark/benchmark.h>

#include <cstring>
#include <memory>

#include "harness.hpp"
#include "ledger_fixture.hpp"
#include "mealy/json.hpp"
#include "micro.hpp"
#include "nlohmann_ledger.hpp"
#include "order_corpus.hpp"
#include "simdjson_visit.hpp"

namespace mealy::bench {
namespace {

struct Corpora {
  OrderWorld world;
  std::vector<StoredEvent> orders;
  std::size_t order_bytes = 0;
  std::vector<ledger::events::Posted> postings;
  std::vector<std::string> posting_json;
  std::size_t posting_bytes = 0;
};

Corpora& corpora() {
  static Corpora* c = [] {
    auto* made = new Corpora;
    made->orders = order_events(50, made->world);
    for (const auto& e : made->orders)
      made->order_bytes += e.payload.size();
    LedgerHost host;
    ledger::Aggregate aggregate{};
    for (std::uint64_t n = 0; n < 500; ++n) {
      auto decision = ledger::Machine::decide(aggregate, sample_post(n), host, made->world.clock);
      const auto& posted = std::get<ledger::events::Posted>(decision.events().front());
      made->postings.push_back(posted);
      std::string json;
      ledger::Machine::write_payload(json, decision.events().front());
      // The baseline must read and write exactly these bytes.
      if (nlohmann::ordered_json(posted).dump() != json)
        fail("nlohmann writes other bytes than the generated codec");
      made->posting_bytes += json.size();
      made->posting_json.push_back(std::move(json));
    }
    return made;
  }();
  return *c;
}

void decode_generated_orders(benchmark::State& state) {
  const auto& c = corpora();
  order::Event event;
  for (auto _ : state) {
    for (const auto& stored : c.orders) {
      if (!order::decode_event(stored.type, stored.version, stored.payload, event).ok())
        fail("decode_event");
      benchmark::DoNotOptimize(event);
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.order_bytes));
}

void decode_simdjson_orders(benchmark::State& state) {
  const auto& c = corpora();
  simdjson::ondemand::parser parser;
  std::size_t capacity = 4096;
  auto buffer = std::make_unique<char[]>(capacity + simdjson::SIMDJSON_PADDING);
  std::uint64_t sum = 0;
  for (auto _ : state) {
    for (const auto& stored : c.orders) {
      const std::size_t size = stored.payload.size();
      if (size > capacity) fail("a document larger than the buffer");
      std::memcpy(buffer.get(), stored.payload.data(), size);
      visit_document(parser, buffer.get(), size, capacity + simdjson::SIMDJSON_PADDING, sum);
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.order_bytes));
}

// The strict check alone: mealy::json::validate() reads every token of each
// document as a decoder reads what no field takes (skip(): valid JSON, no
// key twice, depth, numbers within float64), building nothing.
void validate_strict_orders(benchmark::State& state) {
  const auto& c = corpora();
  for (auto _ : state) {
    for (const auto& stored : c.orders) {
      if (!::mealy::json::validate(stored.payload).ok()) fail("validate");
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.order_bytes));
}

void decode_generated_postings(benchmark::State& state) {
  const auto& c = corpora();
  for (auto _ : state) {
    for (const auto& json : c.posting_json) {
      ledger::Event event;
      if (!ledger::decode_event("Posted", 1, json, event).ok()) fail("decode_event");
      benchmark::DoNotOptimize(event);
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.posting_bytes));
}

void decode_nlohmann_postings(benchmark::State& state) {
  const auto& c = corpora();
  for (auto _ : state) {
    for (const auto& json : c.posting_json) {
      ledger::events::Posted posted = nlohmann::json::parse(json).get<ledger::events::Posted>();
      benchmark::DoNotOptimize(posted);
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.posting_bytes));
}

void encode_generated_postings(benchmark::State& state) {
  const auto& c = corpora();
  for (auto _ : state) {
    for (const auto& posted : c.postings) {
      std::string json;
      ledger::write(json, posted);
      benchmark::DoNotOptimize(json);
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.posting_bytes));
}

void encode_nlohmann_postings(benchmark::State& state) {
  const auto& c = corpora();
  for (auto _ : state) {
    for (const auto& posted : c.postings) {
      std::string json = nlohmann::ordered_json(posted).dump();
      benchmark::DoNotOptimize(json);
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.posting_bytes));
}

}  // namespace

std::vector<Pair> register_codec_benchmarks(bool /*smoke*/) {
  benchmark::RegisterBenchmark("decode/generated/orders", decode_generated_orders);
  benchmark::RegisterBenchmark("decode/simdjson/orders", decode_simdjson_orders);
  benchmark::RegisterBenchmark("validate/strict/orders", validate_strict_orders);
  benchmark::RegisterBenchmark("decode/generated/postings", decode_generated_postings);
  benchmark::RegisterBenchmark("decode/nlohmann/postings", decode_nlohmann_postings);
  benchmark::RegisterBenchmark("encode/generated/postings", encode_generated_postings);
  benchmark::RegisterBenchmark("encode/nlohmann/postings", encode_nlohmann_postings);
  return {
      {"decode_ratio_vs_simdjson", "decode/generated/orders", "decode/simdjson/orders", "MB/s", 0.5,
       "simdjson On-Demand visiting every value, building nothing"},
      {"validate_ratio_vs_simdjson", "validate/strict/orders", "decode/simdjson/orders", "MB/s", 0,
       "simdjson On-Demand visiting every value, building nothing"},
      {"decode_speedup_vs_nlohmann", "decode/generated/postings", "decode/nlohmann/postings",
       "MB/s", 5, "nlohmann::json::parse + from_json"},
      {"encode_speedup_vs_nlohmann", "encode/generated/postings", "encode/nlohmann/postings",
       "MB/s", 5, "nlohmann to_json + dump"},
  };
}

}  // namespace mealy::bench
