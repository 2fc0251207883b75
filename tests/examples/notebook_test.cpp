// The Cell machine of examples/notebook/notebook.yaml: a cell's source, its
// place among the others and its execution lifecycle, through the generated
// decide() and evolve() with the example's host (notebook_host.hpp).
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "mealy/testing.hpp"
#include "notebook_host.hpp"

namespace {

using namespace std::chrono_literals;
using eventbook::notebook::CellHost;
using eventbook::notebook::CellKind;
using eventbook::notebook::ExecutionError;
using eventbook::notebook::Output;
using eventbook::notebook::OutputKind;
using eventbook::notebook::position_between;
using eventbook::notebook::RunSummary;
namespace cell = eventbook::notebook::cell;
using mealy::RejectionKind;

const mealy::Timestamp kStart =
    mealy::Timestamp(std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)) + 14h;
const mealy::Uuid kNotebook = mealy::Uuid::parse("0195a3c0-0000-7000-8000-0000000000b0").value();
const mealy::Uuid kRun1 = mealy::Uuid::parse("0195a3c0-0000-7000-8000-000000000e01").value();
const mealy::Uuid kRun2 = mealy::Uuid::parse("0195a3c0-0000-7000-8000-000000000e02").value();

Output text_output(std::string text) {
  return {.kind = OutputKind::Stream,
          .mime_type = "text/plain",
          .data = mealy::Bytes(text.begin(), text.end())};
}

// One cell, its log and what decide() needs.
struct CellFixture {
  mealy::FixedClock clock{kStart};
  CellHost host;
  eventbook::notebook::Cell cell;
  std::vector<cell::Event> log;

  explicit CellFixture(std::string id = "cell-1") { cell.id = std::move(id); }

  // Decides; applies and logs the events when accepted. Advances the clock a second.
  mealy::Decision<cell::Event> handle(const cell::Command& command) {
    mealy::Decision<cell::Event> decision =
        cell::decide(cell, command, host, clock, mealy::testing::recorder<cell::Machine>());
    if (decision.accepted()) {
      for (const cell::Event& event : decision.events()) {
        const mealy::Status status = cell::evolve(cell, event, host);
        INFO(status.message());
        REQUIRE(status.ok());
        log.push_back(event);
      }
    }
    clock.set(clock.now() + 1s);
    return decision;
  }
  std::vector<cell::Event> accept(const cell::Command& command) {
    mealy::Decision<cell::Event> decision = handle(command);
    INFO((decision.accepted() ? std::string() : decision.rejection().message));
    REQUIRE(decision.accepted());
    return decision.events();
  }
  mealy::Rejection reject(const cell::Command& command) {
    const std::uint64_t version = cell.version;
    mealy::Decision<cell::Event> decision = handle(command);
    REQUIRE_FALSE(decision.accepted());
    REQUIRE(cell.version == version);
    return decision.rejection();
  }

  void create(std::string position = "i", std::string source = "print(6 * 7)") {
    accept(cell::commands::Create{
        .notebook_id = kNotebook, .position = std::move(position), .source = std::move(source)});
  }
  void running(const mealy::Uuid& execution_id = kRun1) {
    accept(cell::commands::RequestExecution{.execution_id = execution_id, .requested_by = "ada"});
    accept(cell::commands::StartExecution{.execution_id = execution_id, .kernel = "python 3.11"});
  }
};

template <typename State>
bool cell_in_state(const eventbook::notebook::Cell& cell) {
  return std::holds_alternative<State>(cell.state);
}

}  // namespace

