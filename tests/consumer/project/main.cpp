// The consumer test's program: uses the code mealy_generate() made from
// schemas/pantry.yaml (and its import, units.yaml) as any application would.
// Exits 0 when a command survives a round trip through JSON and decide() and
// evolve() take it; otherwise prints what went wrong and exits 1.
#include <cstdio>
#include <string>

#include "pantry.mealy.hpp"

namespace kitchen = consumer::kitchen;
namespace units = consumer::units;

namespace {

int fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "consumer: %s: %s\n", what, detail.c_str());
  return 1;
}

struct NoHooks {};  // the schema declares no guard, action or apply hook

}  // namespace

int main() {
  const kitchen::pantry::Command command = kitchen::pantry::commands::Stock{
      .item = "flour", .quantity = {.amount = 500, .unit = units::Unit::Gram}};

  const std::string json = kitchen::pantry::to_json(command);
  kitchen::pantry::Command decoded;
  if (mealy::Status status = kitchen::pantry::from_json(json, decoded); !status.ok()) {
    return fail("from_json failed", status.message() + " in " + json);
  }
  if (!(decoded == command)) return fail("the decoded command differs from the encoded one", json);

  kitchen::Pantry pantry{.id = "larder"};
  NoHooks hooks;
  const mealy::SystemClock clock;
  auto decision = kitchen::pantry::decide(pantry, decoded, hooks, clock);
  if (!decision.accepted())
    return fail("decide rejected the command", decision.rejection().message);
  if (mealy::Status status = kitchen::pantry::replay(pantry, decision.events(), hooks);
      !status.ok()) {
    return fail("replay failed", status.message());
  }
  if (pantry.version != 1)
    return fail("wrong version after one event", std::to_string(pantry.version));

  // An event and a snapshot through JSON: each decoder of the runtime's, in
  // this program's build type (Debug or Release) against the installed runtime.
  const std::string event_json = kitchen::pantry::to_json(decision.events().front());
  kitchen::pantry::Event event;
  if (mealy::Status status = kitchen::pantry::from_json(event_json, event); !status.ok()) {
    return fail("from_json of an event failed", status.message() + " in " + event_json);
  }
  const std::string snapshot_json = kitchen::pantry::to_json(pantry);
  kitchen::Pantry snapshot;
  if (mealy::Status status = kitchen::pantry::from_json(snapshot_json, snapshot); !status.ok()) {
    return fail("from_json of a snapshot failed", status.message() + " in " + snapshot_json);
  }
  if (!(snapshot == pantry)) return fail("the decoded snapshot differs", snapshot_json);

  std::printf("consumer: %s round-tripped and applied\n", json.c_str());
  return 0;
}
