// What the HTTP server knows of one aggregate: an AggregateEndpoint, made
// for any generated Machine and its host by serve(repository) below.
//
// The server routes POST /{aggregate}/{id}/commands and GET /{aggregate}/{id}
// to the endpoint whose name() is {aggregate}; the endpoint decodes the id
// and the command with the generated decoders, handles the command through
// the Repository (which makes it idempotent by command id) and answers with
// JSON (see runtime/README.md, "HTTP", for every body).
//
// Thread safety: handle_command() and read_instance() run on the server's
// worker threads, many at once (Repository::handle and load allow that).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "mealy/repository.hpp"

namespace mealy::http {

// An answer: an HTTP status and its JSON body.
struct Reply {
  int status = 200;
  std::string body{};
};

// The stable shape of every error body:
//   {"error":{"status":400,"code":"malformed_command","message":"...","path":"$.payload.title"}}
// `path` only when the error is at a place in the request's JSON.
Reply error_reply(int status, std::string_view code, std::string_view message,
                  std::string_view path = {});

// A decoder's invalid_argument Status ("$.payload.title: expected string,
// got number") as a 400 malformed_command, its path apart.
Reply malformed_reply(const Status& status);

// A store error: 503 unavailable when the store may recover by itself (a
// lock held past busy_timeout, a server out of reach), 500 otherwise.
Reply store_error_reply(const Status& status);

// 422: {"outcome":"rejected","rejection":{"kind","code","state","command","field","message"}}
Reply rejected_reply(const Rejection& rejection);

// 409: {"outcome":"conflict","stream","current_version","attempts","message"}
Reply conflict_reply(const Conflict& conflict, unsigned attempts);

// Appends a committed event as the change feed shows it, but without the
// store's id, metadata and time, which a handler does not see:
// {"position","stream","version","type","schema_version","payload"}.
void write_committed_event(std::string& out, std::uint64_t position, std::string_view stream,
                           std::uint64_t version, std::string_view type,
                           std::uint32_t schema_version, std::string_view payload);

// Checks an instance id taken from a URL path (after percent-decoding):
// non-empty, at most 200 bytes, valid UTF-8, no control characters, no '/'
// or '\\', not "." or "..". Empty when fine, else what is wrong.
std::string check_path_id(std::string_view id);

// What handle_command() gets besides the body.
struct CommandRequest {
  std::string_view id{};     // the instance id as the path gives it, decoded
  std::string_view body{};   // the request body: the command's wire form + ids
  std::string_view type{};   // the command's "type", already read from the body
  CommandContext context{};  // command id, correlation id, actor (from auth)
};

class AggregateEndpoint {
 public:
  virtual ~AggregateEndpoint() = default;
  // The aggregate's name, as in the schema and in the URL: "Order".
  [[nodiscard]] virtual std::string_view name() const = 0;
  // Whether `id` (from the path, decoded, checked by check_path_id) is an
  // id of the aggregate's type (a uuid, an int64 or any text).
  [[nodiscard]] virtual bool valid_id(std::string_view id) const = 0;
  // Whether the aggregate has a command named `type`.
  [[nodiscard]] virtual bool has_command(std::string_view type) const = 0;
  // Decodes and handles a command: 200 committed, 422 rejected, 409
  // conflict, 400 a bad id or command, 500/503 a store error.
  virtual Reply handle_command(const CommandRequest& request) = 0;
  // The instance's state and version: 200 {"id","version","state","data"}
  // (the snapshot form), 404 when it has no events, 400 a bad id.
  virtual Reply read_instance(std::string_view id) = 0;
};

namespace detail {

template <typename Command, std::size_t... I>
bool has_command_named(std::string_view type, std::index_sequence<I...>) {
  return ((std::variant_alternative_t<I, Command>::kName == type) || ...);
}

}  // namespace detail

// The endpoint of `repository`'s aggregate; the repository must outlive it.
template <typename Machine, typename Host>
class RepositoryEndpoint final : public AggregateEndpoint {
 public:
  using Id = typename Machine::Id;
  using Command = typename Machine::Command;
  // Whether a request may send a command, decided from the decoded command
  // and the request's context (its actor) before the command is handled:
  // nullopt to go on, else the reply to send instead (a 403, say). For rules
  // that need the payload, which the server's authorize hook does not see.
  using Admit = std::function<std::optional<Reply>(const Id& id, const Command& command,
                                                   const CommandContext& context)>;

