// mealy::http::Server: commands, the change feed and live streams of any
// schema over HTTP/1.1 (Boost.Beast, asynchronous: one thread holds many
// long-lived stream clients).
//
//   auto store = mealy::open_store("sqlite:///var/lib/shop/events.db");
//   mealy::Repository<order::Machine, OrderHost> orders(**store, host, clock);
//   mealy::http::Server server(**store, {.port = 8080});
//   server.add(mealy::http::serve(orders));
//   if (auto started = server.start(); !started.ok()) ...
//   server.wait();                                   // until stop()
//
// Endpoints (bodies in runtime/README.md, "HTTP"):
//   POST /{aggregate}/{id}/commands   a command in its wire form plus
//                                     "command_id" and "correlation_id":
//                                     200 committed, 422 rejected, 409 conflict,
//                                     400 malformed (with the JSON path),
//                                     404 unknown aggregate or command
//   GET  /{aggregate}/{id}            the instance's state and version
//   GET  /changes?since=N&limit=M[&category=C][&type=T]
//                                     {"events","latest_sequence","has_more"}
//   GET  /stream?since=N[&category=C][&type=T]
//                                     Server-Sent Events, `id:` the position;
//                                     Last-Event-ID resumes; heartbeats
//   GET  /views/{name}?...            an app's view (view.hpp), once
//   GET  /views/{name}/live?...       the same, live (Server-Sent Events)
//   GET  /{file}                      with options.files_root: the app's
//                                     static files (a web client), public
//
// Design notes:
//  1. Network I/O runs on `io_threads` threads (Asio); anything that touches
//     the store (commands, reads, a stream's catch-up) runs on
//     `worker_threads` others, so that a slow append never stalls a stream.
//  2. One feed thread follows the store (wait_for_commit, polling every
//     `poll_interval` for other processes' commits on SQLite) and keeps the
//     last `stream_buffer_events` events, formatted once, in a ring that
//     every stream client reads from. A client behind the ring catches up
//     from the store on a worker thread, then reads the ring again.
//  3. A stream client has at most one write in flight. A write that has not
//     finished after `slow_client_timeout` drops the client: it never holds
//     memory beyond the ring, and never slows appends or other clients. It
//     resumes with Last-Event-ID when it comes back.
//  4. Everything is bounded: header and body size, request time (a slow
//     sender is cut off), page size, connections, stream clients.
//  5. Errors have one shape (endpoint.hpp, error_reply).
//  6. Views (view.hpp) answer on worker threads; a live view is a stream
//     client like /stream (same count, heartbeats and slow-client drop)
//     that the feed wakes, re-read only for events its view says may change
//     it, after the view's tables have caught up with them.
//  7. Files (files_root) are read on worker threads, public, and never from
//     outside the root, however the path is encoded or linked.
//
// Thread safety: add() only before start(); start(), stop() and wait() from
// one thread. The server must be stopped before the store and the
// repositories its endpoints use are destroyed (the destructor stops it).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "mealy/http/endpoint.hpp"
#include "mealy/http/view.hpp"
#include "mealy/result.hpp"
#include "mealy/store.hpp"

namespace mealy::http {

// What an authentication check sees of a request.
struct RequestInfo {
  std::string_view method{};        // "GET", "POST", ...
  std::string_view target{};        // "/Order/1/commands?x=y", as sent
  std::string_view bearer_token{};  // from "Authorization: Bearer <token>"; empty when none
  std::string_view remote_address{};
};

// What a request wants to do, for the access hook.
struct Access {
  enum class Kind { command, read_instance, changes, stream };
  Kind kind = Kind::command;
  std::string_view actor{};      // as authenticate() gave it (empty without a check)
  std::string_view aggregate{};  // command and read_instance: the aggregate
  std::string_view id{};         // command and read_instance: the instance id
  std::string_view command{};    // command: its type
};

struct ServerOptions {
  // Where to listen. Loopback by default; "0.0.0.0" or "::" to serve others.
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port (see Server::port())

  unsigned io_threads = 1;      // network I/O (design note 1)
  unsigned worker_threads = 4;  // store work: commands, reads, catch-up

  std::size_t max_header_bytes = 8 * 1024;   // larger: 431, connection closed
  std::size_t max_body_bytes = 1024 * 1024;  // larger: 413, connection closed
  // A request (headers and body) must arrive within this, and an idle
  // keep-alive connection is closed after it (slow senders are cut off).
  std::chrono::milliseconds request_timeout{10'000};
  std::size_t max_connections = 2'000;  // beyond: accepted and closed at once

  std::size_t default_page_events = 100;  // GET /changes without limit
  std::size_t max_page_events = 1'000;    // a larger limit is capped to this

  std::size_t max_stream_clients = 1'000;    // beyond: 503
  std::size_t stream_buffer_events = 4'096;  // the ring (design note 2)
  std::chrono::milliseconds heartbeat_interval{15'000};
  std::chrono::milliseconds slow_client_timeout{5'000};  // design note 3
  // How often the feed looks for commits it was not told of (other
  // processes on SQLite). On PostgreSQL they wake it at once anyway.
  std::chrono::milliseconds poll_interval{100};

  // CORS: the origin allowed to call (e.g. "https://app.example.com", or
  // "*"); empty: no CORS headers at all, and preflights get 405.
  std::string cors_origin{};

  // Authentication: maps a request to an actor, or nullopt to refuse it
  // (401). Unset: every request is served, with an empty actor. The actor
  // goes into the events' metadata; a body cannot set it.
  std::function<std::optional<std::string>(const RequestInfo&)> authenticate{};
  // Access: false refuses the request (403). Unset: everything is allowed.
  std::function<bool(const Access&)> authorize{};

  json::Limits limits{};  // for decoding commands (max_body_bytes bounds the size first)

  // A directory of static files (a web client's pages and scripts), served
  // to GET and HEAD at the paths no endpoint takes ("/" is index.html),
  // without authentication, with a content type by extension and never
  // outside the directory (no "..", no symbolic link out). Empty: none.
  std::string files_root{};
};

class Server {
 public:
  // `store` must outlive the server; the endpoints' repositories must use it.
  explicit Server(EventStore& store, ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Serves an aggregate at /{endpoint->name()}/...; before start() only.
  // A second endpoint of the same name replaces the first.
  void add(std::unique_ptr<AggregateEndpoint> endpoint);

  // Serves a view at /views/{view->name()} (view.hpp); before start() only.
  // A second view of the same name replaces the first.
  void add(std::unique_ptr<ViewEndpoint> view);

  // Binds, listens and starts the threads. An error when the address cannot
  // be bound (in use, not local, no permission) or the store's head cannot
  // be read.
  Status start();

  // The port listened on (the chosen one when options.port was 0).
  [[nodiscard]] std::uint16_t port() const;

  // Stops accepting, closes every connection and joins the threads.
  // Commands being handled finish first. Idempotent.
  void stop();

  // Blocks until stop() is called from another thread or a signal handler's
  // thread (see examples).
  void wait();

  // How many stream clients are connected now, and how many were dropped
  // for being slow since start (for tests and metrics).
  [[nodiscard]] std::size_t stream_clients() const;
  [[nodiscard]] std::size_t dropped_slow_clients() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace mealy::http
