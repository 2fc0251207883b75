// Code that throws while the store works for it: the group commit's batch
// commit, and a projection's handler, called directly or by a subscription.
// Whatever throws, the transaction is rolled back and the write lock and the
// group commit's lead are free, and every later call works. A handler's
// exception leaves project() as it came (host code's exceptions pass
// through); the group commit hands a batch's exception to that batch's
// callers only.
#include <future>
#include <stdexcept>
#include <thread>

#include "mealy/subscription.hpp"
#include "raw_sqlite.hpp"
#include "store/group_commit.hpp"
#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;
using namespace std::chrono_literals;

namespace {

struct Job {
  int id = 0;
  bool committed = false;
};

using Group = detail::GroupCommit<Job>;
using CommitBatch = std::function<void(std::span<Job* const>)>;

// Runs job `id` through `group` on a thread of its own, which is left to
// itself (so that a caller that waits for ever cannot hang the test): its
// future gives "committed" or what run() threw.
std::future<std::string> run_job(const std::shared_ptr<Group>& group, int id, CommitBatch commit) {
  auto done = std::make_shared<std::promise<std::string>>();
  std::thread([group, id, commit = std::move(commit), done] {
    Job job{id};
    try {
      group->run(job, commit);
    } catch (const std::exception& error) {
      done->set_value(error.what());
      return;
    }
    done->set_value(job.committed ? "committed" : "neither committed nor thrown");
  }).detach();
  return done->get_future();
}

std::string within_10s(std::future<std::string> outcome) {
  if (outcome.wait_for(10s) != std::future_status::ready) return "still waiting after 10 s";
  return outcome.get();
}

void commit_all(std::span<Job* const> batch) {
  for (Job* job : batch)
    job->committed = true;
}

}  // namespace

TEST_CASE("store/group commit: a batch whose commit throws fails its own callers, and only them") {
  auto group = std::make_shared<Group>(16);
  auto others_queued = std::make_shared<std::promise<void>>();
  std::shared_future<void> go = others_queued->get_future().share();
  CommitBatch commit = [go](std::span<Job* const> batch) {
    for (Job* job : batch) {
      if (job->id == 0) {
        go.wait();  // the first batch holds the lead while the others queue
        job->committed = true;
        return;
      }
    }
    throw std::runtime_error("the disk is on fire");
  };
  auto first = run_job(group, 0, commit);
  std::this_thread::sleep_for(20ms);
  std::vector<std::future<std::string>> others;
  for (int id = 1; id <= 3; ++id)
    others.push_back(run_job(group, id, commit));
  std::this_thread::sleep_for(20ms);
  others_queued->set_value();
  // The first caller's job committed; whoever led the failing batch (most
  // likely the first caller, note 4), only the callers whose jobs were in it
  // see the exception.
  CHECK(within_10s(std::move(first)) == "committed");
  for (auto& other : others)
    CHECK(within_10s(std::move(other)) == "the disk is on fire");
  // The lead is free: the next caller leads at once and commits.
  CHECK(within_10s(run_job(group, 7, commit_all)) == "committed");
}

TEST_CASE(
    "store/group commit: a lone caller whose commit throws gets the exception, and the next one "
    "leads") {
  auto group = std::make_shared<Group>(16);
  CHECK(within_10s(run_job(group, 1,
                           [](std::span<Job* const>) { throw std::runtime_error("no"); })) == "no");
  CHECK(within_10s(run_job(group, 2, commit_all)) == "committed");
}

namespace {

Status create_table(SqlTransaction& sql) {
  return sql.execute("CREATE TABLE seen (n INTEGER PRIMARY KEY)");
}

Status insert_then_throw(SqlTransaction& sql) {
  if (Status status = sql.execute("INSERT INTO seen (n) VALUES (1)"); !status.ok()) return status;
  throw std::runtime_error("the handler broke");
}

std::vector<std::string> seen_rows(EventStore& store) {
  std::vector<std::string> rows;
  auto read = store.project("reader", std::nullopt, 1, [&](SqlTransaction& sql) -> Status {
    auto row = sql.query_row("SELECT count(*) FROM seen");
    if (!row) return row.status();
    rows.push_back(*(**row)[0]);
    return {StatusCode::internal, "read only"};  // roll back: leave no checkpoint
  });
  REQUIRE_FALSE(read.ok());
  return rows;
}

}  // namespace

