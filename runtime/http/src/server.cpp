// Server: the listener, the threads, and routing (server.hpp's design notes).
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "feed_json.hpp"
#include "request_parts.hpp"
#include "server_impl.hpp"
#include "stream_session.hpp"

namespace mealy::http {

Server::Impl::Impl(EventStore& store_, ServerOptions options_)
    : store(store_),
      options(std::move(options_)),
      feed(store_, options.stream_buffer_events, options.poll_interval,
           [this] { wake_streams(); }) {}

void Server::Impl::register_stream(const std::shared_ptr<StreamSession>& session) {
  std::lock_guard lock(streams_mutex);
  std::erase_if(streams, [](const std::weak_ptr<StreamSession>& s) { return s.expired(); });
  streams.push_back(session);
}

void Server::Impl::wake_streams() {
  std::vector<std::shared_ptr<StreamSession>> live;
  {
    std::lock_guard lock(streams_mutex);
    live.reserve(streams.size());
    for (const auto& weak : streams) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  for (auto& session : live)
    session->wake();
}

namespace {

std::string_view bearer_token(const HttpRequest& request) {
  auto found = request.find(beast_http::field::authorization);
  if (found == request.end()) return {};
  std::string_view value(found->value().data(), found->value().size());
  constexpr std::string_view kScheme = "Bearer ";
  if (value.size() <= kScheme.size()) return {};
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) !=
        std::tolower(static_cast<unsigned char>(kScheme[i]))) {
      return {};
    }
  }
  return value.substr(kScheme.size());
}

}  // namespace

Routed answer(Reply reply) {
  Routed routed;
  routed.reply = std::move(reply);
  return routed;
}

Routed Server::Impl::route(const HttpRequest& request, std::string_view remote_address) {
  const std::string_view target_text(request.target().data(), request.target().size());
  std::optional<Target> target = parse_target(target_text);
  if (!target)
    return answer(error_reply(400, "bad_target", "the request target is not a valid path"));

  if (request.method() == beast_http::verb::options) {
    if (options.cors_origin.empty()) {
      return answer(error_reply(405, "method_not_allowed", "CORS is not enabled on this server"));
    }
    return answer(Reply{204, {}});
  }

  // Static files are public: no authentication.
  if (is_file_path(request, *target)) return route_file(request, *target);

  std::string actor;
  if (options.authenticate) {
    const std::string_view method(request.method_string().data(), request.method_string().size());
    std::optional<std::string> found = options.authenticate(
        RequestInfo{method, target_text, bearer_token(request), remote_address});
    if (!found) {
      Routed refused = answer(error_reply(401, "unauthorized", "a valid bearer token is required"));
      refused.unauthorized = true;
      return refused;
    }
    actor = std::move(*found);
  }

  const std::vector<std::string>& segments = target->segments;
  const bool get = request.method() == beast_http::verb::get;
  const bool post = request.method() == beast_http::verb::post;
  auto not_allowed = [](std::string_view allowed) {
    return answer(
        error_reply(405, "method_not_allowed", "this resource allows " + std::string(allowed)));
  };
  if (segments.size() == 1 && segments[0] == "changes") {
    if (!get) return not_allowed("GET");
    if (options.authorize && !options.authorize(Access{Access::Kind::changes, actor, {}, {}, {}})) {
      return answer(error_reply(403, "forbidden", "not allowed to read the change feed"));
    }
    return route_changes(*target);
  }
  if (segments.size() == 1 && segments[0] == "stream") {
    if (!get) return not_allowed("GET");
    return route_stream(request, *target, actor);
  }
  if (!segments.empty() && segments[0] == "views") {
    if (!get) return not_allowed("GET");
    return route_view(request, *target, actor);
  }
  if (segments.size() == 2 || (segments.size() == 3 && segments[2] == "commands")) {
    auto endpoint = endpoints.find(segments[0]);
    if (endpoint == endpoints.end()) {
      return answer(
          error_reply(404, "unknown_aggregate",
                      "no aggregate named '" + segments[0].substr(0, 64) + "' is served here"));
    }
    std::string problem = check_path_id(segments[1]);
    if (problem.empty() && !endpoint->second->valid_id(segments[1])) {
      problem = "not a valid id of " + segments[0];
    }
    if (!problem.empty()) return answer(error_reply(400, "invalid_id", problem));
    if (segments.size() == 3) {
      if (!post) return not_allowed("POST");
      return route_command(request, segments, actor);
    }
    if (!get) return not_allowed("GET");
    if (options.authorize &&
        !options.authorize(
            Access{Access::Kind::read_instance, actor, segments[0], segments[1], {}})) {
      return answer(error_reply(403, "forbidden", "not allowed to read this instance"));
    }
    return answer(endpoint->second->read_instance(segments[1]));
  }
  return answer(error_reply(404, "not_found", "no resource at this path"));
}

