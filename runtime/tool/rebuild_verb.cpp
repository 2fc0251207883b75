// `mealy rebuild`: makes the state tables (mealy/state_projection.hpp) and
// named projections start again from the beginning of the log.
//
// Design notes:
//  1. Why the rows are not computed here: a state table row holds the
//     state's fields and the whole aggregate (the snapshot form), which the
//     events' `apply` hooks (and `upcast` hooks) fill in host code. From
//     the schema alone the tool knows the state names and the built-in
//     evolve, not what the hooks do, so it could not write the rows the
//     app writes; only the app's generated machine with its host can.
//  2. So rebuild resets, and the app's StateProjection refills: in one
//     transaction, anchored on the checkpoint `<table>.schema` exactly as
//     StateProjection::create_table anchors its own (so the two take
//     turns), it drops `<aggregate>_state`, forgets its fingerprint in
//     `state_tables` and deletes its checkpoint. The next start() or run()
//     of the app's StateProjection finds the table missing, creates it and
//     applies the whole log to it: the rows are those the app's code
//     writes, identical to a table built from the start (tested).
//  3. A named projection (--projection NAME) has its checkpoint set back
//     to 0, by compare-and-set from the value read, so it applies the log
//     from the start on its next run; its handler must write rows it may
//     have written before (upserts), or its tables be emptied by the app.
#include <ostream>

#include "command_line.hpp"
#include "format.hpp"
#include "mealy/schema/names.hpp"
#include "schema_set.hpp"

namespace mealy::tool {
namespace {

constexpr std::string_view kRebuildHelp =
    R"HELP(Usage: mealy rebuild URL --schema FILE... [--aggregate A]... [--projection NAME]... [--json]

Makes the current-state tables of the aggregates of the schemas (the table
<aggregate>_state that an app's mealy::StateProjection keeps, e.g.
order_state) start again from the beginning of the log: each is dropped
with its checkpoint and its recorded schema fingerprint, in one
transaction, and the app's StateProjection creates it and applies every
event again on its next start() or run(). The rows need the app's code
(its apply hooks fill the aggregate's fields), so the app writes them, not
mealy. Named projections (--projection) are set back to position 0.

URL must be an SQL store: sqlite:///path/to/events.db or postgresql://...

Options:
  --schema FILE      a schema file (repeatable; imports are followed)
  --aggregate A      only aggregate A's table (repeatable; default: every
                     aggregate of the schemas)
  --projection NAME  also set the checkpoint of projection NAME back to 0
                     (repeatable; it must exist)
  --json             one JSON object per table or projection reset: kind
                     (state_table or projection), name, previous_position
  --help             show this help

Exit status: 0 when everything asked for was reset, 1 when a schema has
errors, an aggregate or projection is unknown, or the store cannot be
written, 2 on a usage error.
)HELP";

std::string position_text(const std::optional<std::uint64_t>& position) {
  return position ? std::to_string(*position) : "none";
}

// Drops the state table `table` (design note 2); gives the checkpoint it had.
Result<std::optional<std::uint64_t>> reset_state_table(EventStore& store,
                                                       const std::string& table) {
  const std::string anchor = table + ".schema";
  auto previous = store.read_checkpoint(table);
  if (!previous) return previous.status();
  const SqlValue names[] = {std::string_view(table)};
  auto drop = [&](SqlTransaction& transaction) -> Status {
    if (Status status = transaction.execute("DROP TABLE IF EXISTS " + table); !status.ok())
      return status;
    if (Status status = transaction.execute("DELETE FROM state_tables WHERE name = $1", names);
        !status.ok()) {
      return status;
    }
    return transaction.execute("DELETE FROM checkpoints WHERE name = $1", names);
  };
  for (int attempt = 0; attempt < 8; ++attempt) {
    auto generation = store.read_checkpoint(anchor);
    if (!generation) return generation.status();
    auto done = store.project(anchor, *generation, generation->value_or(0) + 1, drop);
    if (!done) return done.status();
    if (*done) return *previous;
  }
  return Status(StatusCode::unavailable,
                store.url() + ": " + table + ": other processes kept preparing the table");
}

}  // namespace

int run_rebuild(const Args& args, Io& io) {
  VerbLine line("rebuild", kRebuildHelp);
  std::string url;
  std::vector<std::string> schema_paths, only, projections;
  bool json = false;
  line.app().add_option("URL", url)->required();
  line.app().add_option("--schema", schema_paths)->required()->allow_extra_args(false);
  line.app().add_option("--aggregate", only)->allow_extra_args(false);
  line.app().add_option("--projection", projections)->allow_extra_args(false);
  line.app().add_flag("--json", json);
  if (auto exit = line.parse(args, io)) return *exit;
  SchemaSet schemas;
  if (!schemas.load(schema_paths, io.err))
    return line.fail(io, "the schemas have errors; nothing was reset");
  std::vector<std::string> tables;
  if (only.empty()) {
    for (const auto& [name, aggregate] : schemas.aggregates())
      tables.push_back(schema::state_table_name(name));
  }
  for (const std::string& name : only) {
    if (schemas.aggregate(name) == nullptr)
      return line.fail(io, "the schemas have no aggregate " + name);
    tables.push_back(schema::state_table_name(name));
  }
  auto opened = open_for(url, false);
  if (!opened) return line.fail(io, opened.status().message());
  EventStore& store = **opened;
  // Every named projection must exist before anything is reset.
  std::vector<std::optional<std::uint64_t>> positions;
  for (const std::string& name : projections) {
    auto position = store.read_checkpoint(name);
    if (!position) return line.fail(io, position.status().message());
    if (!*position)
      return line.fail(io, "there is no projection checkpoint " + name + "; nothing was reset");
    positions.push_back(*position);
  }
  auto report = [&](std::string_view kind, const std::string& name,
                    const std::optional<std::uint64_t>& was) {
    if (json) {
      io.out << "{\"kind\":\"" << kind << "\",\"name\":" << json_string(name)
             << ",\"previous_position\":" << (was ? std::to_string(*was) : "null") << "}\n";
    } else if (kind == "state_table") {
      io.out << name << ": dropped (it had applied the log up to position " << position_text(was)
             << "); the app's StateProjection rebuilds it from the log on its next start or run\n";
    } else {
      io.out << name << ": set back to position 0 from " << position_text(was) << "\n";
    }
  };
  for (const std::string& table : tables) {
    auto was = reset_state_table(store, table);
    if (!was) return line.fail(io, was.status().message());
    report("state_table", table, *was);
  }
  for (std::size_t i = 0; i < projections.size(); ++i) {
    auto set = store.compare_and_set_checkpoint(projections[i], positions[i], 0);
    if (!set) return line.fail(io, set.status().message());
    if (!*set)
      return line.fail(io,
                       "projection " + projections[i] + " moved while being reset; run it again");
    report("projection", projections[i], positions[i]);
  }
  return kExitOk;
}

}  // namespace mealy::tool
