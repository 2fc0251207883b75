#include "pg_listener.hpp"

#include <poll.h>

#include <memory>

#include "pg_connection.hpp"

namespace mealy::postgres {
namespace {

// The head of the log, or nullopt when reading it failed.
std::optional<std::uint64_t> read_head(Connection& db) {
  auto rows = db.checked("SELECT position FROM log_head", Params(), "reading the head of the log");
  if (!rows || rows->rows() == 0) return std::nullopt;
  return static_cast<std::uint64_t>(rows->int64(0, 0));
}

}  // namespace

Listener::Listener(std::string conninfo, std::string where,
                   std::function<void(std::uint64_t)> on_head)
    : conninfo_(std::move(conninfo)), where_(std::move(where)), on_head_(std::move(on_head)) {
  thread_ = std::thread([this] { run(); });
}

Listener::~Listener() {
  stopping_ = true;
  thread_.join();
}

void Listener::run() {
  std::unique_ptr<Connection> db;
  const std::string listen = std::string("LISTEN ") + kCommitChannel;
  while (!stopping_) {
    if (!db) {
      auto opened = Connection::open(conninfo_, where_);
      if (!opened || !(*opened)->exec_checked(listen.c_str(), "listening").ok()) {
        for (auto waited = std::chrono::milliseconds(0); waited < kReconnectInterval && !stopping_;
             waited += kTick) {
          std::this_thread::sleep_for(kTick);
        }
        continue;
      }
      db = std::move(*opened);
      if (auto head = read_head(*db)) on_head_(*head);  // design note 2
    }
    pollfd socket{PQsocket(db->get()), POLLIN, 0};
    if (::poll(&socket, 1, static_cast<int>(kTick.count())) < 0) continue;
    if (PQconsumeInput(db->get()) == 0) {
      db.reset();
      continue;
    }
    bool woken = false;
    while (PGnotify* notify = PQnotifies(db->get())) {
      woken = true;
      PQfreemem(notify);
    }
    if (!woken) continue;
    if (auto head = read_head(*db)) {
      on_head_(*head);
    } else if (db->broken()) {
      db.reset();
    }
  }
}

}  // namespace mealy::postgres