Routed Server::Impl::route_command(const HttpRequest& request,
                                   const std::vector<std::string>& segments,
                                   const std::string& actor) {
  auto content_type = request.find(beast_http::field::content_type);
  if (content_type != request.end()) {
    const std::string_view value(content_type->value().data(), content_type->value().size());
    if (value.substr(0, 16) != "application/json") {
      return answer(error_reply(415, "unsupported_media_type", "commands are application/json"));
    }
  }
  AggregateEndpoint& endpoint = *endpoints.find(segments[0])->second;
  Envelope envelope;
  if (auto bad = read_envelope(request.body(), options.limits, envelope))
    return answer(std::move(*bad));
  if (!endpoint.has_command(envelope.type)) {
    return answer(error_reply(404, "unknown_command",
                              std::string(endpoint.name()) + " has no command named '" +
                                  envelope.type.substr(0, 64) + "'",
                              "$.type"));
  }
  if (options.authorize && !options.authorize(Access{Access::Kind::command, actor, segments[0],
                                                     segments[1], envelope.type})) {
    return answer(error_reply(403, "forbidden",
                              "not allowed to send " + envelope.type + " to this instance"));
  }
  CommandRequest command{segments[1], request.body(), envelope.type, {}};
  command.context.command_id = envelope.command_id;
  command.context.correlation_id = envelope.correlation_id;
  command.context.actor = actor;
  try {
    return answer(endpoint.handle_command(command));
  } catch (const std::exception& error) {
    // Host code threw: the repository left everything as it was.
    return answer(
        error_reply(500, "host_error", std::string("the host code threw: ") + error.what()));
  }
}

Routed Server::Impl::route_changes(const Target& target) {
  if (auto bad = unknown_parameter(target, {"since", "limit", "category", "type"}))
    return answer(std::move(*bad));
  std::uint64_t since = 0, limit = 0;
  if (auto bad = query_number(target, "since", 0, since)) return answer(std::move(*bad));
  if (auto bad = query_number(target, "limit", options.default_page_events, limit))
    return answer(std::move(*bad));
  if (limit == 0)
    return answer(
        error_reply(400, "invalid_parameter", "query parameter 'limit' must be at least 1"));
  limit = std::min<std::uint64_t>(limit, options.max_page_events);
  Filter filter{query_list(target, "category"), query_list(target, "type"), {}};
  // One more than asked: has_more is then exact, never an empty last page.
  auto page = store.read_all(since, filter, static_cast<std::size_t>(limit) + 1);
  if (!page) return answer(store_error_reply(page.status()));
  if (page->events.size() > limit) {
    page->events.resize(static_cast<std::size_t>(limit));
    page->next_position = page->events.back().position;
    page->at_end = false;
  }
  Reply reply;
  std::string& out = reply.body;
  out.reserve(256 + page->events.size() * 512);
  out += "{\"events\":[";
  for (std::size_t i = 0; i < page->events.size(); ++i) {
    if (i > 0) out += ',';
    write_recorded_event(out, page->events[i]);
  }
  out += "],\"latest_sequence\":";
  out += std::to_string(std::max(page->next_position, since));
  out += ",\"has_more\":";
  out += page->at_end ? "false" : "true";
  out += '}';
  return answer(std::move(reply));
}

Routed Server::Impl::route_stream(const HttpRequest& request, const Target& target,
                                  const std::string& actor) {
  if (auto bad = unknown_parameter(target, {"since", "category", "type"}))
    return answer(std::move(*bad));
  std::uint64_t since = 0;
  if (auto bad = query_number(target, "since", 0, since)) return answer(std::move(*bad));
  // A browser's EventSource reconnects to the same URL with Last-Event-ID:
  // it is newer than the URL's `since`.
  auto last_event_id = request.find("Last-Event-ID");
  if (last_event_id != request.end()) {
    Target header;
    header.query.emplace_back("Last-Event-ID", std::string(last_event_id->value()));
    if (auto bad = query_number(header, "Last-Event-ID", 0, since)) return answer(std::move(*bad));
  }
  if (options.authorize && !options.authorize(Access{Access::Kind::stream, actor, {}, {}, {}})) {
    return answer(error_reply(403, "forbidden", "not allowed to follow the stream"));
  }
  Routed routed;
  routed.stream = true;
  routed.cursor = since;
  routed.filter = StreamFilter{query_list(target, "category"), query_list(target, "type")};
  return routed;
}

