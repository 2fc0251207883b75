// The notebook server as an object: a store, the Notebook and Cell
// aggregates served over HTTP with access rules, the tables and views, the
// executor and the web client's files, started and stopped together.
// notebook_server.cpp is its command line; the tests start it in-process.
//
// Stopping order matters: the server first (no new commands, no readers),
// then the executor (which sends commands), then the tables' projection.
#pragma once

#include <memory>
#include <string>

#include "mealy/http/server.hpp"
#include "notebook_access.hpp"
#include "notebook_executor.hpp"

namespace eventbook::notebook {

struct AppOptions {
  std::string store = "sqlite://notebook.db";  // an open_store() URL
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port
  std::string web{};          // the web client's files; empty: none served
  Users users{};
  ExecutorOptions executor{};
  mealy::SubscriptionOptions subscriptions{};  // of the tables and the executor
};

class NotebookApp {
 public:
  // Opens the store, prepares the tables, starts the projection, the
  // executor and the server.
  static mealy::Result<std::unique_ptr<NotebookApp>> start(AppOptions options);
  ~NotebookApp();
  NotebookApp(const NotebookApp&) = delete;
  NotebookApp& operator=(const NotebookApp&) = delete;

  [[nodiscard]] std::uint16_t port() const;
  // "http://127.0.0.1:PORT/"
  [[nodiscard]] std::string url() const;
  [[nodiscard]] const AppOptions& options() const;
  // The error that stopped the tables' projection or the executor; ok while
  // both run.
  [[nodiscard]] mealy::Status health() const;
  // Stops everything (the order at the top of this file); idempotent.
  void stop();

  mealy::EventStore& store();
  NotebookRepository& notebooks();
  CellRepository& cells();
  mealy::Subscription& tables();

  struct Parts;

 private:
  explicit NotebookApp(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace eventbook::notebook