  explicit RepositoryEndpoint(Repository<Machine, Host>& repository, json::Limits limits = {},
                              Admit admit = {})
      : repository_(repository), limits_(limits), admit_(std::move(admit)) {}

  [[nodiscard]] std::string_view name() const override { return Machine::kName; }

  [[nodiscard]] bool valid_id(std::string_view text) const override {
    Id id{};
    return parse_id(text, id);
  }

  [[nodiscard]] bool has_command(std::string_view type) const override {
    return detail::has_command_named<Command>(
        type, std::make_index_sequence<std::variant_size_v<Command>>());
  }

  Reply handle_command(const CommandRequest& request) override {
    Id id{};
    if (Reply bad = parse(request.id, id); bad.status != 0) return bad;
    Command command{};
    if (Status status = Machine::decode_command(request.body, command, limits_); !status.ok()) {
      return malformed_reply(status);
    }
    if (admit_) {
      if (std::optional<Reply> refused = admit_(id, command, request.context))
        return std::move(*refused);
    }
    auto outcome = repository_.handle(id, command, request.context);
    if (!outcome) return store_error_reply(outcome.status());
    if (auto* rejected = std::get_if<Rejected>(&*outcome))
      return rejected_reply(rejected->rejection);
    if (auto* conflict = std::get_if<ConcurrencyConflict>(&*outcome)) {
      return conflict_reply(conflict->conflict, conflict->attempts);
    }
    return committed_reply(id, std::get<Committed<Machine>>(*outcome));
  }

  Reply read_instance(std::string_view id_text) override {
    Id id{};
    if (Reply bad = parse(id_text, id); bad.status != 0) return bad;
    auto loaded = repository_.load(id);
    if (!loaded) return store_error_reply(loaded.status());
    if (loaded->aggregate.version == 0) {
      return error_reply(
          404, "not_found",
          std::string(Machine::kName) + " " + std::string(id_text) + " has no events");
    }
    Reply reply;
    Machine::write_snapshot(reply.body, loaded->aggregate);
    return reply;
  }

 private:
  // status 0: parsed into `id`.
  static Reply parse(std::string_view text, Id& id) {
    std::string problem = check_path_id(text);
    if (problem.empty() && !parse_id(text, id)) {
      problem = "not a valid id of " + std::string(Machine::kName);
    }
    if (problem.empty()) return {0, {}};
    return error_reply(400, "invalid_id", problem);
  }

  static Reply committed_reply(const Id& id, const Committed<Machine>& committed) {
    Reply reply;
    std::string& out = reply.body;
    const std::string stream = stream_name(Machine::kName, id);
    out += "{\"outcome\":\"committed\",\"duplicate\":";
    out += committed.duplicate ? "true" : "false";
    out += ",\"version\":";
    out += std::to_string(committed.aggregate.version);
    out += ",\"events\":[";
    const std::uint64_t first_version = committed.aggregate.version + 1 - committed.events.size();
    std::string payload;
    for (std::size_t i = 0; i < committed.events.size(); ++i) {
      if (i > 0) out += ',';
      payload.clear();
      Machine::write_payload(payload, committed.events[i]);
      write_committed_event(out, committed.first_position + i, stream, first_version + i,
                            Machine::name_of(committed.events[i]),
                            Machine::version_of(committed.events[i]), payload);
    }
    out += "]}";
    return reply;
  }

  Repository<Machine, Host>& repository_;
  json::Limits limits_;
  Admit admit_;
};

// serve(repository): the endpoint to pass to Server::add().
template <typename Machine, typename Host>
std::unique_ptr<AggregateEndpoint> serve(Repository<Machine, Host>& repository,
                                         json::Limits limits = {}) {
  return std::make_unique<RepositoryEndpoint<Machine, Host>>(repository, limits);
}

}  // namespace mealy::http
