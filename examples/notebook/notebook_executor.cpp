// The executor (design notes in notebook_executor.hpp).
#include "notebook_executor.hpp"

#include <stdexcept>
#include <thread>

#include "mealy/json_write.hpp"
#include "notebook_tables.hpp"

namespace eventbook::notebook {
namespace {

using mealy::Status;
using mealy::StatusCode;

constexpr std::string_view kActor = "notebook-executor";
constexpr std::string_view kTableType = "application/vnd.mealy.table+json";

// 64-bit FNV-1a, continued from `hash`.
std::uint64_t fnv1a(std::uint64_t hash, std::span<const std::uint8_t> bytes) {
  for (std::uint8_t byte : bytes)
    hash = (hash ^ byte) * 0x100000001b3ULL;
  return hash;
}

std::string table_json(const mealy::SqlRows& rows) {
  std::string out = "{\"columns\":[";
  for (std::size_t i = 0; i < rows.columns.size(); ++i) {
    if (i > 0) out += ',';
    mealy::json::write(out, rows.columns[i]);
  }
  out += "],\"rows\":[";
  for (std::size_t r = 0; r < rows.rows.size(); ++r) {
    if (r > 0) out += ',';
    out += '[';
    for (std::size_t i = 0; i < rows.rows[r].size(); ++i) {
      if (i > 0) out += ',';
      if (rows.rows[r][i]) {
        mealy::json::write(out, *rows.rows[r][i]);
      } else {
        out += "null";
      }
    }
    out += ']';
  }
  out += "],\"truncated\":";
  out += rows.truncated ? "true" : "false";
  return out + "}";
}

// The outcome of handling one step: ok when committed or duplicate or
// rejected (the machine said no: the step no longer applies); false in
// `applies` when rejected.
Status send(CellRepository& cells, std::string_view cell_id, const cell::Command& command,
            const mealy::Uuid& id, bool& applies) {
  mealy::CommandContext context;
  context.command_id = id;
  context.actor = std::string(kActor);
  auto outcome = cells.handle(std::string(cell_id), command, context);
  if (!outcome) return outcome.status();
  if (std::holds_alternative<mealy::ConcurrencyConflict>(*outcome)) {
    return {StatusCode::unavailable,
            "cell " + std::string(cell_id) + ": the executor's step kept conflicting"};
  }
  applies = !std::holds_alternative<mealy::Rejected>(*outcome);
  return {};
}

// What an SQL cell's failure is called.
std::string error_name(StatusCode code) {
  switch (code) {
    case StatusCode::deadline_exceeded:
      return "TimeLimit";
    case StatusCode::unsupported:
      return "Unsupported";
    default:
      return "SqlError";
  }
}

}  // namespace

mealy::Uuid Executor::step_id(const mealy::Uuid& execution_id, std::string_view step) {
  const auto step_bytes =
      std::span(reinterpret_cast<const std::uint8_t*>(step.data()), step.size());
  const std::uint64_t high = fnv1a(fnv1a(0xcbf29ce484222325ULL, execution_id.bytes()), step_bytes);
  const std::uint64_t low =
      fnv1a(fnv1a(high ^ 0x9e3779b97f4a7c15ULL, step_bytes), execution_id.bytes());
  std::array<std::uint8_t, 16> bytes{};
  for (int i = 0; i < 8; ++i) {
    bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(high >> (56 - 8 * i));
    bytes[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(low >> (56 - 8 * i));
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0f) | 0x80);  // version 8: custom (RFC 9562)
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3f) | 0x80);  // the RFC's variant
  return mealy::Uuid(bytes);
}

