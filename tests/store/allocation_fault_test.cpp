// Out of memory inside an append: every allocation an append makes on its
// thread (the group commit's queue, the writer's statements and messages),
// failed once with std::bad_alloc. The writer's transaction unwinds and
// rolls back, the group commit gives the lead back and hands the exception
// to the append's caller, and the store makes it an error Status: the
// append is reported as an error and absent, or committed and there; the
// store goes on.
//
// The whole test program's operator new fails one allocation on the thread
// that asks for it (../support/failing_new.hpp).
#include <algorithm>
#include <filesystem>

#include "../support/failing_new.hpp"
#include "store_fixture.hpp"
#include "store_helpers.hpp"
#include "store_invariants.hpp"

using namespace mealy;
using namespace mealy::testing;
using namespace mealy::testing::failing_new;

TEST_CASE(
    "store/out of memory: every allocation of an append, failed once, is an error for that append "
    "alone") {
  TempDir dir;
  const std::string seed = dir.file("seed.db");
  const AppendRequest first = request("Order-1", ExpectedVersion::no_stream(), events(2));
  {
    auto store = Backend::open("sqlite://" + seed);
    appended(store->append(first));
  }
  const std::string path = dir.file("run.db");
  // Runs three appends (one that commits, a conflict, a retry of the first)
  // with allocation `n` failing (0: none); gives how many they made.
  auto run = [&](long n) {
    std::filesystem::copy_file(seed, path, std::filesystem::copy_options::overwrite_existing);
    const AppendRequest fresh = request("Order-1", ExpectedVersion::exact(2), events(3));
    const AppendRequest stale = request("Order-1", ExpectedVersion::exact(1), events(1));
    std::vector<Result<AppendOutcome>> outcomes;
    outcomes.reserve(3);
    long made = 0;
    {
      auto store = Backend::open("sqlite://" + path);
      // Warm: statements prepared, pages cached, the writer's buffers grown.
      appended(store->append(request("Warm-1", ExpectedVersion::no_stream(), events(1))));
      allocations = 0;
      fail_at = n;
      counting = true;
      for (const AppendRequest* tried : {&fresh, &stale, &first})
        outcomes.push_back(store->append(*tried));
      counting = false;
      made = allocations;
      for (const auto& outcome : outcomes) {
        if (outcome.ok()) continue;
        CHECK(outcome.status().code() == StatusCode::internal);
        CHECK(outcome.status().message() ==
              "sqlite://" + path + ": appending to Order-1: rolled back: std::bad_alloc");
      }
      CHECK(std::count_if(outcomes.begin(), outcomes.end(),
                          [](const auto& o) { return !o.ok(); }) == (n == 0 ? 0 : 1));
      if (outcomes[1].ok()) CHECK(std::holds_alternative<Conflict>(outcomes[1].value()));
      if (outcomes[2].ok()) CHECK(appended(outcomes[2]).duplicate);
      // The lead is free and no transaction is open: the next append commits.
      appended(store->append(request("After-1", ExpectedVersion::no_stream(), events(1))));
      CHECK((value(store->stream_version("Order-1")) == 5) == outcomes[0].ok());
    }
    check_store_invariants(path);
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path + suffix);
    return made;
  };
  const long count = run(0);
  REQUIRE(count > 0);
  WARN("the three appends allocate " << count << " times");
  for (long n = 1; n <= count; ++n) {
    INFO("failing allocation " << n << " of " << count);
    run(n);
  }
}
