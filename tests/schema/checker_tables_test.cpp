// The tables the checker computes for emitters: per-state handling with
// inherited transitions, sources of event fields, the replay table.
#include <catch2/catch.hpp>

#include "language_page_example.hpp"
#include "schema_test_support.hpp"

using namespace mealy::schema;
using mealy::test::compile_text;

namespace {

const char* const kOrderSchema = mealy::test::kLanguagePageExample;

std::uint32_t index_of(const auto& items, const std::string& name) {
  for (std::uint32_t i = 0; i < items.size(); ++i) {
    if (items[i].name.text == name) return i;
  }
  FAIL("no item named " << name);
  return kNone;
}

const CommandHandling& handling(const Aggregate& a, const std::string& state,
                                const std::string& command) {
  const State& s = a.states[index_of(a.states, state)];
  std::uint32_t h = s.handling_by_command[index_of(a.commands, command)];
  REQUIRE(h != kNone);
  return s.handling[h];
}

const EvolveStep& step(const Aggregate& a, const std::string& state, const std::string& event) {
  const State& s = a.states[index_of(a.states, state)];
  const auto& found = s.evolve[index_of(a.events, event)];
  REQUIRE(found.has_value());
  return *found;
}

}  // namespace

TEST_CASE("the language page's example checks without diagnostics", "[checker]") {
  auto compiled = compile_text(kOrderSchema);
  CHECK(compiled.diagnostics == std::vector<std::string>{});
  REQUIRE(compiled.model);
  const SchemaFile& file = compiled.model->root();
  CHECK(file.package_parts == std::vector<std::string>{"shop", "orders"});
  REQUIRE(file.aggregates.size() == 1);
  CHECK(file.aggregates[0].initial_state == 0);
}

TEST_CASE("a state's own transition wins over the aggregate-wide one", "[checker]") {
  auto compiled = compile_text(kOrderSchema);
  REQUIRE(compiled.model);
  const Aggregate& order = compiled.model->root().aggregates[0];
  const CommandHandling& in_new = handling(order, "New", "Cancel");
  CHECK_FALSE(in_new.inherited);
  CHECK(in_new.alternatives.at(0).transition->reject.text == "not_opened");
  CHECK(in_new.alternatives.at(0).emissions.empty());

  const CommandHandling& in_draft = handling(order, "Draft", "Cancel");
  CHECK(in_draft.inherited);
  CHECK(in_draft.alternatives.at(0).target == index_of(order.states, "Cancelled"));

  // Own handlers first, in written order, then inherited ones.
  const State& draft = order.states[index_of(order.states, "Draft")];
  REQUIRE(draft.handling.size() == 3);
  CHECK(draft.handling[0].command == index_of(order.commands, "AddLine"));
  CHECK(draft.handling[1].command == index_of(order.commands, "Submit"));
  CHECK(draft.handling[2].command == index_of(order.commands, "Cancel"));
  // A final state handles nothing, not even aggregate-wide commands.
  const State& shipped = order.states[index_of(order.states, "Shipped")];
  CHECK(shipped.handling.empty());
  CHECK(shipped.handling_by_command[index_of(order.commands, "Cancel")] == kNone);
}

TEST_CASE("a transition without 'to' stays in its state", "[checker]") {
  auto compiled = compile_text(kOrderSchema);
  REQUIRE(compiled.model);
  const Aggregate& order = compiled.model->root().aggregates[0];
  CHECK(handling(order, "Draft", "AddLine").alternatives.at(0).target ==
        index_of(order.states, "Draft"));
  CHECK(step(order, "Draft", "LineAdded").target == index_of(order.states, "Draft"));
}

TEST_CASE("event fields are filled from the command, state, aggregate, then default", "[checker]") {
  auto compiled = compile_text(kOrderSchema);
  REQUIRE(compiled.model);
  const Aggregate& order = compiled.model->root().aggregates[0];

  const Emission& opened = handling(order, "New", "Open").alternatives.at(0).emissions.at(0);
  CHECK(opened.event == index_of(order.events, "Opened"));
  CHECK(opened.fields.at(0).kind == SourceKind::command_field);
  CHECK(opened.fields.at(0).index == 0);

  const Emission& submitted = handling(order, "Draft", "Submit").alternatives.at(0).emissions.at(0);
  CHECK(submitted.fields.at(0).kind == SourceKind::default_value);

  const Emission& confirmed =
      handling(order, "Submitted", "ConfirmPayment").alternatives.at(0).emissions.at(0);
  CHECK(confirmed.fields.at(0).kind == SourceKind::command_field);  // payment_id
  CHECK(confirmed.fields.at(1).kind == SourceKind::default_value);  // provider
}

TEST_CASE("replay moves to the transition's target and fills the next state's fields",
          "[checker]") {
  auto compiled = compile_text(kOrderSchema);
  REQUIRE(compiled.model);
  const Aggregate& order = compiled.model->root().aggregates[0];

  const EvolveStep& submitted = step(order, "Draft", "Submitted");
  CHECK(submitted.target == index_of(order.states, "Submitted"));
  REQUIRE(submitted.fields.size() == 1);
  CHECK(submitted.fields[0].kind == SourceKind::event_field);

  const EvolveStep& cancelled = step(order, "Submitted", "Cancelled");  // aggregate-wide
  CHECK(cancelled.target == index_of(order.states, "Cancelled"));
  REQUIRE(cancelled.fields.size() == 1);
  CHECK(cancelled.fields[0].kind == SourceKind::event_field);
}