TEST_CASE("A cell is created, edited, then run to completion with outputs", "[notebook]") {
  CellFixture f;
  auto events = f.accept(
      cell::commands::Create{.notebook_id = kNotebook, .kind = CellKind::Code, .position = "i"});
  REQUIRE(events.size() == 1);
  CHECK(std::get<cell::events::CellCreated>(events[0]) ==
        cell::events::CellCreated{.notebook_id = kNotebook,
                                  .kind = CellKind::Code,
                                  .position = "i",
                                  .source = "",
                                  .created_at = kStart});
  REQUIRE(cell_in_state<cell::states::Idle>(f.cell));
  CHECK(f.cell.data.notebook_id == kNotebook);
  CHECK(f.cell.data.position == "i");

  f.accept(cell::commands::ChangeSource{.source = "print(6 * 7)"});
  CHECK(f.cell.data.source == "print(6 * 7)");
  CHECK(cell_in_state<cell::states::Idle>(f.cell));

  events = f.accept(cell::commands::RequestExecution{.execution_id = kRun1, .requested_by = "ada"});
  const mealy::Timestamp requested_at = kStart + 2s;
  CHECK(std::get<cell::events::ExecutionRequested>(events.at(0)).requested_at == requested_at);
  REQUIRE(cell_in_state<cell::states::Queued>(f.cell));
  CHECK(std::get<cell::states::Queued>(f.cell.state) ==
        cell::states::Queued{
            .execution_id = kRun1, .requested_by = "ada", .requested_at = requested_at});

  events = f.accept(cell::commands::StartExecution{.execution_id = kRun1, .kernel = "python 3.11"});
  CHECK(std::get<cell::events::ExecutionStarted>(events.at(0)).started_at == kStart + 3s);
  REQUIRE(cell_in_state<cell::states::Running>(f.cell));
  CHECK(std::get<cell::states::Running>(f.cell.state) ==
        cell::states::Running{
            .execution_id = kRun1, .kernel = "python 3.11", .started_at = kStart + 3s});
  CHECK(f.cell.data.execution_count == 1);  // count_execution
  CHECK_FALSE(f.cell.data.last_run.has_value());

  const std::vector<Output> outputs = {text_output("42\n"),
                                       {.kind = OutputKind::ExecuteResult,
                                        .mime_type = "image/png",
                                        .data = {0x89, 'P', 'N', 'G'},
                                        .metadata = {{"width", "640"}, {"height", "480"}}}};
  events = f.accept(cell::commands::CompleteExecution{
      .execution_id = kRun1, .outputs = outputs, .elapsed = 1500ms});
  const auto& completed = std::get<cell::events::ExecutionCompleted>(events.at(0));
  CHECK(completed.outputs == outputs);
  CHECK(completed.elapsed == 1500ms);
  CHECK(completed.completed_at == kStart + 4s);
  REQUIRE(cell_in_state<cell::states::Idle>(f.cell));
  CHECK(f.cell.data.last_run == RunSummary{.execution_id = kRun1,
                                           .succeeded = true,
                                           .finished_at = kStart + 4s,
                                           .elapsed = 1500ms});
  CHECK(f.cell.version == 5);
  CHECK(
      cell::to_json(events.at(0)) ==
      R"({"type":"ExecutionCompleted","version":1,"payload":{"execution_id":"0195a3c0-0000-7000-8000-000000000e01",)"
      R"("outputs":[{"kind":"Stream","mime_type":"text/plain","data":"NDIK","metadata":{}},)"
      R"({"kind":"ExecuteResult","mime_type":"image/png","data":"iVBORw==","metadata":{"height":"480","width":"640"}}],)"
      R"("elapsed":"1500000","completed_at":"2026-11-23T14:00:04.000000Z"}})");
}

TEST_CASE("A failed execution records the error and a failed run", "[notebook]") {
  CellFixture f;
  f.create("i", "1 / 0");
  f.running();
  const ExecutionError error{.name = "ZeroDivisionError",
                             .message = "division by zero",
                             .traceback = {"<cell 1> line 1", "in <module>"}};
  const auto events = f.accept(cell::commands::FailExecution{.execution_id = kRun1,
                                                             .error = error,
                                                             .outputs = {text_output("dividing\n")},
                                                             .elapsed = 20ms});
  const auto& failed = std::get<cell::events::ExecutionFailed>(events.at(0));
  CHECK(failed.error == error);
  CHECK(failed.outputs.size() == 1);
  CHECK(failed.failed_at == kStart + 3s);
  REQUIRE(cell_in_state<cell::states::Idle>(f.cell));
  CHECK(f.cell.data.last_run == RunSummary{.execution_id = kRun1,
                                           .succeeded = false,
                                           .finished_at = kStart + 3s,
                                           .elapsed = 20ms});

  // The cell runs again: the count goes on, the last run is replaced.
  f.accept(cell::commands::ChangeSource{.source = "1 / 1"});
  f.running(kRun2);
  CHECK(f.cell.data.execution_count == 2);
  f.accept(cell::commands::CompleteExecution{.execution_id = kRun2, .outputs = {}, .elapsed = 5ms});
  REQUIRE(f.cell.data.last_run.has_value());
  CHECK(f.cell.data.last_run->execution_id == kRun2);
  CHECK(f.cell.data.last_run->succeeded);
}

