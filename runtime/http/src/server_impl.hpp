// Server::Impl: the parts of the server and what its sessions share.
// Private: it names Boost.Asio, which no public header does.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "feed.hpp"
#include "mealy/http/server.hpp"

namespace mealy::http {

namespace net = boost::asio;
namespace beast_http = boost::beast::http;
using tcp = net::ip::tcp;
using HttpRequest = beast_http::request<beast_http::string_body>;

class StreamSession;

// A live view client about to start (view_session.cpp): what it asks, and
// the first answer, read while routing.
struct LiveView {
  ViewEndpoint* view = nullptr;
  std::string actor{};
  std::map<std::string, std::string, std::less<>> params{};
  std::uint64_t since = 0;  // the cursor the client has
  ViewAnswer first{};       // 200 or 204

  [[nodiscard]] ViewRequest request(std::uint64_t since_cursor) const {
    return ViewRequest{actor, &params, since_cursor};
  }
};

// What routing decided: an answer to write, or a stream to start.
struct Routed {
  Reply reply{};
  bool stream = false;  // start a stream session from `cursor` with `filter`
  std::uint64_t cursor = 0;
  StreamFilter filter{};
  bool unauthorized = false;                                   // add WWW-Authenticate
  std::string content_type = "application/json";               // when there is a body (or `head`)
  std::vector<std::pair<std::string, std::string>> headers{};  // more response headers
  bool head = false;  // HEAD of a file: no body, Content-Length `head_length`
  std::size_t head_length = 0;
  std::shared_ptr<LiveView> live_view{};  // start a live view session
};

// A Routed holding just `reply`.
Routed answer(Reply reply);

class Server::Impl {
 public:
  Impl(EventStore& store, ServerOptions options);

  // Routes a request (on a worker thread): everything but writing.
  Routed route(const HttpRequest& request, std::string_view remote_address);

  // Adds the CORS headers when configured.
  template <typename Fields>
  void add_cors(Fields& fields) const {
    if (options.cors_origin.empty()) return;
    fields.set("Access-Control-Allow-Origin", options.cors_origin);
    fields.set("Vary", "Origin");
  }

  // Stream clients register to be woken by the feed (feed.hpp, note 3).
  void register_stream(const std::shared_ptr<StreamSession>& session);
  void wake_streams();

  EventStore& store;
  const ServerOptions options;
  std::map<std::string, std::unique_ptr<AggregateEndpoint>, std::less<>> endpoints;
  std::map<std::string, std::unique_ptr<ViewEndpoint>, std::less<>> views;
  std::filesystem::path files_root;  // options.files_root made canonical by start(); empty: none

  // Declared before the io_context: sessions, destroyed with it, count down.
  std::atomic<std::size_t> connections{0};
  std::atomic<std::size_t> stream_count{0};
  std::atomic<std::size_t> dropped{0};
  std::atomic<bool> stopping{false};

  std::mutex streams_mutex;
  std::vector<std::weak_ptr<StreamSession>> streams;

  std::mutex state_mutex;
  std::condition_variable stopped_signal;
  bool running = false;
  bool finished = false;  // stop() has joined every thread

  Feed feed;
  net::io_context io;
  std::optional<tcp::acceptor> acceptor;
  std::unique_ptr<net::thread_pool> workers;
  std::vector<std::thread> io_threads;
  std::uint16_t bound_port = 0;

 private:
  Routed route_command(const HttpRequest& request, const std::vector<std::string>& segments,
                       const std::string& actor);
  Routed route_changes(const struct Target& target);
  Routed route_stream(const HttpRequest& request, const struct Target& target,
                      const std::string& actor);
  // view_route.cpp: GET /views/{name}[/live]
  Routed route_view(const HttpRequest& request, const struct Target& target,
                    const std::string& actor);
  // files.cpp: whether the path is a static file's, and serving it
  [[nodiscard]] bool is_file_path(const HttpRequest& request, const struct Target& target) const;
  Routed route_file(const HttpRequest& request, const struct Target& target) const;
};

// Starts the session of an accepted connection.
void start_http_session(Server::Impl& server, tcp::socket socket);

// Takes over a connection whose request asked for /stream.
void start_stream_session(Server::Impl& server, boost::beast::tcp_stream stream,
                          HttpRequest request, std::uint64_t cursor, StreamFilter filter);

// Takes over a connection whose request asked for /views/{name}/live.
void start_view_session(Server::Impl& server, boost::beast::tcp_stream stream, HttpRequest request,
                        std::shared_ptr<LiveView> live);

}  // namespace mealy::http
