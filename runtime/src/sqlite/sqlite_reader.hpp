// The read side of an SQLite store: a connection with its prepared queries.
// A store keeps a pool of them so that readers run in parallel, each in its
// own WAL snapshot, without waiting for the writer. Private to the runtime.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>

#include "mealy/store.hpp"
#include "sqlite_handle.hpp"

namespace mealy::sqlite {

class Reader {
 public:
  // Prepares the reader's queries on `connection`, which must outlive it.
  static Result<std::unique_ptr<Reader>> create(Connection& connection);

  Result<std::vector<RecordedEvent>> read_stream(std::string_view stream,
                                                 std::uint64_t from_version, std::size_t max_count);
  // EventStore::visit_stream, with views into the statement's row.
  Status visit_stream(std::string_view stream, std::uint64_t from_version, std::size_t max_count,
                      StoredEventVisitor visit, void* state);
  Result<std::uint64_t> stream_version(std::string_view stream);
  Result<Page> read_all(std::uint64_t after, const Filter& filter, std::size_t max_count);
  Result<std::uint64_t> head();
  Result<std::optional<Snapshot>> read_snapshot(std::string_view stream, std::uint64_t fingerprint);
  Result<std::optional<std::uint64_t>> read_checkpoint(std::string_view name);
  Result<std::optional<CommandRecord>> read_command(const Uuid& command_id);
  // The reader's connection, for the inventory's queries (sqlite_inventory.hpp).
  Connection& connection() { return db_; }

 private:
  explicit Reader(Connection& connection) : db_(connection) {}
  // The feed's query for a filter of this shape, prepared on first use.
  Result<Statement*> feed_query(const Filter& filter);
  Status read_rows(Statement& statement, std::size_t max_count, std::vector<RecordedEvent>& out);

  Connection& db_;
  Statement begin_, end_, read_stream_, visit_stream_, stream_version_, head_, read_snapshot_,
      read_checkpoint_, read_command_;
  // Keyed by (has stream, number of categories, number of types).
  std::map<std::tuple<bool, std::size_t, std::size_t>, Statement> feed_queries_;
};

}  // namespace mealy::sqlite
