// Command handling against SQLite, whole workloads with our own harness:
//   append_ratio_vs_raw_sqlite        one writer: handle() (warm aggregate, decide,
//                                     encode, append one ~300-byte event, commit)
//                                     vs raw prepared INSERTs of the same rows
//   group_commit_ratio_vs_raw_sqlite  8 threads on 1,000 aggregates vs the same raw baseline
//   group_commit_ratio_vs_raw_sqlite_sync_full  the same with synchronous=FULL on
//                                     both sides (every commit waits for the disk)
//   group_commit_ratio_vs_raw_batched[_32_threads][_sync_full]
//                                     8 (32) threads against the raw writer committing
//                                     the same rows in as many transactions as the
//                                     store's batches took: the ceiling of batching;
//                                     with the batches' mean size, the time appends
//                                     waited for a leader and a batch's commit time
//   raw_batched_savepoints_ratio      the raw writer's batches with a SAVEPOINT per
//                                     row (as the store runs each append) against without
//   handle_latency_*                  p50/p99/p99.9 of handle() on 1 and 8 threads,
//                                     Zipf-distributed choice among 1,000 aggregates;
//                                     8 threads at synchronous=FULL too; the
//                                     context switches behind them, and the
//                                     percentiles of the commands that were
//                                     not preempted (the store's own tail)
// Ours and the baseline run in alternating rounds in this process, on files
// in the same folder, so that a noisy machine slows both alike.
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "harness.hpp"
#include "latency.hpp"
#include "latency_plot.hpp"
#include "ledger_fixture.hpp"
#include "mealy/repository.hpp"
#include "mealy/store.hpp"
#include "raw_sqlite_baseline.hpp"
#include "results.hpp"

namespace mealy::bench {
namespace {

using Repo = Repository<ledger::Machine, LedgerHost>;

struct Sizes {
  std::size_t rounds;     // alternations of ours and the baseline
  std::size_t per_round;  // commands per round and side
  std::size_t threaded_per_thread;
  std::size_t latency_commands;  // per thread count
  std::size_t aggregates;        // of the threaded runs (1,000; fewer in smoke mode)
  std::size_t batched_commands;  // per round of group_commit_vs_batched (a quarter at FULL)
  std::size_t batched_rounds;
};

// The raw side: the same rows ours writes, pre-encoded, with a fresh event
// id per row and the versions it tracks itself.
class RawSide {
 public:
  RawSide(const std::string& path, std::size_t aggregates, bool synchronous_full = false)
      : db_(path, synchronous_full), versions_(aggregates, 0) {
    for (std::size_t i = 0; i < aggregates; ++i)
      streams_.push_back(stream_name(ledger::kName, ledger_id(i)));
    ledger::Aggregate aggregate{};
    LedgerHost host;
    SystemClock clock;
    for (std::size_t n = 0; n < payloads_.size(); ++n) {
      auto decision = ledger::Machine::decide(aggregate, sample_post(n), host, clock);
      ledger::Machine::write_payload(payloads_[n], decision.events().front());
    }
    const std::string id = Uuid::v7(clock.now()).to_string();
    metadata_ =
        R"({"correlation_id":")" + id + R"(","causation_id":")" + id + R"(","actor":"bench"})";
  }

  void append(std::size_t aggregate, std::size_t n) {
    std::array<char, 36> id{};
    db_.append(row(aggregate, n, id));
  }

  // `count` rows on random aggregates in one transaction.
  void append_together(std::mt19937_64& pick, std::size_t count) {
    std::vector<std::array<char, 36>> ids(count);
    std::vector<RawRow> rows;
    for (std::size_t i = 0; i < count; ++i)
      rows.push_back(row(pick() % versions_.size(), i, ids[i]));
    db_.append_all(rows);
  }

  // `rows` rows on random aggregates in `transactions` transactions, as
  // evenly as can be; `savepoints` as RawSqliteBaseline::append_all.
  void append_batched(std::mt19937_64& pick, std::size_t rows, std::size_t transactions,
                      bool savepoints) {
    std::vector<std::array<char, 36>> ids(rows / transactions + 1);
    std::vector<RawRow> batch;
    for (std::size_t t = 0; t < transactions; ++t) {
      const std::size_t count = rows / transactions + (t < rows % transactions ? 1 : 0);
      batch.clear();
      for (std::size_t i = 0; i < count; ++i)
        batch.push_back(row(pick() % versions_.size(), t + i, ids[i]));
      db_.append_all(batch, savepoints);
    }
  }

