// What generated decide, evolve and decode_event do, construct by construct,
// as the language page says.
#include <algorithm>
#include <catch2/catch.hpp>
#include <limits>
#include <span>
#include <sstream>
#include <string_view>
#include <tuple>
#include <vector>

#include "mealy/repository.hpp"
#include "quiet.mealy.hpp"
#include "ticket.mealy.hpp"

namespace ticket = behaviour::tickets::ticket;
using behaviour::tickets::Ticket;
using namespace ticket;

namespace {

const mealy::Timestamp kNow{mealy::Duration(1'795'341'600'000'000)};

struct Host {
  bool staff = false;
  bool owner = false;
  bool locked = false;
  std::vector<std::uint32_t> upcast_versions;

  bool is_staff(const Ticket&, const commands::Assign&) const { return staff; }
  mealy::GuardResult is_owner(const Ticket&, const commands::Assign&) const {
    return owner ? mealy::GuardResult::allow() : mealy::GuardResult::refuse("not_the_owner");
  }
  bool is_locked(const Ticket&, const commands::Assign&) const { return locked; }
  events::Resolved resolve_ticket(const Ticket& ticket, const commands::Resolve& command) const {
    return {.note = command.note, .resolver = ticket.data.owner, .severity = 2};
  }
  void count_reopen(Ticket& ticket, const events::Reopened&) const { ++ticket.data.reopened; }
  void upcast_resolved(events::Resolved& event, std::uint32_t version, std::string_view) {
    upcast_versions.push_back(version);
    if (version < 3) event.severity = 1;
  }
};

// Decides and applies, as a command handler would.
mealy::Decision<Event> handle(Ticket& ticket, const Command& command, Host& host) {
  mealy::FixedClock clock(kNow);
  mealy::Decision<Event> decision = ticket::decide(ticket, command, host, clock);
  if (decision.accepted()) {
    for (const Event& event : decision.events())
      REQUIRE(ticket::evolve(ticket, event, host).ok());
  }
  return decision;
}

Ticket opened(Host& host) {
  Ticket ticket;
  ticket.id = "T-1";
  REQUIRE(handle(ticket, commands::Open{.owner = "ann", .title = "broken", .tags = {}}, host)
              .accepted());
  return ticket;
}

}  // namespace

TEST_CASE("a transition emits its event, filled by name, and moves", "[behaviour]") {
  Host host;
  Ticket ticket;
  auto decision =
      handle(ticket, commands::Open{.owner = "ann", .title = "broken", .tags = {}}, host);
  REQUIRE(decision.accepted());
  REQUIRE(decision.events().size() == 1);
  const auto& opened = std::get<events::Opened>(decision.events()[0]);
  CHECK(opened.owner == "ann");  // from the command
  CHECK(opened.title == "broken");
  CHECK(opened.opened_at == kNow);  // default: now, from the injected clock
  REQUIRE(std::holds_alternative<states::Active>(ticket.state));
  CHECK(std::get<states::Active>(ticket.state).title ==
        "broken");  // next state's field from the event
  CHECK(
      !std::get<states::Active>(ticket.state).assignee);  // an optional without source starts empty
  CHECK(ticket.data.owner == "ann");                      // aggregate field of the same name
  CHECK(ticket.version == 1);
}

TEST_CASE("a transition without 'to' stays and updates fields of the same name", "[behaviour]") {
  Host host;
  Ticket ticket = opened(host);
  host.staff = true;
  auto decision = handle(ticket, commands::Assign{.assignee = "bob"}, host);
  REQUIRE(decision.accepted());
  const auto& assigned = std::get<events::Assigned>(decision.events()[0]);
  CHECK(assigned.owner == "ann");  // from the aggregate's fields
  REQUIRE(std::holds_alternative<states::Active>(ticket.state));
  CHECK(std::get<states::Active>(ticket.state).assignee == "bob");
  CHECK(std::get<states::Active>(ticket.state).title == "broken");  // carried
}

TEST_CASE("alternatives are tried in order, and the first whose guard holds wins", "[behaviour]") {
  Host host;
  Ticket ticket = opened(host);
  host.owner = true;
  CHECK(handle(ticket, commands::Assign{.assignee = "cy"}, host).accepted());
}

TEST_CASE("when no guard holds, the last guard's reason rejects", "[behaviour]") {
  Host host;
  Ticket ticket = opened(host);
  Ticket before = ticket;
  auto decision = handle(ticket, commands::Assign{.assignee = "cy"}, host);
  REQUIRE_FALSE(decision.accepted());
  const mealy::Rejection& rejection = decision.rejection();
  CHECK(rejection.kind == mealy::RejectionKind::guard);
  CHECK(rejection.code == "not_the_owner");
  CHECK(rejection.state == "Active");
  CHECK(rejection.command == "Assign");
  CHECK(ticket == before);  // a rejection changes nothing
}

TEST_CASE("a guard returning false refuses with the guard's name", "[behaviour]") {
  Host host;
  Ticket ticket = opened(host);
  mealy::FixedClock clock(kNow);
  // is_staff is false, is_owner refuses with a reason: the last one counts.
  // is_locked, the guard of the `reject: locked` alternative after them, is
  // false too: that rejection does not apply, and says nothing of why.
  auto decision = ticket::decide(ticket, commands::Assign{.assignee = "x"}, host, clock);
  CHECK(decision.rejection().code == "not_the_owner");
  CHECK(mealy::to_guard_result(false, "is_staff").reason == "is_staff");
}

TEST_CASE(
    "a guarded reject applies when its guard holds, and keeps the other guards' reason when not",
    "[behaviour]") {
  Host host;
  Ticket ticket = opened(host);
  mealy::FixedClock clock(kNow);
  host.locked = true;
  auto locked = ticket::decide(ticket, commands::Assign{.assignee = "x"}, host, clock);
  REQUIRE_FALSE(locked.accepted());
  CHECK(locked.rejection().kind == mealy::RejectionKind::explicit_reject);
  CHECK(locked.rejection().code == "locked");
  // The alternatives before it are tried first: an owner assigns, locked or not.
  host.owner = true;
  CHECK(ticket::decide(ticket, commands::Assign{.assignee = "x"}, host, clock).accepted());
  host.owner = false;
  host.locked = false;
  auto refused = ticket::decide(ticket, commands::Assign{.assignee = "x"}, host, clock);
  CHECK(refused.rejection().kind == mealy::RejectionKind::guard);
  CHECK(refused.rejection().code == "not_the_owner");
}

TEST_CASE("an explicit reject is a documented refusal with its code", "[behaviour]") {
  Host host;
  Ticket ticket;
  auto decision = handle(ticket, commands::Close{}, host);
  REQUIRE_FALSE(decision.accepted());
  CHECK(decision.rejection().kind == mealy::RejectionKind::explicit_reject);
  CHECK(decision.rejection().code == "never_opened");
  CHECK(decision.rejection().message == "command 'Close' is rejected in state 'New': never_opened");
}

TEST_CASE("an unhandled command is an invalid transition naming what the state accepts",
          "[behaviour]") {
  Host host;
  Ticket ticket;
  auto decision = handle(ticket, commands::Reopen{}, host);
  REQUIRE_FALSE(decision.accepted());
  CHECK(decision.rejection().kind == mealy::RejectionKind::invalid_transition);
  CHECK(decision.rejection().message ==
        "command 'Reopen' is not accepted in state 'New'; it accepts Open");
}

TEST_CASE("constraints are checked before anything else, naming the field", "[behaviour]") {
  Host host;
  Ticket ticket;
  auto empty_title = handle(ticket, commands::Open{.owner = "ann", .title = "", .tags = {}}, host);
  REQUIRE_FALSE(empty_title.accepted());
  CHECK(empty_title.rejection().kind == mealy::RejectionKind::constraint);
  CHECK(empty_title.rejection().code == "min_length");
  CHECK(empty_title.rejection().field == "title");
  // Lengths of strings count code points, not bytes: 20 of them fit.
  CHECK(handle(ticket,
               commands::Open{
                   .owner = "a",
                   .title = std::string(20 * 2, '\0').replace(0, 40, "éééééééééééééééééééé"),
                   .tags = {}},
               host)
            .accepted());

  Ticket other;
  auto nested = handle(
      other, commands::Open{.owner = "a", .title = "t", .tags = {{.name = "ok"}, {.name = ""}}},
      host);
  REQUIRE_FALSE(nested.accepted());
  CHECK(nested.rejection().field == "tags[1].name");

  Ticket active = opened(host);
  auto too_high = handle(active, commands::Escalate{.level = 4}, host);
  CHECK(too_high.rejection().code == "max");
  CHECK(too_high.rejection().field == "level");
  CHECK(handle(active, commands::Escalate{.level = 3}, host).accepted());
}

TEST_CASE("an action builds the events itself", "[behaviour]") {
  Host host;
  Ticket ticket = opened(host);
  auto decision = handle(ticket, commands::Resolve{.note = "fixed"}, host);
  REQUIRE(decision.accepted());
  const auto& resolved = std::get<events::Resolved>(decision.events()[0]);
  CHECK(resolved.resolver == "ann");
  CHECK(resolved.severity == 2);
  CHECK(std::holds_alternative<states::Done>(ticket.state));
}

TEST_CASE("aggregate-wide transitions apply where a state does not say otherwise", "[behaviour]") {
  Host host;
  Ticket active = opened(host);
  auto closed = handle(active, commands::Close{}, host);
  REQUIRE(closed.accepted());
  CHECK(std::holds_alternative<states::Closed>(active.state));
  // A final state accepts nothing, not even aggregate-wide commands.
  auto again = handle(active, commands::Close{}, host);
  CHECK(again.rejection().kind == mealy::RejectionKind::invalid_transition);
}

TEST_CASE("a multi-event emission: all but the last keep the state, the last moves it",
          "[behaviour]") {
  Host host;
  Ticket ticket = opened(host);
  REQUIRE(handle(ticket, commands::Resolve{}, host).accepted());
  auto decision = handle(ticket, commands::Close{}, host);
  REQUIRE(decision.accepted());
  REQUIRE(decision.events().size() == 2);
  CHECK(std::get<events::Archived>(decision.events()[0]).title ==
        "broken");  // from the state's field
  CHECK(std::holds_alternative<events::Closed>(decision.events()[1]));
  CHECK(std::holds_alternative<states::Closed>(ticket.state));
  CHECK(ticket.version == 4);
}

TEST_CASE("apply hooks run after the built-in evolve", "[behaviour]") {
  Host host;
  Ticket ticket = opened(host);
  REQUIRE(handle(ticket, commands::Resolve{}, host).accepted());
  REQUIRE(handle(ticket, commands::Reopen{}, host).accepted());
  CHECK(ticket.data.reopened == 1);
  CHECK(std::get<states::Active>(ticket.state).title == "broken");  // carried from Done
}

TEST_CASE("replaying the events rebuilds the same aggregate without guards or actions",
          "[behaviour]") {
  Host host;
  host.staff = true;
  Ticket live;
  live.id = "T-9";
  std::vector<Event> log;
  for (const Command& command :
       std::vector<Command>{commands::Open{.owner = "ann", .title = "t", .tags = {}},
                            commands::Assign{.assignee = "b"}, commands::Resolve{.note = "n"},
                            commands::Reopen{}, commands::Resolve{}, commands::Close{}}) {
    auto decision = handle(live, command, host);
    REQUIRE(decision.accepted());
    for (const Event& event : decision.events())
      log.push_back(event);
  }
  struct NoGuardsHost {
    void count_reopen(Ticket& ticket, const events::Reopened&) const { ++ticket.data.reopened; }
  } replay_host;
  Ticket rebuilt;
  rebuilt.id = "T-9";
  REQUIRE(ticket::replay(rebuilt, log, replay_host).ok());
  CHECK(rebuilt == live);
}

TEST_CASE("an event the current state cannot take is an error and changes nothing", "[behaviour]") {
  Host host;
  Ticket ticket;
  Ticket before = ticket;
  mealy::Status status = ticket::evolve(ticket, events::Reopened{}, host);
  CHECK_FALSE(status.ok());
  CHECK(status.message() == "event 'Reopened' cannot occur in state 'New'");
  CHECK(ticket == before);
}

TEST_CASE("older event versions take the defaults of fields added since", "[behaviour]") {
  Event event;
  REQUIRE(ticket::decode_event("Resolved", 1, R"({"note":"old"})", event).ok());
  const auto& resolved = std::get<events::Resolved>(event);
  CHECK(resolved.note == "old");
  CHECK(resolved.resolver == "system");
  CHECK(resolved.severity == 0);
}

TEST_CASE("renamed events decode under their former name", "[behaviour]") {
  Event event;
  REQUIRE(ticket::decode_event("Finished", 3, R"({"resolver":"ann","severity":5})", event).ok());
  CHECK(std::get<events::Resolved>(event).severity == 5);
}

TEST_CASE("upcast hooks run for older versions and former names only", "[behaviour]") {
  Host host;
  Event event;
  REQUIRE(ticket::decode_event(host, "Resolved", 2, R"({"resolver":"x"})", event).ok());
  CHECK(std::get<events::Resolved>(event).severity == 1);
  REQUIRE(
      ticket::decode_event(host, "Resolved", 3, R"({"resolver":"x","severity":4})", event).ok());
  CHECK(std::get<events::Resolved>(event).severity == 4);
  REQUIRE(
      ticket::decode_event(host, "Finished", 3, R"({"resolver":"x","severity":4})", event).ok());
  CHECK(host.upcast_versions == std::vector<std::uint32_t>{2, 3});
}

TEST_CASE("decoding refuses newer versions, unknown types and bad payloads with a path",
          "[behaviour]") {
  Event event;
  mealy::Status newer = ticket::decode_event("Resolved", 4, "{}", event);
  CHECK(newer.message() == "$: event 'Resolved' has version 4, newer than this code's 3");
  mealy::Status unknown = ticket::decode_event("Vanished", 1, "{}", event);
  CHECK(unknown.message() == "$: unknown event type 'Vanished'");
  mealy::Status missing = ticket::decode_event("Opened", 1, R"({"owner":"a"})", event);
  CHECK(missing.message() == "$: missing required field 'title'");
  mealy::Status wrong = ticket::decode_event("Escalated", 1, R"({"level":"high"})", event);
  CHECK(wrong.message() == "$.level: expected int32, got string");
}

TEST_CASE("fields added since a version are not read from older payloads", "[behaviour]") {
  Event event;
  REQUIRE(ticket::decode_event("Resolved", 2, R"({"resolver":"x","severity":9})", event).ok());
  CHECK(std::get<events::Resolved>(event).severity == 0);  // its default: v2 had no severity
  REQUIRE(ticket::decode_event("Resolved", 3, R"({"resolver":"x","severity":9})", event).ok());
  CHECK(std::get<events::Resolved>(event).severity == 9);
  CHECK(ticket::decode_event("Resolved", 0, "{}", event).message() ==
        "$: event versions start at 1, found 0");
}

TEST_CASE("decoding into an event that held another gives what decoding into a new one gives",
          "[behaviour]") {
  // Each payload is decoded into the event the one before it left (a
  // replay's way) and into a new event: the two must be equal, whatever the
  // fields the payload leaves out, skips (added since a later version) or
  // holds, and whatever the alternative held before.
  const std::vector<std::tuple<std::string, std::uint32_t, std::string>> payloads = {
      {"Resolved", 3, R"({"note":"n","resolver":"ann","severity":5})"},
      {"Resolved", 2, R"({"resolver":"bob","severity":9})"},
      {"Resolved", 3, R"({"note":"a note longer than any small string buffer","severity":2})"},
      {"Resolved", 1, R"({"resolver":"skipped"})"},
      {"Finished", 3, R"({"note":null,"resolver":"cy","severity":1})"},
      {"Opened", 1, R"({"owner":"o","title":"t","opened_at":"2026-12-07T10:00:00Z"})"},
      {"Resolved", 3, R"({})"},
      {"Escalated", 1, R"({"level":2})"},
      {"Resolved", 2, R"({"note":"x"})"},
  };
  Event reused;
  for (const auto& [type, version, payload] : payloads) {
    INFO(type << " v" << version << " " << payload);
    Event fresh;
    REQUIRE(ticket::decode_event(type, version, payload, fresh).ok());
    REQUIRE(ticket::decode_event(type, version, payload, reused).ok());
    CHECK(reused == fresh);
  }
  const auto& last = std::get<events::Resolved>(reused);
  CHECK(last.note == "x");
  CHECK(last.resolver == "system");
  CHECK(last.severity == 0);
}

TEST_CASE("an old payload that no longer fits is left to the upcast hook", "[behaviour]") {
  Host host;
  Event event;
  // Version 1 wrote `note` as a number; today it is a string.
  REQUIRE(ticket::decode_event(host, "Resolved", 1, R"({"note":5})", event).ok());
  CHECK(host.upcast_versions == std::vector<std::uint32_t>{1});
  CHECK(std::get<events::Resolved>(event).resolver ==
        "system");  // the hook starts from the defaults
  // A current payload that does not fit is an error, not an upcast.
  CHECK_FALSE(ticket::decode_event(host, "Resolved", 3, R"({"note":5})", event).ok());
  CHECK(host.upcast_versions.size() == 1);
}

TEST_CASE("NaN breaks a float64 bound", "[behaviour]") {
  Host host;
  Ticket active = opened(host);
  auto decision = handle(
      active, commands::Escalate{.level = 2, .weight = std::numeric_limits<double>::quiet_NaN()},
      host);
  REQUIRE_FALSE(decision.accepted());
  CHECK(decision.rejection().field == "weight");
}

TEST_CASE("a snapshot must hold id, version, state and data", "[behaviour]") {
  Ticket ticket;
  CHECK(ticket::from_json("{}", ticket).message() == "$: missing required field 'id'");
  Host host;
  Ticket live = opened(host);
  Ticket copy;
  REQUIRE(ticket::from_json(ticket::to_json(live), copy).ok());
  CHECK(copy == live);
}

// Aggregates without events (Gate) or without commands (Ledger): their Event or
// Command is std::variant<std::monostate>, a placeholder no decoder produces.
namespace {

namespace gate = behaviour::quiet::gate;
namespace ledger = behaviour::quiet::ledger;

struct NoHooks {};

}  // namespace

TEST_CASE("an aggregate without events rejects, or accepts and emits nothing", "[behaviour]") {
  NoHooks host;
  mealy::FixedClock clock(kNow);
  gate::Aggregate gate_instance;
  auto refused = gate::decide(gate_instance, gate::commands::Knock{.who = "ann"}, host, clock);
  REQUIRE_FALSE(refused.accepted());
  CHECK(refused.rejection().message == "command 'Knock' is rejected in state 'Shut': shut");
  auto invalid = gate::decide(gate_instance, gate::commands::Knock{.who = ""}, host, clock);
  REQUIRE_FALSE(invalid.accepted());
  CHECK(invalid.rejection().kind == mealy::RejectionKind::constraint);
  auto accepted = gate::decide(gate_instance, gate::commands::Ping{}, host, clock);
  REQUIRE(accepted.accepted());
  CHECK(accepted.events().empty());
}

TEST_CASE("an aggregate without events decodes no event and applies none", "[behaviour]") {
  gate::Event event;
  CHECK(gate::decode_event("Knocked", 1, "{}", event).message() ==
        "$: unknown event type 'Knocked'");
  NoHooks host;
  CHECK(gate::decode_event(host, "Knocked", 1, "{}", event).message() ==
        "$: unknown event type 'Knocked'");
  // The placeholder writes an event without a name or a version, which no decoder accepts.
  CHECK(gate::to_json(event) == R"({"type":"","version":0,"payload":{}})");
  CHECK_FALSE(gate::from_json(gate::to_json(event), event).ok());
  gate::Aggregate gate_instance;
  CHECK(gate::evolve(gate_instance, event, host).message() ==
        "event '' cannot occur in state 'Shut'");
  CHECK(gate_instance.version == 0);
}

TEST_CASE("the Machine of an aggregate without events works in a Repository", "[behaviour]") {
  auto store = mealy::open_store("memory:");
  REQUIRE(store);
  NoHooks host;
  mealy::FixedClock clock(kNow);
  mealy::Repository<gate::Machine, NoHooks> gates(**store, host, clock);
  auto refused = gates.handle("G-1", gate::commands::Knock{.who = "ann"});
  REQUIRE(refused);
  CHECK(std::holds_alternative<mealy::Rejected>(refused.value()));
  auto pinged = gates.handle("G-1", gate::commands::Ping{});
  REQUIRE(pinged);
  REQUIRE(std::holds_alternative<mealy::Committed<gate::Machine>>(pinged.value()));
  CHECK(std::get<mealy::Committed<gate::Machine>>(pinged.value()).events.empty());
  mealy::RecordedEvent stored;
  stored.stream = "Gate-G-1";
  stored.stream_version = 1;
  stored.type = "Knocked";
  stored.payload = "{}";
  gate::Aggregate gate_instance = gates.initial("G-1");
  CHECK_FALSE(gates.apply(gate_instance, stored).ok());
}

TEST_CASE("an aggregate without commands decodes none and rejects the placeholder", "[behaviour]") {
  ledger::Command command;
  CHECK(ledger::from_json(R"({"type":"Record","payload":{}})", command).message() ==
        "$.payload: unknown command type 'Record'");
  NoHooks host;
  mealy::FixedClock clock(kNow);
  ledger::Aggregate ledger_instance;
  auto decision = ledger::decide(ledger_instance, command, host, clock);
  REQUIRE_FALSE(decision.accepted());
  CHECK(decision.rejection().kind == mealy::RejectionKind::invalid_transition);
  CHECK(decision.rejection().message ==
        "command '' is not accepted in state 'Open'; it accepts no command");
  ledger::Event event;
  REQUIRE(ledger::decode_event("Recorded", 1, R"({"amount":"5"})", event).ok());
  CHECK(std::get<ledger::events::Recorded>(event).amount == 5);
}

TEST_CASE("decide_into appends to the caller's vector, and leaves it alone on a rejection",
          "[behaviour]") {
  Host host;
  Ticket ticket;
  ticket.id = "T-1";
  mealy::FixedClock clock(kNow);
  std::vector<Event> out;
  out.emplace_back(events::Reopened{});  // what the caller had: kept
  auto rejection = ticket::decide_into(
      ticket, commands::Open{.owner = "ann", .title = "broken", .tags = {}}, host, clock, out);
  CHECK_FALSE(rejection.has_value());
  REQUIRE(out.size() == 2);
  CHECK(std::holds_alternative<events::Reopened>(out[0]));
  CHECK(std::get<events::Opened>(out[1]).owner == "ann");
  // The same decision as decide() gives.
  auto decision = ticket::decide(
      ticket, commands::Open{.owner = "ann", .title = "broken", .tags = {}}, host, clock);
  REQUIRE(decision.accepted());
  CHECK(decision.events() == std::vector<Event>(out.begin() + 1, out.end()));

  REQUIRE(ticket::evolve(ticket, out[1], host).ok());
  auto refused = ticket::decide_into(ticket, commands::Assign{.assignee = "bob"}, host, clock,
                                     out);  // not staff
  REQUIRE(refused.has_value());
  CHECK(*refused ==
        ticket::decide(ticket, commands::Assign{.assignee = "bob"}, host, clock).rejection());
  CHECK(out.size() == 2);
}

namespace {

std::vector<std::string_view> names(std::span<const std::string_view> list) {
  return {list.begin(), list.end()};
}

// Every command as a value, in the schema's order.
std::vector<Command> every_command() {
  return {commands::Open{},   commands::Assign{}, commands::Resolve{},
          commands::Reopen{}, commands::Close{},  commands::Escalate{}};
}

}  // namespace

TEST_CASE(
    "accepted_commands: what each state has an alternative other than reject for, in the schema's "
    "order",
    "[behaviour][accepts]") {
  using List = std::vector<std::string_view>;
  // New rejects Close itself; the aggregate-wide Close comes after a state's own
  // commands; Active's Assign is accepted though a guard may still refuse it.
  CHECK(names(accepted_commands(State{states::New{}})) == List{"Open"});
  CHECK(names(accepted_commands(State{states::Active{}})) ==
        List{"Assign", "Resolve", "Escalate", "Close"});
  CHECK(names(accepted_commands(State{states::Done{}})) == List{"Reopen", "Close"});
  CHECK(names(accepted_commands(State{states::Closed{}})).empty());

  // accepts() agrees with the list, and both with kTransitions: a command is
  // accepted where some transition of it is not a reject.
  const State every_state[] = {states::New{}, states::Active{}, states::Done{}, states::Closed{}};
  for (const State& state : every_state) {
    for (const Command& command : every_command()) {
      bool in_table = false;
      for (const mealy::TransitionInfo& transition : kTransitions) {
        in_table |= transition.state == state.index() && transition.command == command.index() &&
                    !transition.outcome.starts_with("reject");
      }
      INFO(name_of(state) << " " << name_of(command));
      CHECK(accepts(state, command) == in_table);
      const List listed = names(accepted_commands(state));
      CHECK((std::find(listed.begin(), listed.end(), name_of(command)) != listed.end()) ==
            in_table);
    }
  }
  // Machine gives the same for an aggregate's state.
  Ticket ticket;
  ticket.state = states::Done{};
  CHECK(names(Machine::accepted_commands(ticket)) == List{"Reopen", "Close"});
  CHECK(Machine::accepts(ticket, commands::Reopen{}));
  CHECK_FALSE(Machine::accepts(ticket, commands::Open{}));
}

TEST_CASE("Machine reaches the JSON of commands, events and aggregates without std::visit",
          "[behaviour][machine]") {
  const Command command = commands::Assign{.assignee = "ada"};
  const std::string command_json = Machine::to_json(command);
  CHECK(command_json == ticket::to_json(command));
  Command command_back;
  REQUIRE(Machine::from_json(command_json, command_back).ok());
  CHECK(command_back == command);

  const Event event = events::Assigned{.assignee = "ada", .owner = "bob"};
  const std::string event_json = Machine::to_json(event);
  CHECK(event_json == ticket::to_json(event));
  Event event_back;
  REQUIRE(Machine::from_json(event_json, event_back).ok());
  CHECK(event_back == event);
  // A command's text is no event, and the error says where.
  Event not_an_event;
  CHECK_FALSE(Machine::from_json(command_json, not_an_event).ok());

  Ticket ticket;
  ticket.id = "t-1";
  ticket.version = 3;
  ticket.state = states::Done{.title = "printer"};
  Ticket ticket_back;
  REQUIRE(Machine::from_json(Machine::to_json(ticket), ticket_back).ok());
  CHECK(ticket_back == ticket);
}

TEST_CASE("Commands, events, states, data, records and aggregates print as their canonical JSON",
          "[behaviour][print]") {
  auto printed = [](const auto& value) {
    std::ostringstream out;
    out << value;
    return out.str();
  };
  // A message prints wrapped, as its variant's to_json writes it.
  const commands::Assign assign{.assignee = "ada"};
  CHECK(printed(assign) == R"({"type":"Assign","version":1,"payload":{"assignee":"ada"}})");
  CHECK(printed(assign) == ticket::to_json(Command(assign)));
  const events::Assigned assigned{.assignee = "ada", .owner = "bob"};
  CHECK(printed(assigned) == ticket::to_json(Event(assigned)));
  const states::Done done{.title = "printer"};
  CHECK(printed(done) == R"({"type":"Done","payload":{"title":"printer"}})");
  CHECK(printed(Data{.owner = "bob", .reopened = 2}) == R"({"owner":"bob","reopened":2})");
  CHECK(printed(behaviour::tickets::Tag{.name = "urgent"}) == R"({"name":"urgent"})");

  Ticket ticket;
  ticket.id = "t-1";
  ticket.version = 3;
  ticket.state = done;
  CHECK(printed(ticket) == ticket::to_json(ticket));
  // What Catch2 shows when a comparison of them fails.
  CHECK(Catch::Detail::stringify(ticket) == ticket::to_json(ticket));
  CHECK(Catch::Detail::stringify(assign) == printed(assign));
}

namespace {

// A host that implements the generated interfaces itself, as a host compiled
// in its own file may (codegen/README.md, "Host hooks"): decide and evolve
// then call it as it is, with no adapter.
class InterfaceHost final : public DecideHooks, public EvolveHooks {
 public:
  std::vector<std::string> calls;

  mealy::GuardResult is_staff(const Ticket&, const commands::Assign&) override {
    calls.emplace_back("is_staff");
    return mealy::GuardResult::refuse("not_staff");
  }
  mealy::GuardResult is_owner(const Ticket&, const commands::Assign& command) override {
    calls.emplace_back("is_owner");
    return command.assignee == "ann" ? mealy::GuardResult::allow()
                                     : mealy::GuardResult::refuse("not_the_owner");
  }
  mealy::GuardResult is_locked(const Ticket&, const commands::Assign&) override {
    calls.emplace_back("is_locked");
    return mealy::GuardResult::refuse("not_locked");
  }
  events::Resolved resolve_ticket(const Ticket& ticket, const commands::Resolve& command,
                                  const mealy::Clock&) override {
    calls.emplace_back("resolve_ticket");
    return {.note = command.note, .resolver = ticket.data.owner, .severity = 3};
  }
  void count_reopen(Ticket& ticket, const events::Reopened&) override {
    calls.emplace_back("count_reopen");
    ticket.data.reopened += 10;
  }
};

}  // namespace

TEST_CASE("A host implementing DecideHooks and EvolveHooks itself is called through them",
          "[behaviour][hooks]") {
  InterfaceHost host;
  mealy::FixedClock clock(kNow);
  Ticket ticket;
  ticket.id = "T-9";
  auto apply = [&](const Command& command) {
    mealy::Decision<Event> decision = ticket::decide(ticket, command, host, clock);
    if (decision.accepted()) {
      for (const Event& event : decision.events())
        REQUIRE(ticket::evolve(ticket, event, host).ok());
    }
    return decision;
  };
  REQUIRE(apply(commands::Open{.owner = "ann", .title = "broken", .tags = {}}).accepted());
  // Both guards refuse: the last one's reason, as with any host.
  const mealy::Decision<Event> refused = apply(commands::Assign{.assignee = "bob"});
  REQUIRE_FALSE(refused.accepted());
  CHECK(refused.rejection().kind == mealy::RejectionKind::guard);
  CHECK(refused.rejection().code == "not_the_owner");
  REQUIRE(apply(commands::Assign{.assignee = "ann"}).accepted());
  const mealy::Decision<Event> resolved = apply(commands::Resolve{.note = "fixed"});
  REQUIRE(resolved.accepted());
  REQUIRE(resolved.events().size() == 1);
  CHECK(std::get<events::Resolved>(resolved.events()[0]).severity == 3);
  REQUIRE(apply(commands::Reopen{}).accepted());
  CHECK(ticket.data.reopened == 10);
  CHECK(host.calls == std::vector<std::string>{"is_staff", "is_owner", "is_locked", "is_staff",
                                               "is_owner", "resolve_ticket", "count_reopen"});

  // The compiled decide_into takes the interface and a TraceRef directly.
  std::vector<Event> out;
  std::vector<std::size_t> taken;
  auto trace = [&](std::size_t transition) { taken.push_back(transition); };
  DecideHooks& hooks = host;
  CHECK_FALSE(ticket::decide_into(ticket, commands::Resolve{.note = "again"}, hooks, clock, out,
                                  mealy::TraceRef(trace))
                  .has_value());
  REQUIRE(out.size() == 1);
  REQUIRE(taken.size() == 1);
  CHECK(kTransitions[taken[0]].command_name == "Resolve");
  CHECK(kTransitions[taken[0]].state_name == name_of(ticket.state));
}