// --- Server ---------------------------------------------------------------

Server::Server(EventStore& store, ServerOptions options)
    : impl_(std::make_unique<Impl>(store, std::move(options))) {}

Server::~Server() {
  stop();
}

void Server::add(std::unique_ptr<AggregateEndpoint> endpoint) {
  const std::string name(endpoint->name());
  impl_->endpoints[name] = std::move(endpoint);
}

void Server::add(std::unique_ptr<ViewEndpoint> view) {
  const std::string name(view->name());
  impl_->views[name] = std::move(view);
}

namespace {

void accept_next(Server::Impl& server) {
  server.acceptor->async_accept(
      net::make_strand(server.io), [&server](boost::system::error_code error, tcp::socket socket) {
        if (error == net::error::operation_aborted || server.stopping) return;
        if (!error) {
          if (server.connections.load() >= server.options.max_connections) {
            boost::system::error_code ignored;
            socket.close(ignored);
          } else {
            start_http_session(server, std::move(socket));
          }
        }
        accept_next(server);
      });
}

}  // namespace

Status Server::start() {
  Impl& impl = *impl_;
  if (!impl.options.files_root.empty()) {
    std::error_code failed;
    impl.files_root = std::filesystem::canonical(impl.options.files_root, failed);
    if (failed || !std::filesystem::is_directory(impl.files_root, failed)) {
      impl.files_root.clear();
      return Status::invalid_argument("files_root '" + impl.options.files_root +
                                      "' is not a directory");
    }
  }
  boost::system::error_code error;
  const auto address = net::ip::make_address(impl.options.address, error);
  if (error)
    return Status::invalid_argument("cannot listen on '" + impl.options.address +
                                    "': not an IP address");
  const tcp::endpoint where(address, impl.options.port);
  auto describe = [&](std::string_view what) {
    return Status(StatusCode::io_error, "cannot listen on " + impl.options.address + ":" +
                                            std::to_string(impl.options.port) + ": " +
                                            std::string(what) + ": " + error.message());
  };
  impl.acceptor.emplace(impl.io);
  impl.acceptor->open(where.protocol(), error);
  if (error) return describe("open");
  impl.acceptor->set_option(net::socket_base::reuse_address(true), error);
  if (error) return describe("reuse_address");
  impl.acceptor->bind(where, error);
  if (error) return describe("bind");
  impl.acceptor->listen(net::socket_base::max_listen_connections, error);
  if (error) return describe("listen");
  impl.bound_port = impl.acceptor->local_endpoint().port();
  if (Status status = impl.feed.start(); !status.ok()) return status;
  impl.workers = std::make_unique<net::thread_pool>(std::max(1u, impl.options.worker_threads));
  {
    std::lock_guard lock(impl.state_mutex);
    impl.running = true;
  }
  accept_next(impl);
  for (unsigned i = 0; i < std::max(1u, impl.options.io_threads); ++i) {
    impl.io_threads.emplace_back([&impl] {
      auto guard = net::make_work_guard(impl.io);
      impl.io.run();
    });
  }
  return {};
}

std::uint16_t Server::port() const {
  return impl_->bound_port;
}

void Server::stop() {
  Impl& impl = *impl_;
  {
    std::lock_guard lock(impl.state_mutex);
    if (!impl.running) return;
    impl.running = false;
  }
  impl.stopping = true;
  net::post(impl.io, [&impl] {
    boost::system::error_code ignored;
    impl.acceptor->close(ignored);
  });
  impl.feed.stop();
  impl.workers->join();  // commands being handled finish
  impl.io.stop();
  for (std::thread& thread : impl.io_threads)
    thread.join();
  impl.io_threads.clear();
  {
    std::lock_guard lock(impl.state_mutex);
    impl.finished = true;
  }
  impl.stopped_signal.notify_all();
}

void Server::wait() {
  Impl& impl = *impl_;
  std::unique_lock lock(impl.state_mutex);
  impl.stopped_signal.wait(lock, [&] { return impl.finished; });
}

std::size_t Server::stream_clients() const {
  return impl_->stream_count.load();
}
std::size_t Server::dropped_slow_clients() const {
  return impl_->dropped.load();
}

}  // namespace mealy::http
