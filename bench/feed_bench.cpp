// feed_peak_rss_mb_1m: the peak resident memory of a process that reads
// 1,000,000 events (~300-byte payloads) through the change feed
// (read_all, a page at a time), decoding each.
//
// The events are written first by this program; the reading runs in a
// fresh process (this program again, with --read DB COUNT), so that its
// peak is the reader's alone. The figure is that process's ru_maxrss.
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <cstring>
#include <string>

#include "harness.hpp"
#include "ledger_fixture.hpp"
#include "mealy/repository.hpp"
#include "mealy/store.hpp"
#include "results.hpp"

extern char** environ;

namespace mealy::bench {
namespace {

void write_events(const std::string& path, std::size_t count) {
  auto store = open_store("sqlite://" + path);
  if (!store) fail(store.status().message());
  LedgerHost host;
  SystemClock clock;
  std::string payload;
  ledger::Aggregate aggregate{};
  for (std::size_t written = 0, stream = 0; written < count; ++stream) {
    const std::size_t batch = std::min<std::size_t>(1000, count - written);
    AppendRequest request{stream_name(ledger::kName, ledger_id(stream)),
                          ExpectedVersion::no_stream(),
                          {},
                          {},
                          nullptr};
    for (std::size_t i = 0; i < batch; ++i) {
      auto decision = ledger::Machine::decide(aggregate, sample_post(written + i), host, clock);
      NewEvent& added = request.events.emplace_back();
      added.id = Uuid::v7(clock.now());
      added.type = "Posted";
      ledger::Machine::write_payload(added.payload, decision.events().front());
    }
    auto appended = (*store)->append(request);
    if (!appended || !std::holds_alternative<Appended>(*appended))
      fail("writing the feed's events");
    written += batch;
  }
}

// The reader process: follows the feed to its end, decoding every event.
int read_feed(const std::string& path, std::size_t expected) {
  auto store = open_store("sqlite://" + path);
  if (!store) fail(store.status().message());
  LedgerHost host;
  std::uint64_t after = 0;
  std::size_t seen = 0;
  std::int64_t sum = 0;
  while (true) {
    auto page = (*store)->read_all(after, {}, 1000);
    if (!page) fail(page.status().message());
    for (const RecordedEvent& recorded : page->events) {
      ledger::Event event;
      if (!ledger::Machine::decode_event(host, recorded.type, recorded.schema_version,
                                         recorded.payload, event)
               .ok()) {
        fail("decoding the feed");
      }
      sum += std::get<ledger::events::Posted>(event).amount_minor;
      ++seen;
    }
    after = page->next_position;
    if (page->at_end) break;
  }
  if (seen != expected) fail("the feed held " + std::to_string(seen) + " events");
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("%ld %lld\n", usage.ru_maxrss, static_cast<long long>(sum));  // kilobytes
  return 0;
}

}  // namespace
}  // namespace mealy::bench

int main(int argc, char** argv) {
  using namespace mealy::bench;
  if (argc == 4 && std::strcmp(argv[1], "--read") == 0)
    return read_feed(argv[2], std::stoull(argv[3]));
  const Options options = Options::parse(argc, argv);
  const std::size_t count = options.smoke ? 3000 : 1'000'000;
  const std::string path = options.fresh_db("feed.db");
  write_events(path, count);

  // Read in a fresh process, capturing its report through a pipe.
  int pipe_ends[2];
  if (pipe(pipe_ends) != 0) fail("pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_ends[0]);
  const std::string count_text = std::to_string(count);
  std::string self = "/proc/self/exe";
  char* child_argv[] = {argv[0], const_cast<char*>("--read"), const_cast<char*>(path.c_str()),
                        const_cast<char*>(count_text.c_str()), nullptr};
  pid_t child = 0;
  if (posix_spawn(&child, self.c_str(), &actions, nullptr, child_argv, environ) != 0)
    fail("spawning the reader");
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_ends[1]);
  std::string report;
  char buffer[256];
  for (ssize_t n; (n = read(pipe_ends[0], buffer, sizeof buffer)) > 0;)
    report.append(buffer, static_cast<std::size_t>(n));
  close(pipe_ends[0]);
  int status = 0;
  waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || report.empty())
    fail("the feed reader failed");
  const double peak_mb = std::stod(report) / 1024.0;
  record(options.out, {"feed_peak_rss_mb_1m", peak_mb, {}, "MB", "<", 64});
  options.cleanup();
  return 0;
}