TEST_CASE("One execution at a time", "[notebook]") {
  CellFixture f;
  f.create();

  SECTION("a second request while queued") {
    f.accept(cell::commands::RequestExecution{.execution_id = kRun1, .requested_by = "ada"});
    const auto rejection =
        f.reject(cell::commands::RequestExecution{.execution_id = kRun2, .requested_by = "bob"});
    CHECK(rejection.kind == RejectionKind::explicit_reject);
    CHECK(rejection.code == "already_queued");
    CHECK(rejection.state == "Queued");
  }

  SECTION("a second request while running") {
    f.running();
    const auto rejection =
        f.reject(cell::commands::RequestExecution{.execution_id = kRun2, .requested_by = "bob"});
    CHECK(rejection.kind == RejectionKind::explicit_reject);
    CHECK(rejection.code == "already_running");
    CHECK(rejection.state == "Running");
    CHECK(rejection.command == "RequestExecution");
    CHECK(rejection.message ==
          "command 'RequestExecution' is rejected in state 'Running': already_running");
  }

  SECTION("a kernel may start only the requested execution") {
    f.accept(cell::commands::RequestExecution{.execution_id = kRun1, .requested_by = "ada"});
    const auto rejection =
        f.reject(cell::commands::StartExecution{.execution_id = kRun2, .kernel = "python 3.11"});
    CHECK(rejection.kind == RejectionKind::guard);
    CHECK(rejection.code == "not_the_requested_execution");  // the guard's own reason
    CHECK(cell_in_state<cell::states::Queued>(f.cell));
  }

  SECTION("results of a cancelled execution are stale") {
    f.running(kRun1);
    const auto events = f.accept(cell::commands::CancelExecution{.cancelled_by = "ada"});
    // The execution id comes from the Running state's field.
    CHECK(std::get<cell::events::ExecutionCancelled>(events.at(0)) ==
          cell::events::ExecutionCancelled{.execution_id = kRun1, .cancelled_by = "ada"});
    CHECK(cell_in_state<cell::states::Idle>(f.cell));
    CHECK_FALSE(f.cell.data.last_run.has_value());  // cancelled runs are not recorded

    f.running(kRun2);
    for (const cell::Command& late :
         {cell::Command(cell::commands::CompleteExecution{.execution_id = kRun1, .elapsed = 1s}),
          cell::Command(cell::commands::FailExecution{.execution_id = kRun1, .elapsed = 1s})}) {
      const auto rejection = f.reject(late);
      CHECK(rejection.kind == RejectionKind::explicit_reject);
      CHECK(rejection.code == "stale_execution");
    }
    CHECK(std::get<cell::states::Running>(f.cell.state).execution_id == kRun2);
  }

  SECTION("a blank cell has nothing to run") {
    f.accept(cell::commands::ChangeSource{.source = "  \n\t"});
    const auto rejection =
        f.reject(cell::commands::RequestExecution{.execution_id = kRun1, .requested_by = "ada"});
    CHECK(rejection.kind == RejectionKind::explicit_reject);
    CHECK(rejection.code == "nothing_to_run");
  }

  SECTION("a cancelled request goes back to Idle") {
    f.accept(cell::commands::RequestExecution{.execution_id = kRun1, .requested_by = "ada"});
    const auto events = f.accept(cell::commands::CancelExecution{.cancelled_by = "bob"});
    CHECK(std::get<cell::events::ExecutionCancelled>(events.at(0)).execution_id ==
          kRun1);  // from the Queued state
    CHECK(cell_in_state<cell::states::Idle>(f.cell));
    CHECK(f.cell.data.execution_count == 0);
  }
}

