// Loading aggregates from SQLite, whole workloads with our own harness:
//   rehydrate_ratio_vs_raw_scan     load() of 10,000 events, no snapshot, vs a raw
//                                   SELECT of the same rows + simdjson of each payload
//   rehydrate_events_per_s          the same load, in events per second
//   snapshot_load_ratio_100k_vs_100 load() time with 100,000 events of history vs
//                                   100, snapshots on (every 100 events)
// Ours and the baseline alternate, repetition by repetition, on the same file.
#include <string>
#include <vector>

#include "harness.hpp"
#include "ledger_fixture.hpp"
#include "mealy/repository.hpp"
#include "mealy/store.hpp"
#include "raw_sqlite_baseline.hpp"
#include "results.hpp"

namespace mealy::bench {
namespace {

using Repo = Repository<ledger::Machine, LedgerHost>;

// Appends `count` Posted events to aggregate `id` in batches of 1,000, as
// the repository would encode them; with `snapshot_every`, each batch that
// crosses a multiple of it carries the snapshot of the aggregate after it
// (as handle() would write it).
void write_history(EventStore& store, const Uuid& id, std::size_t count,
                   std::uint64_t snapshot_every) {
  const std::string stream = stream_name(ledger::kName, id);
  LedgerHost host;
  SystemClock clock;
  ledger::Aggregate aggregate = Repo::initial(id);
  std::size_t written = 0;
  while (written < count) {
    const std::size_t batch = std::min<std::size_t>(1000, count - written);
    AppendRequest request{stream, ExpectedVersion::exact(written), {}, {}, nullptr};
    for (std::size_t i = 0; i < batch; ++i) {
      auto decision = ledger::Machine::decide(aggregate, sample_post(written + i), host, clock);
      const auto& event = decision.events().front();
      if (!ledger::Machine::evolve(aggregate, event, host).ok()) fail("evolve");
      NewEvent& added = request.events.emplace_back();
      added.id = Uuid::v7(clock.now());
      added.type = ledger::Machine::name_of(event);
      added.schema_version = ledger::Machine::version_of(event);
      ledger::Machine::write_payload(added.payload, event);
    }
    Snapshot snapshot;
    if (snapshot_every > 0 && written / snapshot_every != (written + batch) / snapshot_every) {
      // Batches end on multiples of the snapshot interval here (100 divides 1,000).
      snapshot = {stream, aggregate.version, ledger::kFingerprint, {}};
      ledger::Machine::write_snapshot(snapshot.state, aggregate);
      request.snapshot = &snapshot;
    }
    auto appended = store.append(request);
    if (!appended || !std::holds_alternative<Appended>(*appended)) fail("writing the history");
    written += batch;
  }
}

void rehydrate(const Options& options, std::size_t events, int repetitions) {
  const std::string path = options.fresh_db("rehydrate.db");
  RawSqliteBaseline raw(path);
  auto store = open_store("sqlite://" + path);
  if (!store) fail(store.status().message());
  const Uuid id = ledger_id(1);
  write_history(**store, id, events, 0);
  LedgerHost host;
  SystemClock clock;
  Repo repo(**store, host, clock, {.snapshot_every = 0});
  const std::string stream = stream_name(ledger::kName, id);
  std::vector<double> ours_rates;
  std::vector<double> raw_rates;
  std::uint64_t checksum = 0;
  for (int r = 0; r < repetitions; ++r) {
    auto start = Clock::now();
    auto loaded = repo.load(id);
    ours_rates.push_back(static_cast<double>(events) / seconds_since(start));
    if (!loaded || loaded->events_replayed != events) fail("load");
    start = Clock::now();
    const std::size_t scanned = raw.scan_stream(stream, checksum);
    raw_rates.push_back(static_cast<double>(events) / seconds_since(start));
    if (scanned != events) fail("raw scan");
  }
  record(options.out,
         paired_figure("rehydrate_ratio_vs_raw_scan", ours_rates, raw_rates, "events/s", ">=", 0.8,
                       "raw SELECT + simdjson On-Demand over each payload"));
  record(options.out, {"rehydrate_events_per_s", median(ours_rates), {}, "events/s"});
}

void snapshot_load(const Options& options, std::size_t long_history, std::size_t short_history,
                   int repetitions) {
  auto store = open_store("sqlite://" + options.fresh_db("snapshots.db"));
  if (!store) fail(store.status().message());
  const Uuid long_id = ledger_id(2);
  const Uuid short_id = ledger_id(3);
  write_history(**store, long_id, long_history, 100);
  write_history(**store, short_id, short_history, 100);
  LedgerHost host;
  SystemClock clock;
  Repo repo(**store, host, clock, {.snapshot_every = 100});
  std::vector<double> long_times;
  std::vector<double> short_times;
  for (int r = 0; r < repetitions; ++r) {
    auto start = Clock::now();
    auto loaded = repo.load(long_id);
    long_times.push_back(seconds_since(start) * 1e6);
    if (!loaded || loaded->aggregate.version != long_history || loaded->snapshot_version == 0)
      fail("load (long)");
    start = Clock::now();
    loaded = repo.load(short_id);
    short_times.push_back(seconds_since(start) * 1e6);
    if (!loaded || loaded->aggregate.version != short_history || loaded->snapshot_version == 0)
      fail("load (short)");
  }
  record(options.out,
         paired_figure("snapshot_load_ratio_100k_vs_100", long_times, short_times, "µs per load",
                       "<=", 1.5, "load() of the same aggregate with 100 events of history"));
}

}  // namespace
}  // namespace mealy::bench

int main(int argc, char** argv) {
  using namespace mealy::bench;
  const Options options = Options::parse(argc, argv);
  if (options.smoke) {
    rehydrate(options, 200, 2);
    snapshot_load(options, 1000, 100, 2);
  } else {
    rehydrate(options, 10'000, 41);
    snapshot_load(options, 100'000, 100, 2000);
  }
  options.cleanup();
  return 0;
}