  [[nodiscard]] std::size_t payload_size() const { return payloads_[0].size(); }

 private:
  RawRow row(std::size_t aggregate, std::size_t n, std::array<char, 36>& id) {
    Uuid::v7(clock_.now()).format(id.data());
    return {.stream = streams_[aggregate],
            .category = ledger::kName,
            .stream_version = ++versions_[aggregate],
            .event_id = std::string_view(id.data(), id.size()),
            .type = "Posted",
            .schema_version = 1,
            .payload = payloads_[n % payloads_.size()],
            .metadata = metadata_,
            .recorded_at = "2026-11-22T10:00:00.000000Z"};
  }

  RawSqliteBaseline db_;
  std::vector<std::uint64_t> versions_;
  std::vector<std::string> streams_;
  std::array<std::string, 256> payloads_{};
  std::string metadata_;
  SystemClock clock_;
};

void handle_or_fail(Repo& repo, std::size_t aggregate, std::size_t n, const CommandContext& who) {
  auto outcome = repo.handle(ledger_id(aggregate), sample_post(n), who);
  if (!outcome) fail(outcome.status().message());
  if (std::holds_alternative<Rejected>(*outcome)) fail("a Post was rejected");
}

std::unique_ptr<EventStore> open_or_fail(const std::string& path, bool synchronous_full = false) {
  StoreOptions options;
  if (synchronous_full) options.synchronous = StoreOptions::Synchronous::full;
  auto store = open_store("sqlite://" + path, options);
  if (!store) fail(store.status().message());
  return std::move(*store);
}

void append_ratio(const Options& options, const Sizes& sizes) {
  constexpr std::size_t kAggregates = 100;
  auto store = open_or_fail(options.fresh_db("append-ours.db"));
  RawSide raw(options.fresh_db("append-raw.db"), kAggregates);
  LedgerHost host;
  SystemClock clock;
  Repo repo(*store, host, clock);
  const CommandContext who{.actor = "bench"};
  // Warm: every aggregate exists and is cached; the raw side creates its streams.
  for (std::size_t a = 0; a < kAggregates; ++a) {
    handle_or_fail(repo, a, a, who);
    raw.append(a, a);
  }
  std::vector<double> ours_rates;
  std::vector<double> raw_rates;
  std::size_t n = kAggregates;
  for (std::size_t round = 0; round < sizes.rounds; ++round) {
    auto start = Clock::now();
    for (std::size_t i = 0; i < sizes.per_round; ++i)
      handle_or_fail(repo, (n + i) % kAggregates, n + i, who);
    ours_rates.push_back(static_cast<double>(sizes.per_round) / seconds_since(start));
    start = Clock::now();
    for (std::size_t i = 0; i < sizes.per_round; ++i)
      raw.append((n + i) % kAggregates, n + i);
    raw_rates.push_back(static_cast<double>(sizes.per_round) / seconds_since(start));
    n += sizes.per_round;
  }
  record(options.out,
         paired_figure("append_ratio_vs_raw_sqlite", ours_rates, raw_rates, "commands/s",
                       ">=", 0.95, "raw prepared INSERTs, one transaction each"));
  record(options.out,
         {"event_payload_bytes", static_cast<double>(raw.payload_size()), {}, "bytes"});
}

constexpr unsigned kThreads = 8;

// Group commit: each thread owns the aggregates a with a % 8 == thread,
// so the figure is the store's, not conflicts'. The raw baseline runs
// just before and just after, one writer.
void group_commit(const Options& options, const Sizes& sizes, bool synchronous_full) {
  const std::string suffix = synchronous_full ? "-full.db" : ".db";
  auto store = open_or_fail(options.fresh_db("group-ours" + suffix), synchronous_full);
  RawSide raw(options.fresh_db("group-raw" + suffix), sizes.aggregates, synchronous_full);
  LedgerHost host;
  SystemClock clock;
  Repo repo(*store, host, clock);
  const CommandContext who{.actor = "bench"};
  for (std::size_t a = 0; a < sizes.aggregates; ++a) {
    handle_or_fail(repo, a, a, who);
    raw.append(a, a);
  }
  std::mt19937_64 pick(42);
  auto raw_run = [&](std::size_t count) {
    const auto start = Clock::now();
    for (std::size_t i = 0; i < count; ++i)
      raw.append(pick() % sizes.aggregates, i);
    return seconds_since(start);
  };
  // With synchronous=FULL every commit waits for the disk: fewer commands.
  const std::size_t per_thread =
      synchronous_full ? sizes.threaded_per_thread / 4 : sizes.threaded_per_thread;
  const std::size_t raw_count = per_thread * kThreads / 2;
  double raw_seconds = raw_run(raw_count);
  const double ours_seconds = run_threads(kThreads, [&](unsigned t) {
    std::mt19937_64 random(t + 1);
    for (std::size_t i = 0; i < per_thread; ++i) {
      const std::size_t a = t + kThreads * (random() % (sizes.aggregates / kThreads));
      handle_or_fail(repo, a, i, who);
    }
  });
  raw_seconds += raw_run(raw_count);
  // The ceiling of batching 8 writers: the raw writer with 8 rows per commit.
  const auto batched_start = Clock::now();
  for (std::size_t i = 0; i < raw_count / kThreads; ++i)
    raw.append_together(pick, kThreads);
  const double batched_rate =
      static_cast<double>(raw_count / kThreads * kThreads) / seconds_since(batched_start);
  record(
      options.out,
      {std::string("raw_sqlite_8_rows_per_commit_ratio") + (synchronous_full ? "_sync_full" : ""),
       batched_rate, static_cast<double>(raw_count * 2) / raw_seconds, "commands/s", "report", 0,
       "the raw writer, one row per commit: the most 8 writers can gain by batching"});
  if (synchronous_full) {
    record(options.out, {"group_commit_ratio_vs_raw_sqlite_sync_full",
                         static_cast<double>(per_thread * kThreads) / ours_seconds,
                         static_cast<double>(raw_count * 2) / raw_seconds, "commands/s", "report",
                         0, "the same, synchronous=FULL on both sides"});
  } else {
    record(options.out, {"group_commit_ratio_vs_raw_sqlite",
                         static_cast<double>(per_thread * kThreads) / ours_seconds,
                         static_cast<double>(raw_count * 2) / raw_seconds, "commands/s", ">=", 2.5,
                         "raw prepared INSERTs, one writer, one transaction each"});
  }
}

// Group commit against the ceiling of batching: `threads` threads handling
// commands (each on aggregates of its own), against the raw writer
// committing the same number of rows in as many transactions as the store's
// batches took (its counters say how many), round after round.
void group_commit_vs_batched(const Options& options, const Sizes& sizes, bool synchronous_full,
                             unsigned threads) {
  const std::string tag =
      (threads == kThreads ? std::string() : "_" + std::to_string(threads) + "_threads") +
      (synchronous_full ? "_sync_full" : "");
  auto store = open_or_fail(options.fresh_db("batched-ours" + tag + ".db"), synchronous_full);
  RawSide raw(options.fresh_db("batched-raw" + tag + ".db"), sizes.aggregates, synchronous_full);
  LedgerHost host;
  SystemClock clock;
  Repo repo(*store, host, clock);
  const CommandContext who{.actor = "bench"};
  for (std::size_t a = 0; a < sizes.aggregates; ++a) {
    handle_or_fail(repo, a, a, who);
    raw.append(a, a);
  }
  const bool savepoints = threads == kThreads && !synchronous_full;
  const std::size_t per_thread =
      (synchronous_full ? sizes.batched_commands / 4 : sizes.batched_commands) / threads;
  std::mt19937_64 pick(7);
  std::vector<double> ours_rates;
  std::vector<double> raw_rates;
  std::vector<double> savepoint_rates;
  double appends = 0;
  double batches = 0;
  std::chrono::nanoseconds waited{0};
  std::chrono::nanoseconds committing{0};
  for (std::size_t round = 0; round < sizes.batched_rounds; ++round) {
    const StoreCounters before = store->counters();
    const double seconds = run_threads(threads, [&](unsigned t) {
      std::mt19937_64 random(round * 1000 + t + 1);
      for (std::size_t i = 0; i < per_thread; ++i) {
        const std::size_t a = t + threads * (random() % (sizes.aggregates / threads));
        handle_or_fail(repo, a, i, who);
      }
    });
    const StoreCounters after = store->counters();
    const std::uint64_t round_appends = after.appends - before.appends;
    const std::uint64_t round_batches = after.batches - before.batches;
    ours_rates.push_back(static_cast<double>(per_thread * threads) / seconds);
    auto start = Clock::now();
    raw.append_batched(pick, round_appends, round_batches, false);
    raw_rates.push_back(static_cast<double>(round_appends) / seconds_since(start));
    if (savepoints) {
      start = Clock::now();
      raw.append_batched(pick, round_appends, round_batches, true);
      savepoint_rates.push_back(static_cast<double>(round_appends) / seconds_since(start));
    }
    appends += static_cast<double>(round_appends);
    batches += static_cast<double>(round_batches);
    waited += after.waited_for_leader - before.waited_for_leader;
    committing += after.committing - before.committing;
  }
  const std::string setting =
      std::to_string(threads) + " threads, synchronous=" + (synchronous_full ? "FULL" : "NORMAL");
  record(
      options.out,
      paired_figure("group_commit_ratio_vs_raw_batched" + tag, ours_rates, raw_rates, "commands/s",
                    ">=", 0.9,
                    "the raw writer, as many rows per transaction as the store's batches held (" +
                        setting + ")"));
  record(options.out, {"group_commit_rows_per_batch" + tag, appends / batches, {}, "rows"});
  record(options.out, {"group_commit_wait_for_leader_us_per_append" + tag,
                       static_cast<double>(waited.count()) / 1000.0 / appends,
                       {},
                       "µs"});
  record(options.out, {"group_commit_commit_us_per_batch" + tag,
                       static_cast<double>(committing.count()) / 1000.0 / batches,
                       {},
                       "µs"});
  if (savepoints) {
    record(
        options.out,
        paired_figure(
            "raw_batched_savepoints_ratio", savepoint_rates, raw_rates, "commands/s", "report", 0,
            "the same raw batches with a SAVEPOINT ... RELEASE around each row, against without"));
  }
}

// Latency over a Zipf-distributed choice of aggregates (threads meet on the
// hot ones: conflicts and retries are part of the figure).
// A run's latencies, kept for the plot.
struct LatencyRun {
  std::string label;
  LatencyRecorder recorder;
};

void latency(const Options& options, const Sizes& sizes, bool synchronous_full,
             std::vector<LatencyRun>& runs) {
  auto store = open_or_fail(options.fresh_db(synchronous_full ? "latency-full.db" : "latency.db"),
                            synchronous_full);
  LedgerHost host;
  SystemClock clock;
  Repo repo(*store, host, clock);
  const CommandContext who{.actor = "bench"};
  for (std::size_t a = 0; a < sizes.aggregates; ++a)
    handle_or_fail(repo, a, a, who);
  const Zipf zipf(sizes.aggregates);
  // At FULL (every commit waits for the disk) only 8 threads, a quarter of the commands.
  const std::vector<unsigned> thread_counts =
      synchronous_full ? std::vector<unsigned>{8} : std::vector<unsigned>{1, 8};
  const std::size_t commands =
      synchronous_full ? sizes.latency_commands / 4 : sizes.latency_commands;
  for (unsigned threads : thread_counts) {
    std::vector<LatencyRecorder> recorders(threads);
    // The commands during which the scheduler did not preempt the thread:
    // the store's own tail, without the machine's other work.
    std::vector<LatencyRecorder> unpreempted(threads);
    std::atomic<std::size_t> conflicts{0};
    const StoreCounters before = store->counters();
    std::atomic<long> involuntary{0};
    std::atomic<long> voluntary{0};
    std::atomic<std::size_t> preempted_commands{0};
    run_threads(threads, [&](unsigned t) {
      struct rusage start_usage {};
      ::getrusage(RUSAGE_THREAD, &start_usage);
      struct rusage usage = start_usage;
      std::mt19937_64 random(100 + t);
      for (std::size_t i = 0; i < commands / threads; ++i) {
        const std::size_t a = zipf(random);
        const long switches_before = usage.ru_nivcsw;
        const auto start = Clock::now();
        auto outcome = repo.handle(ledger_id(a), sample_post(i), who);
        const auto elapsed = Clock::now() - start;
        ::getrusage(RUSAGE_THREAD, &usage);
        if (!outcome) fail(outcome.status().message());
        if (std::holds_alternative<ConcurrencyConflict>(*outcome)) ++conflicts;
        const auto nanoseconds =
            static_cast<std::uint64_t>(std::chrono::nanoseconds(elapsed).count());
        recorders[t].record(nanoseconds);
        if (usage.ru_nivcsw == switches_before) {
          unpreempted[t].record(nanoseconds);
        } else {
          ++preempted_commands;
        }
      }
      involuntary += usage.ru_nivcsw - start_usage.ru_nivcsw;
      voluntary += usage.ru_nvcsw - start_usage.ru_nvcsw;
    });
    for (unsigned t = 1; t < threads; ++t) {
      recorders[0].merge(recorders[t]);
      unpreempted[0].merge(unpreempted[t]);
    }
    runs.push_back({std::to_string(threads) + (threads == 1 ? " thread, " : " threads, ") +
                        (synchronous_full ? "FULL" : "NORMAL"),
                    recorders[0]});
    const StoreCounters after = store->counters();
    const std::string prefix = "handle_latency_us_" + std::to_string(threads) +
                               (threads == 1 ? "_thread_" : "_threads_") +
                               (synchronous_full ? "sync_full_" : "");
    for (auto [name, percent] :
         {std::pair{"p50", 50.0}, std::pair{"p99", 99.0}, std::pair{"p99_9", 99.9}}) {
      // The targets of the tail: p99.9 <= 1 ms on one thread, p99 <= 5 ms on 8 (NORMAL).
      const bool one_tail = threads == 1 && percent == 99.9;
      const bool eight_tail = threads == 8 && percent == 99.0 && !synchronous_full;
      record(options.out, {prefix + name,
                           static_cast<double>(recorders[0].percentile(percent)) / 1000.0,
                           {},
                           "µs",
                           one_tail || eight_tail ? "<=" : "report",
                           one_tail     ? 1000.0
                           : eight_tail ? 5000.0
                                        : 0.0});
    }
    record(options.out, {prefix + "conflicts_after_retries",
                         static_cast<double>(conflicts.load()),
                         {},
                         "commands"});
    // What the tail is made of: the batches, and the WAL checkpoints beside them.
    record(options.out,
           {prefix + "rows_per_batch",
            static_cast<double>(after.appends - before.appends) /
                static_cast<double>(std::max<std::uint64_t>(after.batches - before.batches, 1)),
            {},
            "rows"});
    record(options.out, {prefix + "checkpoints",
                         static_cast<double>(after.checkpoints - before.checkpoints),
                         {},
                         "checkpoints"});
    // Preempted (involuntary) and sleeping (voluntary) context switches of
    // the handling threads, per 1,000 commands: the scheduler's part.
    const double per_1000 = 1000.0 / static_cast<double>(commands / threads * threads);
    record(options.out, {prefix + "involuntary_switches_per_1000",
                         static_cast<double>(involuntary.load()) * per_1000,
                         {},
                         "switches"});
    record(options.out, {prefix + "voluntary_switches_per_1000",
                         static_cast<double>(voluntary.load()) * per_1000,
                         {},
                         "switches"});
    record(options.out, {prefix + "preempted_commands_per_1000",
                         static_cast<double>(preempted_commands.load()) * per_1000,
                         {},
                         "commands"});
    for (auto [name, percent] :
         {std::pair{"p99_unpreempted", 99.0}, std::pair{"p99_9_unpreempted", 99.9}}) {
      record(options.out, {prefix + name,
                           static_cast<double>(unpreempted[0].percentile(percent)) / 1000.0,
                           {},
                           "µs"});
    }
  }
}

}  // namespace
}  // namespace mealy::bench