TEST_CASE("Editing never interrupts an execution", "[notebook]") {
  CellFixture f;
  f.create();
  f.running();
  f.accept(cell::commands::ChangeSource{.source = "print(42)"});
  f.accept(cell::commands::Move{.position = "k"});
  REQUIRE(cell_in_state<cell::states::Running>(f.cell));
  CHECK(std::get<cell::states::Running>(f.cell.state).execution_id == kRun1);
  CHECK(f.cell.data.source == "print(42)");
  CHECK(f.cell.data.position == "k");
}

TEST_CASE("Editing a queued cell keeps it queued", "[notebook]") {
  CellFixture f;
  f.create();
  f.accept(cell::commands::RequestExecution{.execution_id = kRun1, .requested_by = "ada"});
  f.accept(cell::commands::ChangeSource{.source = "print(43)"});
  f.accept(cell::commands::Move{.position = "j"});
  REQUIRE(cell_in_state<cell::states::Queued>(f.cell));
  CHECK(std::get<cell::states::Queued>(f.cell.state).execution_id == kRun1);
  CHECK(f.cell.data.source == "print(43)");
  CHECK(f.cell.data.position == "j");
}

TEST_CASE("A cell is created once", "[notebook]") {
  CellFixture f;
  f.create();
  const mealy::Rejection rejection =
      f.reject(cell::commands::Create{.notebook_id = kNotebook, .position = "z"});
  CHECK(rejection.kind == mealy::RejectionKind::explicit_reject);
  CHECK(rejection.code == "already_exists");
  CHECK(f.cell.data.position == "i");
}

TEST_CASE("Deleting a cell", "[notebook]") {
  SECTION("an idle cell is deleted; nothing is accepted afterwards") {
    CellFixture f;
    f.create();
    const auto events = f.accept(cell::commands::DeleteCell{});
    CHECK(std::get<cell::events::CellDeleted>(events.at(0)).deleted_at == kStart + 1s);
    REQUIRE(cell_in_state<cell::states::Deleted>(f.cell));
    CHECK(std::get<cell::states::Deleted>(f.cell.state).deleted_at == kStart + 1s);

    const auto rejection = f.reject(cell::commands::ChangeSource{.source = "x"});
    CHECK(rejection.kind == RejectionKind::invalid_transition);
    CHECK(rejection.code == "invalid_transition");
    CHECK(rejection.message ==
          "command 'ChangeSource' is not accepted in state 'Deleted'; it accepts no command");
  }

  SECTION("a queued cell is deleted too") {
    CellFixture f;
    f.create();
    f.accept(cell::commands::RequestExecution{.execution_id = kRun1, .requested_by = "ada"});
    f.accept(cell::commands::DeleteCell{});
    CHECK(cell_in_state<cell::states::Deleted>(f.cell));
  }

  SECTION("a running cell must be cancelled first") {
    CellFixture f;
    f.create();
    f.running();
    const auto rejection = f.reject(cell::commands::DeleteCell{});
    CHECK(rejection.kind == RejectionKind::explicit_reject);
    CHECK(rejection.code == "cell_running");
    f.accept(cell::commands::CancelExecution{.cancelled_by = "ada"});
    f.accept(cell::commands::DeleteCell{});
    CHECK(cell_in_state<cell::states::Deleted>(f.cell));
  }

  SECTION("a cell that does not exist yet") {
    CellFixture f;
    for (const cell::Command& command :
         {cell::Command(cell::commands::DeleteCell{}),
          cell::Command(cell::commands::Move{.position = "i"}),
          cell::Command(cell::commands::ChangeSource{.source = "x"})}) {
      const auto rejection = f.reject(command);
      CHECK(rejection.kind == RejectionKind::explicit_reject);
      CHECK(rejection.code == "no_such_cell");
      CHECK(rejection.state == "Uncreated");
    }
    const auto rejection =
        f.reject(cell::commands::RequestExecution{.execution_id = kRun1, .requested_by = "ada"});
    CHECK(rejection.kind == RejectionKind::invalid_transition);
    CHECK(rejection.message ==
          "command 'RequestExecution' is not accepted in state 'Uncreated'; it accepts Create");
  }
}