TEST_CASE("an event cannot be replayed in a state that never emits it", "[checker]") {
  auto compiled = compile_text(kOrderSchema);
  REQUIRE(compiled.model);
  const Aggregate& order = compiled.model->root().aggregates[0];
  const State& paid = order.states[index_of(order.states, "Paid")];
  CHECK_FALSE(paid.evolve[index_of(order.events, "Cancelled")].has_value());
  CHECK_FALSE(paid.evolve[index_of(order.events, "Opened")].has_value());
}

TEST_CASE("aggregate fields take event fields of the same name", "[checker]") {
  auto compiled = compile_text(kOrderSchema);
  REQUIRE(compiled.model);
  const Aggregate& order = compiled.model->root().aggregates[0];
  const Event& opened = order.events[index_of(order.events, "Opened")];
  REQUIRE(opened.aggregate_updates.size() == 1);
  CHECK(opened.aggregate_updates[0] == std::pair<std::uint32_t, std::uint32_t>{0, 0});
  const Event& line_added = order.events[index_of(order.events, "LineAdded")];
  CHECK(line_added.aggregate_updates.empty());  // `lines` is left to the apply hook
}

TEST_CASE("in a multi-event emission only the last event moves the state", "[checker]") {
  auto compiled = compile_text(R"YAML(mealy: 1
package: t
aggregates:
  Door:
    commands: {Slam: {}, Open: {}}
    events: {Closed: {}, Locked: {}, Opened: {}}
    states:
      Ajar:
        initial: true
        on:
          Slam: {emit: [Closed, Locked], to: Shut}
      Shut:
        on:
          Open: {emit: Opened, to: Ajar}
)YAML");
  CHECK(compiled.diagnostics == std::vector<std::string>{});
  REQUIRE(compiled.model);
  const Aggregate& door = compiled.model->root().aggregates[0];
  CHECK(step(door, "Ajar", "Closed").target == index_of(door.states, "Ajar"));
  CHECK(step(door, "Ajar", "Locked").target == index_of(door.states, "Shut"));
}

TEST_CASE("a retired event replays in every state without moving it", "[checker]") {
  auto compiled = compile_text(R"YAML(mealy: 1
package: t
aggregates:
  Lamp:
    commands: {Toggle: {}}
    events:
      Toggled: {}
      Dimmed: {retired: true, fields: {level: int32}}
    states:
      Off: {initial: true, on: {Toggle: {emit: Toggled, to: On}}}
      On: {on: {Toggle: {emit: Toggled, to: Off}}}
)YAML");
  CHECK(compiled.diagnostics == std::vector<std::string>{});
  REQUIRE(compiled.model);
  const Aggregate& lamp = compiled.model->root().aggregates[0];
  CHECK(step(lamp, "Off", "Dimmed").target == index_of(lamp.states, "Off"));
  CHECK(step(lamp, "On", "Dimmed").target == index_of(lamp.states, "On"));
}

TEST_CASE("next-state fields come from the event, the previous state, a default or apply",
          "[checker]") {
  auto compiled = compile_text(R"YAML(mealy: 1
package: t
aggregates:
  Job:
    commands:
      Start: {fields: {owner: string}}
      Finish: {fields: {result: string}}
    events:
      Started: {fields: {owner: string}}
      Finished: {fields: {result: string}, apply: record_finish}
    states:
      Queued: {initial: true, on: {Start: {emit: Started, to: Running}}}
      Running:
        fields: {owner: string, attempts: {type: int32, default: 1}}
        on: {Finish: {emit: Finished, to: Done}}
      Done:
        final: true
        fields: {owner: string, result: string, attempts: int32, finished_by: string}
)YAML");
  CHECK(compiled.diagnostics == std::vector<std::string>{});
  REQUIRE(compiled.model);
  const Aggregate& job = compiled.model->root().aggregates[0];
  const EvolveStep& started = step(job, "Queued", "Started");
  CHECK(started.fields.at(0).kind == SourceKind::event_field);    // owner
  CHECK(started.fields.at(1).kind == SourceKind::default_value);  // attempts
  const EvolveStep& finished = step(job, "Running", "Finished");
  CHECK(finished.fields.at(0).kind == SourceKind::state_field);  // owner, carried
  CHECK(finished.fields.at(0).index == 0);
  CHECK(finished.fields.at(1).kind == SourceKind::event_field);  // result
  CHECK(finished.fields.at(2).kind == SourceKind::state_field);  // attempts, carried
  CHECK(finished.fields.at(3).kind == SourceKind::apply_hook);   // finished_by
}

TEST_CASE("reachability follows transitions, not rejections", "[checker]") {
  auto compiled = compile_text(kOrderSchema);
  REQUIRE(compiled.model);
  const Aggregate& order = compiled.model->root().aggregates[0];
  for (const State& state : order.states) {
    INFO(state.name.text);
    CHECK(state.reachable);
  }
}

TEST_CASE("an action fills every field of the events it builds", "[checker]") {
  auto compiled = compile_text(R"YAML(mealy: 1
package: t
aggregates:
  Counter:
    commands: {Bump: {}}
    events: {Bumped: {fields: {by: int64, at: timestamp}}}
    states:
      Counting: {initial: true, on: {Bump: {action: compute_bump, emit: Bumped, to: Done}}}
      Done: {final: true}
)YAML");
  CHECK(compiled.diagnostics == std::vector<std::string>{});
  REQUIRE(compiled.model);
  const Aggregate& counter = compiled.model->root().aggregates[0];
  const Emission& bumped = handling(counter, "Counting", "Bump").alternatives.at(0).emissions.at(0);
  CHECK(bumped.fields.at(0).kind == SourceKind::action);
  CHECK(bumped.fields.at(1).kind == SourceKind::action);
}
