// The notebook server as an object (notebook_app.hpp).
#include "notebook_app.hpp"

#include "notebook_tables.hpp"
#include "notebook_views.hpp"

namespace eventbook::notebook {

struct NotebookApp::Parts {
  explicit Parts(AppOptions app_options) : options(std::move(app_options)) {}

  AppOptions options;
  std::unique_ptr<mealy::EventStore> store;
  mealy::SystemClock clock;
  NotebookHost notebook_host;
  CellHost cell_host;
  std::unique_ptr<NotebookRepository> notebooks;
  std::unique_ptr<CellRepository> cells;
  std::unique_ptr<NotebookAccess> access;
  std::unique_ptr<mealy::Subscription> tables;
  std::unique_ptr<mealy::Subscription> executor;
  std::unique_ptr<ViewContext> views;
  std::unique_ptr<mealy::http::Server> server;
};

mealy::Result<std::unique_ptr<NotebookApp>> NotebookApp::start(AppOptions options) {
  auto parts = std::make_unique<Parts>(std::move(options));
  Parts& p = *parts;
  auto store = mealy::open_store(p.options.store);
  if (!store) return store.status();
  p.store = std::move(*store);
  if (mealy::Status status = NotebookTables::prepare(*p.store); !status.ok()) return status;
  p.notebooks = std::make_unique<NotebookRepository>(*p.store, p.notebook_host, p.clock);
  p.cells = std::make_unique<CellRepository>(*p.store, p.cell_host, p.clock);
  p.access = std::make_unique<NotebookAccess>(*p.notebooks, *p.cells);

  auto tables =
      NotebookTables::start(*p.store, p.notebook_host, p.cell_host, p.options.subscriptions);
  if (!tables) return tables.status();
  p.tables = std::move(*tables);
  auto executor = Executor::start(*p.store, *p.cells, p.options.executor, p.options.subscriptions);
  if (!executor) return executor.status();
  p.executor = std::move(*executor);

  mealy::http::ServerOptions server;
  server.address = p.options.address;
  server.port = p.options.port;
  server.files_root = p.options.web;
  server.authenticate = [&users = p.options.users](const mealy::http::RequestInfo& request) {
    return users.user_of(request.bearer_token);
  };
  server.authorize = [&access = *p.access](const mealy::http::Access& request) {
    return access.authorize(request);
  };
  p.server = std::make_unique<mealy::http::Server>(*p.store, server);
  p.server->add(guarded_endpoint(*p.notebooks, *p.access));
  p.server->add(guarded_endpoint(*p.cells, *p.access));
  p.views = std::make_unique<ViewContext>(ViewContext{*p.store, *p.tables, *p.access});
  for (auto& view : make_views(*p.views))
    p.server->add(std::move(view));
  if (mealy::Status status = p.server->start(); !status.ok()) return status;
  return std::unique_ptr<NotebookApp>(new NotebookApp(std::move(parts)));
}

NotebookApp::NotebookApp(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

NotebookApp::~NotebookApp() {
  stop();
}

void NotebookApp::stop() {
  if (parts_->server) parts_->server->stop();
  if (parts_->executor) parts_->executor->stop();
  if (parts_->tables) parts_->tables->stop();
}

std::uint16_t NotebookApp::port() const {
  return parts_->server->port();
}

std::string NotebookApp::url() const {
  const std::string& address = parts_->options.address;
  const std::string host = address == "0.0.0.0" || address == "::" ? "127.0.0.1" : address;
  return "http://" + host + ":" + std::to_string(port()) + "/";
}

const AppOptions& NotebookApp::options() const {
  return parts_->options;
}

mealy::Status NotebookApp::health() const {
  if (mealy::Status status = parts_->tables->status(); !status.ok()) {
    return {status.code(), "the tables' projection stopped: " + status.message()};
  }
  if (mealy::Status status = parts_->executor->status(); !status.ok()) {
    return {status.code(), "the executor stopped: " + status.message()};
  }
  return {};
}

mealy::EventStore& NotebookApp::store() {
  return *parts_->store;
}
NotebookRepository& NotebookApp::notebooks() {
  return *parts_->notebooks;
}
CellRepository& NotebookApp::cells() {
  return *parts_->cells;
}
mealy::Subscription& NotebookApp::tables() {
  return *parts_->tables;
}

}  // namespace eventbook::notebook