TEST_CASE("Fractional positions order the cells without moving the others", "[notebook]") {
  CHECK(position_between("", "") == "i");
  CHECK(position_between("i", "") == "r");
  CHECK(position_between("", "i") == "9");
  CHECK(position_between("a", "b") == "ai");
  CHECK(position_between("a", "ai") == "a9");
  CHECK(position_between("az", "b") == "azi");
  CHECK(position_between("", "1") == "0i");

  // Every result sorts strictly between its bounds, however often a gap is split.
  std::string low = "a";
  std::string high = "b";
  for (int i = 0; i < 200; ++i) {
    const std::string middle = position_between(low, high);
    REQUIRE(low < middle);
    REQUIRE(middle < high);
    REQUIRE(middle.back() != '0');
    (i % 2 == 0 ? low : high) = middle;
  }

  // Three cells, then the third moves between the first two.
  std::vector<CellFixture> cells;
  cells.reserve(3);
  std::string last;
  for (const char* id : {"cell-a", "cell-b", "cell-c"}) {
    CellFixture& f = cells.emplace_back(id);
    last = position_between(last, "");
    f.create(last);
  }
  const std::string moved =
      position_between(cells[0].cell.data.position, cells[1].cell.data.position);
  const auto events = cells[2].accept(cell::commands::Move{.position = moved});
  CHECK(std::get<cell::events::CellMoved>(events.at(0)).position == moved);
  CHECK(cells[2].cell.data.position == moved);

  std::vector<const eventbook::notebook::Cell*> order;
  for (const CellFixture& f : cells)
    order.push_back(&f.cell);
  std::sort(order.begin(), order.end(),
            [](const auto* a, const auto* b) { return a->data.position < b->data.position; });
  CHECK(order[0]->id == "cell-a");
  CHECK(order[1]->id == "cell-c");
  CHECK(order[2]->id == "cell-b");
  CHECK(cells[0].cell.version == 1);  // the others did not change
  CHECK(cells[1].cell.version == 1);
}

TEST_CASE("Constraint rejections name the field", "[notebook]") {
  CellFixture f;
  f.create();
  f.running();

  auto rejection = f.reject(cell::commands::Move{.position = ""});
  CHECK(rejection.kind == RejectionKind::constraint);
  CHECK(rejection.field == "position");
  CHECK(rejection.code == "min_length");
  CHECK(rejection.state == "Running");

  rejection = f.reject(cell::commands::Move{.position = std::string(129, 'a')});
  CHECK(rejection.field == "position");
  CHECK(rejection.code == "max_length");

  Output bad = text_output("x");
  bad.mime_type = "tx";
  rejection = f.reject(cell::commands::CompleteExecution{
      .execution_id = kRun1, .outputs = {text_output("ok"), bad}, .elapsed = 1s});
  CHECK(rejection.kind == RejectionKind::constraint);
  CHECK(rejection.field == "outputs[1].mime_type");
  CHECK(rejection.code == "min_length");

  rejection = f.reject(
      cell::commands::CompleteExecution{.execution_id = kRun1,
                                        .outputs = std::vector<Output>(1001, text_output("x")),
                                        .elapsed = 1s});
  CHECK(rejection.field == "outputs");
  CHECK(rejection.code == "max_length");

  // Lengths count code points, not bytes: 128 two-byte characters fit.
  std::string accented;
  for (int i = 0; i < 128; ++i)
    accented += "\xc3\xa9";
  f.accept(cell::commands::Move{.position = accented});
}

TEST_CASE("Replaying a cell's log reproduces the live cell", "[notebook]") {
  CellFixture f;
  f.create("i", "import time");
  f.accept(cell::commands::ChangeSource{.source = "time.sleep(1)"});
  f.running(kRun1);
  f.accept(cell::commands::Move{.position = "r"});
  f.accept(cell::commands::FailExecution{
      .execution_id = kRun1, .error = {.name = "KeyboardInterrupt", .message = ""}, .elapsed = 1s});
  f.running(kRun2);
  f.accept(cell::commands::CancelExecution{.cancelled_by = "ada"});
  f.accept(cell::commands::RequestExecution{.execution_id = kRun1, .requested_by = "bob"});
  f.accept(cell::commands::StartExecution{.execution_id = kRun1, .kernel = "python 3.12"});
  f.accept(cell::commands::CompleteExecution{
      .execution_id = kRun1, .outputs = {text_output("done")}, .elapsed = 1s});
  f.accept(cell::commands::DeleteCell{});
  CHECK(f.cell.data.execution_count == 3);
  CHECK(f.cell.version == f.log.size());

  eventbook::notebook::Cell fresh;
  fresh.id = f.cell.id;
  REQUIRE(cell::replay(fresh, f.log, f.host).ok());
  CHECK(fresh == f.cell);

  // Replaying from a point in the middle onwards, after the first part.
  eventbook::notebook::Cell halves;
  halves.id = f.cell.id;
  const auto middle = f.log.begin() + 5;
  REQUIRE(cell::replay(halves, std::vector<cell::Event>(f.log.begin(), middle), f.host).ok());
  REQUIRE(cell::replay(halves, std::vector<cell::Event>(middle, f.log.end()), f.host).ok());
  CHECK(halves == f.cell);
}

