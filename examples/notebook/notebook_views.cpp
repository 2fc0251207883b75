// The notebook server's views (notebook_views.hpp).
#include "notebook_views.hpp"

#include <optional>
#include <span>
#include <string>

#include "mealy/json_write.hpp"
#include "notebook_tables.hpp"

namespace eventbook::notebook {
namespace {

using mealy::SqlRows;
using mealy::SqlValue;
using mealy::http::error_reply;
using mealy::http::ViewAnswer;
using mealy::http::ViewRequest;

using Value = std::optional<std::string>;

// How a column is written into an answer.
enum class As { text, number, boolean, json };

void put(std::string& out, std::string_view name, const Value& value, As as) {
  if (out.back() != '{') out += ',';
  mealy::json::write(out, name);
  out += ':';
  if (!value) {
    out += "null";
  } else if (as == As::text) {
    mealy::json::write(out, *value);
  } else if (as == As::boolean) {
    out += *value == "0" ? "false" : "true";
  } else {
    out += *value;  // numbers and JSON as the tables keep them
  }
}

// The columns of a row, written under the given names.
struct Column {
  std::string_view name;
  As as;
};

void put_row(std::string& out, std::span<const Value> row, std::span<const Column> columns) {
  out += '{';
  for (std::size_t i = 0; i < columns.size(); ++i)
    put(out, columns[i].name, row[i], columns[i].as);
  out += '}';
}

std::uint64_t as_position(const Value& value) {
  return value ? std::stoull(*value) : 0;
}

ViewAnswer store_failure(const mealy::Status& status) {
  return {mealy::http::store_error_reply(status), 0};
}

ViewAnswer answer(std::string body, std::uint64_t cursor) {
  return {mealy::http::Reply{200, std::move(body)}, cursor};
}

// The verdict as an error answer; nullopt when allowed.
std::optional<ViewAnswer> refused(const mealy::Result<Verdict>& verdict, std::string_view what) {
  if (!verdict) return store_failure(verdict.status());
  if (*verdict == Verdict::allowed) return std::nullopt;
  if (*verdict == Verdict::missing)
    return ViewAnswer{error_reply(404, "not_found", std::string(what) + " has no events"), 0};
  return ViewAnswer{error_reply(403, "forbidden", std::string(what) + " is not shared with you"),
                    0};
}

std::optional<ViewAnswer> missing_parameter(const ViewRequest& request, std::string_view name) {
  if (!request.param(name).empty()) return std::nullopt;
  return ViewAnswer{error_reply(400, "invalid_parameter",
                                "the view needs the parameter '" + std::string(name) + "'"),
                    0};
}

// The notebook id in parameter `name`: nullopt and an error answer when bad.
std::optional<mealy::Uuid> notebook_id(const ViewRequest& request, std::string_view name,
                                       ViewAnswer& error) {
  if (auto missing = missing_parameter(request, name)) {
    error = std::move(*missing);
    return std::nullopt;
  }
  auto id = mealy::Uuid::parse(request.param(name));
  if (!id)
    error = {
        error_reply(400, "invalid_parameter", "'" + std::string(name) + "' is not a notebook id"),
        0};
  return id;
}

bool stream_is(std::string_view stream, std::string_view category, std::string_view id) {
  return stream.size() == category.size() + 1 + id.size() && stream.starts_with(category) &&
         stream[category.size()] == '-' && stream.ends_with(id);
}

// What the views share: the context, and waiting on the tables.
class NotebookView : public mealy::http::ViewEndpoint {
 public:
  explicit NotebookView(ViewContext& context) : context_(context) {}
  bool wait_until(std::uint64_t position, std::chrono::milliseconds timeout) override {
    return context_.tables.wait_until(position, timeout);
  }