Status Executor::run(mealy::EventStore& store, CellRepository& cells,
                     const ExecutorOptions& options, std::string_view cell_id,
                     const mealy::Uuid& execution_id) {
  auto loaded = cells.load(std::string(cell_id));
  if (!loaded) return loaded.status();
  const cell::Aggregate& cell = loaded->aggregate;
  const auto* queued = std::get_if<cell::states::Queued>(&cell.state);
  const auto* running = std::get_if<cell::states::Running>(&cell.state);
  const bool ours = (queued != nullptr && queued->execution_id == execution_id) ||
                    (running != nullptr && running->execution_id == execution_id);
  if (!ours) return {};  // finished, cancelled or deleted meanwhile (design note 2)

  bool applies = true;
  if (queued != nullptr) {
    cell::commands::StartExecution start{.execution_id = execution_id, .kernel = options.kernel};
    if (Status status = send(cells, cell_id, start, step_id(execution_id, "start"), applies);
        !status.ok()) {
      return status;
    }
    if (!applies) return {};
  }

  const auto began = std::chrono::steady_clock::now();
  std::optional<std::string> table;
  ExecutionError error;
  if (cell.data.kind == CellKind::Sql) {
    mealy::SqlReadOptions read;
    read.max_rows = options.row_limit;
    read.timeout = options.time_limit;
    read.allowed_tables = NotebookTables::readable_tables();
    auto rows = store.read_sql(cell.data.source, {}, read);
    if (rows) {
      table = table_json(*rows);
    } else if (rows.status().code() == StatusCode::invalid_argument ||
               rows.status().code() == StatusCode::deadline_exceeded ||
               rows.status().code() == StatusCode::unsupported) {
      error = {.name = error_name(rows.status().code()), .message = rows.status().message()};
    } else {
      return rows.status();  // the store failed: the request is seen again
    }
  } else {
    error = {.name = "NoKernel",
             .message = "no kernel runs " + std::string(to_string(cell.data.kind)) +
                        " cells in this server; only Sql cells run"};
  }
  const auto elapsed =
      std::chrono::duration_cast<mealy::Duration>(std::chrono::steady_clock::now() - began);

  cell::Command finish;
  if (table) {
    Output output{.kind = OutputKind::ExecuteResult,
                  .mime_type = std::string(kTableType),
                  .data = mealy::Bytes(table->begin(), table->end())};
    finish = cell::commands::CompleteExecution{
        .execution_id = execution_id, .outputs = {output}, .elapsed = elapsed};
  } else {
    finish = cell::commands::FailExecution{
        .execution_id = execution_id, .error = error, .elapsed = elapsed};
  }
  return send(cells, cell_id, finish, step_id(execution_id, "finish"), applies);
}

mealy::Result<std::unique_ptr<mealy::Subscription>> Executor::start(
    mealy::EventStore& store, CellRepository& cells, ExecutorOptions options,
    mealy::SubscriptionOptions subscription) {
  mealy::Filter filter{.categories = {std::string(cell::Machine::kName)},
                       .event_types = {"ExecutionRequested"}};
  return mealy::Subscription::catch_up(
      store, std::string(kName), std::move(filter),
      [&store, &cells, options = std::move(options)](const mealy::RecordedEvent& recorded) {
        cell::Event event;
        CellHost host;
        if (Status status = cell::Machine::decode_event(
                host, recorded.type, recorded.schema_version, recorded.payload, event);
            !status.ok()) {
          throw std::runtime_error(recorded.stream + ": " + status.message());
        }
        const auto& requested = std::get<cell::events::ExecutionRequested>(event);
        const std::string_view cell_id =
            std::string_view(recorded.stream).substr(cell::Machine::kName.size() + 1);
        // A store out of reach for a while is waited out; any other error
        // stops the executor, and its next start sees the request again.
        auto delay = std::chrono::milliseconds(50);
        for (int attempt = 1;; ++attempt, delay *= 2) {
          Status status = run(store, cells, options, cell_id, requested.execution_id);
          if (status.ok()) break;
          if (status.code() != StatusCode::unavailable || attempt == 8)
            throw std::runtime_error(status.message());
          std::this_thread::sleep_for(delay);
        }
      },
      std::move(subscription));
}

}  // namespace eventbook::notebook