SQL_STORE_CONTRACT(
    "a projection's handler that throws is rolled back and its exception passes, and the store "
    "goes "
    "on") {
  EventStore& store = *backend.store;
  REQUIRE(value(store.project("setup", std::nullopt, 1, create_table)));
  CHECK_THROWS_WITH(store.project("p", std::nullopt, 1, insert_then_throw), "the handler broke");
  CHECK_THROWS_AS(store.project("p", std::nullopt, 1, [](SqlTransaction&) -> Status { throw 42; }),
                  int);
  // Nothing of it was written, not even the checkpoint.
  CHECK(seen_rows(store) == std::vector<std::string>{"0"});
  CHECK(value(store.read_checkpoint("p")) == std::nullopt);
  // Appends, and the projection once its handler is mended, go on.
  CHECK(appended(store.append(request("Order-1", ExpectedVersion::no_stream(), events(2))))
            .first_position == 1);
  CHECK(value(store.project("p", std::nullopt, 1, [](SqlTransaction& sql) {
    return sql.execute("INSERT INTO seen (n) VALUES (2)");
  })));
  CHECK(seen_rows(store) == std::vector<std::string>{"1"});
  if (backend.name == "sqlite-file") {
    // No lock is left behind: another program writes at once.
    Raw other(backend.dir.file("events.db"));
    other.exec("PRAGMA busy_timeout = 0; BEGIN IMMEDIATE; INSERT INTO seen (n) VALUES (3); COMMIT");
  }
}

TEST_CASE("store/memory: project() never calls the handler, so nothing it throws can pass") {
  Backend backend("memory");
  auto refused = backend.store->project(
      "p", std::nullopt, 1, [](SqlTransaction&) -> Status { throw std::logic_error("called"); });
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == StatusCode::unsupported);
}

SQL_STORE_CONTRACT(
    "a projection subscription whose handler throws stops with the error and resumes where it "
    "was") {
  EventStore& store = *backend.store;
  REQUIRE(value(store.project("setup", std::nullopt, 1, create_table)));
  appended(store.append(request("Order-1", ExpectedVersion::no_stream(), events(3))));
  auto count_until_third = [](const RecordedEvent& event, SqlTransaction& sql) -> Status {
    if (event.position == 3) throw std::runtime_error("cannot handle the third");
    const SqlValue values[] = {static_cast<std::int64_t>(event.position)};
    return sql.execute("INSERT INTO seen (n) VALUES ($1)", values);
  };
  // run_projection: the page with the third event is rolled back whole,
  // and the exception passes.
  CHECK_THROWS_WITH(Subscription::run_projection(store, "counter", {}, count_until_third),
                    "cannot handle the third");
  CHECK(value(store.read_checkpoint("counter")) == std::nullopt);
  CHECK(seen_rows(store) == std::vector<std::string>{"0"});
  // On its own thread: the subscription stops with it; the process goes on.
  auto subscription = value(Subscription::projection(store, "counter", {}, count_until_third));
  CHECK_FALSE(subscription->wait_until(3, 10s));
  CHECK(subscription->status().message() == "the subscriber threw: cannot handle the third");
  CHECK(value(store.read_checkpoint("counter")) == std::nullopt);
  CHECK(seen_rows(store) == std::vector<std::string>{"0"});
  // Mended, it starts from the same checkpoint and projects every event.
  auto mended = Subscription::run_projection(
      store, "counter", {}, [](const RecordedEvent& event, SqlTransaction& sql) {
        const SqlValue values[] = {static_cast<std::int64_t>(event.position)};
        return sql.execute("INSERT INTO seen (n) VALUES ($1)", values);
      });
  CHECK(value(std::move(mended)) == 3);
  CHECK(seen_rows(store) == std::vector<std::string>{"3"});
}