 protected:
  mealy::Result<SqlRows> read(std::string_view sql, std::span<const SqlValue> params) {
    mealy::SqlReadOptions options;
    options.max_rows = 1'000'000;
    return context_.store.read_sql(sql, params, options);
  }
  ViewContext& context_;
};

constexpr std::string_view kExecutionColumnsSql =
    "e.id, e.cell, e.status, e.requested_by, e.kernel, e.outputs, e.error, e.requested_at, "
    "e.started_at, "
    "e.finished_at, e.elapsed_ms";
constexpr Column kExecutionColumns[] = {
    {"id", As::text},           {"cell", As::text},         {"status", As::text},
    {"requested_by", As::text}, {"kernel", As::text},       {"outputs", As::json},
    {"error", As::json},        {"requested_at", As::text}, {"started_at", As::text},
    {"finished_at", As::text},  {"elapsed_ms", As::number},
};
constexpr std::size_t kExecutionColumnCount = std::size(kExecutionColumns);

void put_execution(std::string& out, std::span<const Value> row) {
  if (!row[0]) {
    out += "null";
    return;
  }
  put_row(out, row, kExecutionColumns);
}

// notebooks: every notebook the caller may open, by title.
class NotebooksView final : public NotebookView {
 public:
  using NotebookView::NotebookView;
  [[nodiscard]] std::string_view name() const override { return "notebooks"; }
  [[nodiscard]] bool affected_by(const ViewRequest&, std::string_view stream,
                                 std::string_view type) const override {
    return mealy::category_of(stream) == notebook::Machine::kName || type == "CellCreated" ||
           type == "CellDeleted";
  }
  ViewAnswer read(const ViewRequest& request) override {
    const std::uint64_t cursor = context_.tables.position();
    auto rows = NotebookView::read(
        "SELECT n.id, n.title, n.owner, n.members, n.archived, "
        "(SELECT count(*) FROM cells c WHERE c.notebook = n.id AND c.deleted = 0), n.changed_by, "
        "n.changed_at, "
        "n.version FROM notebooks n ORDER BY n.title, n.id",
        {});
    if (!rows) return store_failure(rows.status());
    static constexpr Column columns[] = {
        {"id", As::text},         {"title", As::text},       {"owner", As::text},
        {"members", As::json},    {"archived", As::boolean}, {"cells", As::number},
        {"changed_by", As::text}, {"changed_at", As::text},  {"version", As::number}};
    std::string quoted;
    mealy::json::write(quoted, request.actor);
    std::string out = "{\"cursor\":" + std::to_string(cursor) + ",\"notebooks\":[";
    bool first = true;
    for (const auto& row : rows->rows) {
      const bool mine =
          row[2] == request.actor || (row[3] && row[3]->find(quoted) != std::string::npos);
      if (!mine) continue;
      if (!first) out += ',';
      first = false;
      put_row(out, row, columns);
    }
    out += "]}";
    return answer(std::move(out), cursor);
  }
};

// notebook?id=N: one notebook's metadata.
class NotebookMetadataView final : public NotebookView {
 public:
  using NotebookView::NotebookView;
  [[nodiscard]] std::string_view name() const override { return "notebook"; }
  [[nodiscard]] bool affected_by(const ViewRequest& request, std::string_view stream,
                                 std::string_view) const override {
    return stream_is(stream, notebook::Machine::kName, request.param("id"));
  }
  ViewAnswer read(const ViewRequest& request) override {
    ViewAnswer error;
    auto id = notebook_id(request, "id", error);
    if (!id) return error;
    if (auto refusal =
            refused(context_.access.notebook(*id, request.actor), "notebook " + id->to_string())) {
      return std::move(*refusal);
    }
    const std::uint64_t cursor = context_.tables.position();
    const std::string id_text = id->to_string();
    const SqlValue params[] = {std::string_view(id_text)};
    auto rows = NotebookView::read(
        "SELECT id, title, owner, members, archived, version, changed_by, changed_at FROM "
        "notebooks WHERE id = $1",
        params);
    if (!rows) return store_failure(rows.status());
    std::string out = "{\"cursor\":" + std::to_string(cursor) + ",\"notebook\":";
    if (rows->rows.empty()) {
      out += "null";  // created a moment ago: the tables have not caught up
    } else {
      static constexpr Column columns[] = {{"id", As::text},          {"title", As::text},
                                           {"owner", As::text},       {"members", As::json},
                                           {"archived", As::boolean}, {"version", As::number},
                                           {"changed_by", As::text},  {"changed_at", As::text}};
      put_row(out, rows->rows[0], columns);
    }
    out += '}';
    return answer(std::move(out), cursor);
  }
};

// cells?notebook=N[&since=C]: the cells in fractional order, or the delta.
class CellsView final : public NotebookView {
 public:
  using NotebookView::NotebookView;
  [[nodiscard]] std::string_view name() const override { return "cells"; }
  [[nodiscard]] bool affected_by(const ViewRequest&, std::string_view stream,
                                 std::string_view) const override {
    // Which notebook a cell's later events belong to is in the tables, not
    // the event: any cell event may be this notebook's.
    return mealy::category_of(stream) == cell::Machine::kName;
  }
  ViewAnswer read(const ViewRequest& request) override {
    ViewAnswer error;
    auto id = notebook_id(request, "notebook", error);
    if (!id) return error;
    if (auto refusal =
            refused(context_.access.notebook(*id, request.actor), "notebook " + id->to_string())) {
      return std::move(*refusal);
    }
    const std::string id_text = id->to_string();
    const auto since = static_cast<std::int64_t>(request.since);
    const SqlValue params[] = {std::string_view(id_text), since};
    auto rows = NotebookView::read(
        "SELECT c.id, c.notebook, c.kind, c.source, c.position_index, c.state, c.execution_count, "
        "c.version, "
        "c.deleted, c.changed_by, c.changed_at, c.position, " +
            std::string(kExecutionColumnsSql) +
            " FROM cells c LEFT JOIN executions e ON e.id = (SELECT x.id FROM executions x WHERE "
            "x.cell = c.id "
            "ORDER BY x.position DESC LIMIT 1) WHERE c.notebook = $1 AND c.position > $2 "
            "ORDER BY c.position_index, c.id",
        params);
    if (!rows) return store_failure(rows.status());
    static constexpr Column columns[] = {{"id", As::text},
                                         {"notebook", As::text},
                                         {"kind", As::text},
                                         {"position", As::text},
                                         {"source", As::text},
                                         {"state", As::text},
                                         {"execution_count", As::number},
                                         {"version", As::number},
                                         {"deleted", As::boolean},
                                         {"changed_by", As::text},
                                         {"changed_at", As::text}};
    constexpr std::size_t kPosition = 11;
    std::uint64_t cursor = request.since;
    std::string out = "{\"cursor\":";
    const std::size_t cursor_at = out.size();
    out += ",\"cells\":[";
    bool first = true;
    for (const auto& row : rows->rows) {
      cursor = std::max(cursor, as_position(row[kPosition]));
      if (request.since == 0 && row[8] != "0") continue;  // a whole answer has no tombstones
      if (!first) out += ',';
      first = false;
      // The columns in the answer's order: position is position_index.
      const Value ordered[] = {row[0], row[1], row[2], row[4], row[3], row[5],
                               row[6], row[7], row[8], row[9], row[10]};
      put_row(out, ordered, columns);
      out.pop_back();
      out += ",\"execution\":";
      put_execution(out, std::span<const Value>(row).subspan(12, kExecutionColumnCount));
      out += '}';
    }
    out += "]}";
    if (request.since > 0 && rows->rows.empty())
      return {mealy::http::Reply{204, {}}, request.since};
    out.insert(cursor_at, std::to_string(cursor));
    return answer(std::move(out), cursor);
  }
};

// cell?id=C: one cell's source and state.
class CellView final : public NotebookView {
 public:
  using NotebookView::NotebookView;
  [[nodiscard]] std::string_view name() const override { return "cell"; }
  [[nodiscard]] bool affected_by(const ViewRequest& request, std::string_view stream,
                                 std::string_view) const override {
    return stream_is(stream, cell::Machine::kName, request.param("id"));
  }
  ViewAnswer read(const ViewRequest& request) override {
    if (auto missing = missing_parameter(request, "id")) return std::move(*missing);
    const std::string_view id = request.param("id");
    if (auto refusal =
            refused(context_.access.cell(id, request.actor), "cell " + std::string(id))) {
      return std::move(*refusal);
    }
    const std::uint64_t cursor = context_.tables.position();
    const SqlValue params[] = {id};
    auto rows = NotebookView::read(
        "SELECT id, notebook, source, state, version FROM cells WHERE id = $1", params);
    if (!rows) return store_failure(rows.status());
    std::string out = "{\"cursor\":" + std::to_string(cursor) + ",\"cell\":";
    if (rows->rows.empty()) {
      out += "null";
    } else {
      static constexpr Column columns[] = {{"id", As::text},
                                           {"notebook", As::text},
                                           {"source", As::text},
                                           {"state", As::text},
                                           {"version", As::number}};
      put_row(out, rows->rows[0], columns);
    }
    out += '}';
    return answer(std::move(out), cursor);
  }
};

// execution?cell=C: the cell's latest execution.
class ExecutionView final : public NotebookView {
 public:
  using NotebookView::NotebookView;
  [[nodiscard]] std::string_view name() const override { return "execution"; }
  [[nodiscard]] bool affected_by(const ViewRequest& request, std::string_view stream,
                                 std::string_view type) const override {
    return type.starts_with("Execution") &&
           stream_is(stream, cell::Machine::kName, request.param("cell"));
  }
  ViewAnswer read(const ViewRequest& request) override {
    if (auto missing = missing_parameter(request, "cell")) return std::move(*missing);
    const std::string_view id = request.param("cell");
    if (auto refusal =
            refused(context_.access.cell(id, request.actor), "cell " + std::string(id))) {
      return std::move(*refusal);
    }
    const std::uint64_t cursor = context_.tables.position();
    const SqlValue params[] = {id};
    auto rows = NotebookView::read(
        "SELECT " + std::string(kExecutionColumnsSql) +
            " FROM executions e WHERE e.cell = $1 ORDER BY e.position DESC LIMIT 1",
        params);
    if (!rows) return store_failure(rows.status());
    std::string out = "{\"cursor\":" + std::to_string(cursor) + ",\"execution\":";
    if (rows->rows.empty()) {
      out += "null";
    } else {
      put_execution(out, rows->rows[0]);
    }
    out += '}';
    return answer(std::move(out), cursor);
  }
};

}  // namespace

// me: who the caller is. A browser has only its token (from the address the
// server printed), and names its user in Notebook Create and RequestExecution.
class MeView final : public mealy::http::ViewEndpoint {
 public:
  [[nodiscard]] std::string_view name() const override { return "me"; }
  [[nodiscard]] bool affected_by(const ViewRequest&, std::string_view,
                                 std::string_view) const override {
    return false;
  }
  bool wait_until(std::uint64_t, std::chrono::milliseconds) override { return true; }
  ViewAnswer read(const ViewRequest& request) override {
    std::string out = "{\"cursor\":0,\"user\":";
    mealy::json::write(out, request.actor);
    out += '}';
    return answer(std::move(out), 0);
  }
};

std::vector<std::unique_ptr<mealy::http::ViewEndpoint>> make_views(ViewContext& context) {
  std::vector<std::unique_ptr<mealy::http::ViewEndpoint>> views;
  views.push_back(std::make_unique<MeView>());
  views.push_back(std::make_unique<NotebooksView>(context));
  views.push_back(std::make_unique<NotebookMetadataView>(context));
  views.push_back(std::make_unique<CellsView>(context));
  views.push_back(std::make_unique<CellView>(context));
  views.push_back(std::make_unique<ExecutionView>(context));
  return views;
}

}  // namespace eventbook::notebook