int main(int argc, char** argv) {
  using namespace mealy::bench;
  const Options options = Options::parse(argc, argv);
  const Sizes sizes = options.smoke ? Sizes{2, 50, 20, 200, 64, 128, 1}
                                    : Sizes{9, 3000, 4000, 40000, 1000, 8000, 3};
  append_ratio(options, sizes);
  group_commit(options, sizes, false);
  group_commit(options, sizes, true);
  for (bool synchronous_full : {false, true}) {
    for (unsigned threads : {8u, 32u})
      group_commit_vs_batched(options, sizes, synchronous_full, threads);
  }
  std::vector<LatencyRun> runs;
  latency(options, sizes, false, runs);
  latency(options, sizes, true, runs);
  if (!options.plots.empty()) {
    std::vector<PlotSeries> series;
    for (const LatencyRun& run : runs)
      series.push_back({run.label, &run.recorder});
    const std::vector<PlotTarget> targets = {{"p99.9 target, 1 thread", 1000},
                                             {"p99 target, 8 threads", 5000}};
    const std::string path = options.plots + "/latency.svg";
    std::ofstream(path) << percentile_plot_svg(
        "handle() latency by percentile (bench/store_bench.cpp)", series, targets);
    std::fprintf(stderr, "plot: %s\n", path.c_str());
  }
  options.cleanup();
  return 0;
}