TEST_CASE("The Notebook aggregate: title, archive and restore", "[notebook]") {
  namespace nb = eventbook::notebook::notebook;
  mealy::FixedClock clock{kStart};
  eventbook::notebook::NotebookHost host;
  eventbook::notebook::Notebook notebook{.id = kNotebook};

  auto apply = [&](const nb::Command& command) {
    mealy::Decision<nb::Event> decision =
        nb::decide(notebook, command, host, clock, mealy::testing::recorder<nb::Machine>());
    if (decision.accepted()) {
      for (const nb::Event& event : decision.events())
        REQUIRE(nb::evolve(notebook, event, host).ok());
    }
    return decision;
  };
  REQUIRE(apply(nb::commands::Create{.title = "Q4 revenue", .owner = "ada"}).accepted());
  CHECK(notebook.data.title == "Q4 revenue");
  CHECK(apply(nb::commands::Create{.title = "again", .owner = "ada"}).rejection().code ==
        "already_exists");
  REQUIRE(apply(nb::commands::Archive{}).accepted());
  CHECK(std::get<nb::states::Archived>(notebook.state).archived_at == kStart);
  CHECK(apply(nb::commands::Retitle{.title = "Q4"}).rejection().code == "notebook_archived");
  CHECK(apply(nb::commands::Retitle{.title = ""}).rejection().kind == RejectionKind::constraint);
  REQUIRE(apply(nb::commands::Restore{}).accepted());
  REQUIRE(apply(nb::commands::Retitle{.title = "Q4"}).accepted());
  CHECK(notebook.data.title == "Q4");
  CHECK(std::holds_alternative<nb::states::Active>(notebook.state));
}

TEST_CASE("A notebook is shared with members, each once, and unshared", "[notebook]") {
  namespace nb = eventbook::notebook::notebook;
  mealy::FixedClock clock{kStart};
  eventbook::notebook::NotebookHost host;
  eventbook::notebook::Notebook notebook{.id = kNotebook};
  auto apply = [&](const nb::Command& command) {
    mealy::Decision<nb::Event> decision =
        nb::decide(notebook, command, host, clock, mealy::testing::recorder<nb::Machine>());
    if (decision.accepted()) {
      for (const nb::Event& event : decision.events())
        REQUIRE(nb::evolve(notebook, event, host).ok());
    }
    return decision;
  };
  REQUIRE(apply(nb::commands::Create{.title = "Shared", .owner = "ada"}).accepted());
  CHECK(notebook.data.members.empty());
  REQUIRE(apply(nb::commands::Share{.user = "bob"}).accepted());
  REQUIRE(apply(nb::commands::Share{.user = "cy"}).accepted());
  CHECK(notebook.data.members == std::vector<std::string>{"bob", "cy"});
  CHECK(apply(nb::commands::Share{.user = "bob"}).rejection().code == "already_shared");
  CHECK(apply(nb::commands::Share{.user = ""}).rejection().kind == RejectionKind::constraint);
  REQUIRE(apply(nb::commands::Unshare{.user = "bob"}).accepted());
  CHECK(notebook.data.members == std::vector<std::string>{"cy"});
  CHECK(apply(nb::commands::Unshare{.user = "bob"}).rejection().code == "not_shared");
  // An archived notebook takes no new members.
  REQUIRE(apply(nb::commands::Archive{}).accepted());
  CHECK_FALSE(apply(nb::commands::Share{.user = "dee"}).accepted());
  CHECK(notebook.data.members == std::vector<std::string>{"cy"});
}
