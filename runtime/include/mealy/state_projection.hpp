// The built-in current-state projection of an aggregate: a table with one
// row per instance, kept up to date from the change feed, so that any SQL
// client can ask
//
//   SELECT id FROM order_state WHERE state = 'Paid';
//
// The table is named after the aggregate, lower_snake_case plus `_state`
// (Order: order_state, PurchaseOrder: purchase_order_state, Class: class_state
// though its namespace is class_; Machine::kStateTable)
// and holds
//
//   id         TEXT PRIMARY KEY  the instance id, as in its stream name
//   state      TEXT              the state's name, as in the schema
//   version    INTEGER           the stream version the row reflects
//   state_json TEXT              the state with its fields, {"type":..,"payload":{..}}
//   aggregate  TEXT              the whole aggregate (the snapshot form), to resume from
//   position   INTEGER           the global position of the last event applied
//
// On PostgreSQL, version and position are bigint and state_json is jsonb, so
// that SQL reaches into the fields:
//
//   SELECT id FROM order_state WHERE (state_json -> 'payload' ->> 'total')::bigint > 100;
//
// (`aggregate` stays text there: it is read back exactly as written.)
//
// It is a projection (see subscription.hpp): rows and checkpoint (named
// after the table) commit together, so every event is applied exactly once
// even across crashes. It needs an SQL store (SQLite or PostgreSQL).
//
// The store's `state_tables` table records the schema fingerprint each
// state table was built with. When start() or run() finds the table missing
// (dropped by hand) or built with another fingerprint (the schema changed),
// it drops it, creates it empty and deletes its checkpoint, in one
// transaction, so that the projection rebuilds it from the log.
//
//   auto running = mealy::StateProjection<order::Machine, OrderHost>::start(*store, host);
#pragma once

#include <memory>
#include <string>

#include "mealy/repository.hpp"
#include "mealy/subscription.hpp"

namespace mealy {

template <typename Machine, typename Host>
class StateProjection {
 public:
  using Aggregate = typename Machine::Aggregate;

  // Follows the feed on a thread of its own (Subscription::projection).
  // `store` and `host` must outlive the subscription.
  static Result<std::unique_ptr<Subscription>> start(EventStore& store, Host& host,
                                                     SubscriptionOptions options = {}) {
    if (Status status = create_table(store); !status.ok()) return status;
    return Subscription::projection(store, std::string(Machine::kStateTable), filter(),
                                    handler(store, host), options);
  }

  // Brings the table up to date on the calling thread; gives the position reached.
  static Result<std::uint64_t> run(EventStore& store, Host& host, std::size_t page_size = 256) {
    if (Status status = create_table(store); !status.ok()) return status;
    return Subscription::run_projection(store, std::string(Machine::kStateTable), filter(),
                                        handler(store, host), page_size);
  }

 private:
  static Filter filter() { return {.categories = {std::string(Machine::kName)}}; }

  // Creates the table, or rebuilds it when it is missing or of another
  // fingerprint (see the top of this file). The transaction is anchored on
  // the checkpoint `<table>.schema`, which counts the preparations, so two
  // processes preparing at once take turns.
  static Status create_table(EventStore& store) {
    const std::string table(Machine::kStateTable);
    const std::string anchor = table + ".schema";
    char fingerprint[17];
    for (int i = 0; i < 16; ++i)
      fingerprint[i] = "0123456789abcdef"[(Machine::kFingerprint >> (60 - 4 * i)) & 0xf];
    fingerprint[16] = '\0';
    const SqlValue names[] = {std::string_view(table)};
    const SqlValue recorded[] = {std::string_view(table), std::string_view(fingerprint)};
    auto prepare = [&](SqlTransaction& transaction) -> Status {
      auto exists = transaction.table_exists(table);
      if (!exists) return exists.status();
      auto row =
          transaction.query_row("SELECT fingerprint FROM state_tables WHERE name = $1", names);
      if (!row) return row.status();
      if (*exists && *row && (**row)[0] == std::string_view(fingerprint)) return {};
      const bool postgresql = transaction.dialect() == SqlDialect::postgresql;
      const std::string integer = postgresql ? "BIGINT" : "INTEGER";
      for (const std::string& sql :
           {"DROP TABLE IF EXISTS " + table,
            "CREATE TABLE " + table + " (id TEXT PRIMARY KEY, state TEXT NOT NULL, version " +
                integer + " NOT NULL, state_json " + (postgresql ? "JSONB" : "TEXT") +
                " NOT NULL, aggregate TEXT NOT NULL, position " + integer + " NOT NULL)",
            "CREATE INDEX " + table + "_by_state ON " + table + " (state)"}) {
        if (Status status = transaction.execute(sql); !status.ok()) return status;
      }
      if (Status status = transaction.execute(
              "INSERT INTO state_tables (name, fingerprint) VALUES ($1, $2) "
              "ON CONFLICT (name) DO UPDATE SET fingerprint = excluded.fingerprint",
              recorded);
          !status.ok()) {
        return status;
      }
      return transaction.execute("DELETE FROM checkpoints WHERE name = $1", names);
    };
    for (int attempt = 0; attempt < 8; ++attempt) {
      auto generation = store.read_checkpoint(anchor);
      if (!generation) return generation.status();
      auto done = store.project(anchor, *generation, generation->value_or(0) + 1, prepare);
      if (!done) return done.status();
      if (*done) return {};
    }
    return {StatusCode::unavailable,
            store.url() + ": " + table + ": other processes kept preparing the table"};
  }

  static Subscription::ProjectionHandler handler(EventStore& store, Host& host) {
    return [&store, &host](const RecordedEvent& recorded, SqlTransaction& transaction) -> Status {
      const std::string table(Machine::kStateTable);
      const std::string_view id_text =
          std::string_view(recorded.stream)
              .substr(std::min(recorded.stream.size(), Machine::kName.size() + 1));
      Aggregate aggregate{};
      const SqlValue key[] = {id_text};
      auto row = transaction.query_row("SELECT aggregate FROM " + table + " WHERE id = $1", key);
      if (!row) return row.status();
      if (*row && (**row)[0]) {
        if (Status status = Machine::read_snapshot(*(**row)[0], aggregate); !status.ok()) {
          return {StatusCode::corruption, store.url() + ": " + table + " row " +
                                              std::string(id_text) + ": " + status.message()};
        }
      } else if (!parse_id(id_text, aggregate.id)) {
        return {StatusCode::corruption, store.url() + ": stream " + recorded.stream +
                                            " has no valid " + std::string(Machine::kName) + " id"};
      }
      if (Status status = apply_recorded<Machine>(host, aggregate, recorded, store.url());
          !status.ok()) {
        return status;
      }
      std::string state_json;
      Machine::write_state(state_json, aggregate);
      std::string snapshot;
      Machine::write_snapshot(snapshot, aggregate);
      const SqlValue values[] = {id_text,
                                 Machine::state_name(aggregate),
                                 static_cast<std::int64_t>(aggregate.version),
                                 std::string_view(state_json),
                                 std::string_view(snapshot),
                                 static_cast<std::int64_t>(recorded.position)};
      return transaction.execute(
          "INSERT INTO " + table +
              " (id, state, version, state_json, aggregate, position) VALUES ($1, $2, $3, $4, $5, "
              "$6) "
              "ON CONFLICT (id) DO UPDATE SET state = excluded.state, version = excluded.version, "
              "state_json = excluded.state_json, aggregate = excluded.aggregate, position = "
              "excluded.position",
          values);
    };
  }
};

}  // namespace mealy
