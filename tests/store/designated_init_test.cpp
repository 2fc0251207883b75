// The public structs can be written with designated initializers that leave
// fields out, under -Wall -Wextra -Werror (missing-field-initializers): this
// file compiling with the project's warnings is the test; the case checks
// that what was left out has its documented default.
#include <catch2/catch.hpp>

#include "mealy/decide.hpp"
#include "mealy/repository.hpp"
#include "mealy/store.hpp"
#include "mealy/subscription.hpp"

using namespace mealy;

TEST_CASE("store/api: public structs take designated initializers that leave fields out") {
  const Metadata metadata{.actor = "web"};
  CHECK(metadata.correlation_id.is_nil());
  CHECK(metadata.extra.empty());
  const NewEvent event{.type = "Opened", .payload = "{}"};
  CHECK(event.schema_version == 1);
  CHECK(event.id.is_nil());
  const AppendRequest request{.stream = "Order-1", .events = {event}};
  CHECK(request.expected.kind() == ExpectedVersion::Kind::any);
  CHECK(request.snapshot == nullptr);
  CHECK(request.command_id.is_nil());
  const RecordedEvent recorded{.position = 7};
  CHECK(recorded.stream.empty());
  const Snapshot snapshot{.stream = "Order-1", .version = 3};
  CHECK(snapshot.state.empty());
  const Conflict conflict{.message = "no"};
  CHECK(conflict.current_version == 0);
  const Appended appended{.count = 2};
  CHECK_FALSE(appended.duplicate);
  const CommandRecord record{.stream = "Order-1"};
  CHECK(record.last_version == 0);
  const Filter filter{.stream = "Order-1"};
  CHECK(filter.categories.empty());
  const Page page{.at_end = true};
  CHECK(page.events.empty());
  const StoreOptions store_options{.busy_timeout = std::chrono::milliseconds(10)};
  CHECK(store_options.max_batch == 256);
  const SubscriptionOptions subscription_options{.page_size = 16};
  CHECK(subscription_options.poll_interval == std::chrono::milliseconds(200));
  const RepositoryOptions repository_options{.max_attempts = 5};
  CHECK(repository_options.cache_capacity == 10'000);
  const CommandContext context{.actor = "web"};
  CHECK(context.command_id.is_nil());
  const Rejection rejection{.code = "out_of_stock"};
  CHECK(rejection.kind == RejectionKind::invalid_transition);
  const GuardResult guard{.allowed = false};
  CHECK(guard.reason.empty());
  const Violation violation{.field = "line.quantity"};
  CHECK(violation.code.empty());
  const Rejected rejected{.rejection = rejection};
  CHECK(rejected.rejection.code == "out_of_stock");
  const ConcurrencyConflict gave_up{.attempts = 3};
  CHECK(gave_up.conflict.message.empty());
  const json::Limits limits{.max_depth = 8};
  CHECK(limits.max_bytes == 64u << 20);
}
