// The HTTP server's figures (mealy::http, runtime/http/), with the ledger
// aggregate on SQLite files, server and clients in this one process:
//
//   http_command_ratio_vs_in_process  commands/s through POST /Ledger/{id}/commands
//                                     from 8 keep-alive connections, over
//                                     Repository::handle from 8 threads in
//                                     process; same store settings, each
//                                     command with a command id (report)
//   sync_changes_since_p99_ms         p99 of GET /changes?since=<random>&limit=100
//                                     on a 1,000,000-event store (< 100)
//   sse_fanout_1000_clients_events_per_s  events delivered per second to
//                                     1,000 stream clients together (report)
//   sse_fanout_1000_clients_p99_ms    commit-to-delivery p99 over all of
//                                     those deliveries (report)
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <mutex>
#include <random>

#include "harness.hpp"
#include "latency.hpp"
#include "ledger_fixture.hpp"
#include "mealy/http/server.hpp"
#include "mealy/repository.hpp"

namespace mealy::bench {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using Repo = Repository<ledger::Machine, LedgerHost>;

// One keep-alive connection.
class Connection {
 public:
  explicit Connection(std::uint16_t port) : stream_(io_) {
    stream_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }
  int request(bhttp::verb method, const std::string& target, std::string body = {}) {
    bhttp::request<bhttp::string_body> request{method, target, 11};
    request.set(bhttp::field::host, "127.0.0.1");
    if (!body.empty()) {
      request.set(bhttp::field::content_type, "application/json");
      request.body() = std::move(body);
    }
    request.prepare_payload();
    bhttp::write(stream_, request);
    bhttp::response<bhttp::string_body> response;
    bhttp::read(stream_, buffer_, response);
    last_body = std::move(response.body());
    return static_cast<int>(response.result_int());
  }
  std::string last_body;

 private:
  net::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

std::string command_body(std::uint64_t n, const Uuid& command_id) {
  ledger::Command command = sample_post(n);
  std::string body = ledger::to_json(command);
  body.pop_back();
  body += ",\"command_id\":\"" + command_id.to_string() + "\"}";
  return body;
}

double in_process_rate(const std::string& path, int threads, int per_thread) {
  auto store = open_store("sqlite://" + path).value();
  LedgerHost host;
  SystemClock clock;
  Repo repository(*store, host, clock);
  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        const std::uint64_t n =
            static_cast<std::uint64_t>(t) * 1'000'000 + static_cast<std::uint64_t>(i);
        CommandContext context{.command_id = Uuid::v7(clock.now())};
        auto outcome = repository.handle(ledger_id(static_cast<std::uint64_t>(t * 16 + i % 16)),
                                         sample_post(n), context);
        if (!outcome || !std::holds_alternative<Committed<ledger::Machine>>(*outcome))
          fail("in-process command");
      }
    });
  }
  for (auto& worker : workers)
    worker.join();
  return threads * per_thread / seconds_since(start);
}

double http_rate(const std::string& path, int threads, int per_thread) {
  auto store = open_store("sqlite://" + path).value();
  LedgerHost host;
  SystemClock clock;
  Repo repository(*store, host, clock);
  http::Server server(*store, {});
  server.add(http::serve(repository));
  if (!server.start().ok()) fail("starting the server");
  // Bodies made before the clock starts: the client's encoding is not the server's cost.
  std::vector<std::vector<std::string>> bodies(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) {
    for (int i = 0; i < per_thread; ++i) {
      bodies[static_cast<std::size_t>(t)].push_back(
          command_body(static_cast<std::uint64_t>(t) * 1'000'000 + static_cast<std::uint64_t>(i),
                       Uuid::v7(clock.now())));
    }
  }
  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      Connection connection(server.port());
      for (int i = 0; i < per_thread; ++i) {
        const std::string target =
            "/Ledger/" + ledger_id(static_cast<std::uint64_t>(t * 16 + i % 16)).to_string() +
            "/commands";
        if (connection.request(
                bhttp::verb::post, target,
                std::move(bodies[static_cast<std::size_t>(t)][static_cast<std::size_t>(i)])) !=
            200) {
          fail("HTTP command: " + connection.last_body);
        }
      }
    });
  }
  for (auto& worker : workers)
    worker.join();
  const double rate = threads * per_thread / seconds_since(start);
  server.stop();
  return rate;
}

void write_events(EventStore& store, std::size_t count) {
  LedgerHost host;
  SystemClock clock;
  ledger::Aggregate aggregate{};
  for (std::size_t written = 0, stream = 0; written < count; ++stream) {
    const std::size_t batch = std::min<std::size_t>(1000, count - written);
    AppendRequest request{stream_name(ledger::kName, ledger_id(stream)),
                          ExpectedVersion::no_stream(),
                          {},
                          {},
                          nullptr};
    for (std::size_t i = 0; i < batch; ++i) {
      auto decision = ledger::Machine::decide(aggregate, sample_post(written + i), host, clock);
      NewEvent& added = request.events.emplace_back();
      added.id = Uuid::v7(clock.now());
      added.type = "Posted";
      ledger::Machine::write_payload(added.payload, decision.events().front());
    }
    auto appended = store.append(request);
    if (!appended || !std::holds_alternative<Appended>(*appended)) fail("writing the events");
    written += batch;
  }
}

double changes_p99_ms(const std::string& path, std::size_t events, int requests) {
  auto store = open_store("sqlite://" + path).value();
  write_events(*store, events);
  http::Server server(*store, {});
  if (!server.start().ok()) fail("starting the server");
  Connection connection(server.port());
  std::mt19937_64 random(42);
  std::vector<double> ms;
  for (int i = 0; i < requests; ++i) {
    const std::uint64_t since = random() % (events - 100);
    const auto start = Clock::now();
    if (connection.request(bhttp::verb::get,
                           "/changes?since=" + std::to_string(since) + "&limit=100") != 200) {
      fail("GET /changes: " + connection.last_body);
    }
    ms.push_back(seconds_since(start) * 1000);
    if (connection.last_body.find("\"position\":" + std::to_string(since + 100)) ==
        std::string::npos) {
      fail("GET /changes did not give 100 events");
    }
  }
  server.stop();
  std::sort(ms.begin(), ms.end());
  return ms[static_cast<std::size_t>(static_cast<double>(ms.size() - 1) * 0.99)];
}

// Stream clients on one io_context: each counts the events it got and when.
struct Fanout {
  struct Client {
    explicit Client(net::io_context& io) : socket(io) {}
    tcp::socket socket;
    std::array<char, 65536> buffer{};
    std::string partial;
    std::size_t received = 0;
  };
  net::io_context io;
  std::vector<std::unique_ptr<Client>> clients;
  std::mutex mutex;
  std::map<std::uint64_t, Clock::time_point> committed_at;  // by position
  std::vector<double> latencies_ms;
  std::atomic<std::size_t> delivered{0};
  Clock::time_point last_delivery;

  void read(Client& client) {
    client.socket.async_read_some(
        net::buffer(client.buffer),
        [this, &client](boost::system::error_code error, std::size_t n) {
          if (error) return;
          const auto now = Clock::now();
          client.partial.append(client.buffer.data(), n);
          std::size_t start = 0, end;
          while ((end = client.partial.find('\n', start)) != std::string::npos) {
            if (client.partial.compare(start, 4, "id: ") == 0) {
              const std::uint64_t position =
                  std::stoull(client.partial.substr(start + 4, end - start - 4));
              std::lock_guard lock(mutex);
              auto found = committed_at.find(position);
              if (found != committed_at.end()) {
                latencies_ms.push_back(
                    std::chrono::duration<double, std::milli>(now - found->second).count());
              }
              ++client.received;
              ++delivered;
              last_delivery = now;
            }
            start = end + 1;
          }
          client.partial.erase(0, start);
          read(client);
        });
  }
};

void sse_fanout(const std::string& path, std::size_t client_count, std::size_t events, double& rate,
                double& p99) {
  auto store = open_store("sqlite://" + path).value();
  http::ServerOptions options;
  options.max_stream_clients = client_count;
  options.max_connections = client_count + 16;
  http::Server server(*store, options);
  if (!server.start().ok()) fail("starting the server");
  Fanout fanout;
  const std::string request = "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n";
  for (std::size_t i = 0; i < client_count; ++i) {
    auto client = std::make_unique<Fanout::Client>(fanout.io);
    client->socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server.port()));
    net::write(client->socket, net::buffer(request));
    fanout.read(*client);
    fanout.clients.push_back(std::move(client));
  }
  std::thread reader([&] { fanout.io.run(); });
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (server.stream_clients() < client_count && Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (server.stream_clients() < client_count) fail("not every stream client connected");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  LedgerHost host;
  SystemClock clock;
  ledger::Aggregate aggregate{};
  const auto start = Clock::now();
  for (std::size_t i = 0; i < events; ++i) {
    AppendRequest append{
        stream_name(ledger::kName, ledger_id(i)), ExpectedVersion::no_stream(), {}, {}, nullptr};
    auto decision = ledger::Machine::decide(aggregate, sample_post(i), host, clock);
    NewEvent& added = append.events.emplace_back();
    added.id = Uuid::v7(clock.now());
    added.type = "Posted";
    ledger::Machine::write_payload(added.payload, decision.events().front());
    auto appended = store->append(append);
    const auto now = Clock::now();
    if (!appended || !std::holds_alternative<Appended>(*appended)) fail("appending");
    {
      std::lock_guard lock(fanout.mutex);
      fanout.committed_at[std::get<Appended>(*appended).first_position] = now;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // a steady stream, not one burst
  }
  const std::size_t expected = client_count * events;
  const auto wait_until = Clock::now() + std::chrono::seconds(120);
  while (fanout.delivered < expected && Clock::now() < wait_until)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (fanout.delivered < expected) {
    fail("delivered " + std::to_string(fanout.delivered.load()) + " of " +
         std::to_string(expected));
  }
  {
    std::lock_guard lock(fanout.mutex);
    rate = static_cast<double>(expected) /
           std::chrono::duration<double>(fanout.last_delivery - start).count();
    std::sort(fanout.latencies_ms.begin(), fanout.latencies_ms.end());
    p99 = fanout.latencies_ms[static_cast<std::size_t>(
        static_cast<double>(fanout.latencies_ms.size() - 1) * 0.99)];
  }
  for (auto& client : fanout.clients) {
    boost::system::error_code ignored;
    client->socket.close(ignored);
  }
  server.stop();
  fanout.io.stop();
  reader.join();
}

}  // namespace
}  // namespace mealy::bench

int main(int argc, char** argv) {
  using namespace mealy::bench;
  const Options options = Options::parse(argc, argv);
  const int per_thread = options.smoke ? 20 : 1500;
  const double in_process = in_process_rate(options.fresh_db("in_process.db"), 8, per_thread);
  const double over_http = http_rate(options.fresh_db("http.db"), 8, per_thread);
  record(options.out, {"http_command_ratio_vs_in_process", over_http, in_process, "commands/s",
                       "report", 0, "8 keep-alive connections vs Repository::handle on 8 threads"});

  const std::size_t events = options.smoke ? 2'000 : 1'000'000;
  const double p99 =
      changes_p99_ms(options.fresh_db("changes.db"), events, options.smoke ? 20 : 500);
  record(options.out, {"sync_changes_since_p99_ms", p99, {}, "ms", "<", 100});

  double rate = 0, fanout_p99 = 0;
  sse_fanout(options.fresh_db("fanout.db"), options.smoke ? 20 : 1'000, options.smoke ? 20 : 200,
             rate, fanout_p99);
  record(options.out, {"sse_fanout_1000_clients_events_per_s", rate, {}, "events/s"});
  record(options.out, {"sse_fanout_1000_clients_p99_ms", fanout_p99, {}, "ms"});
  options.cleanup();
  return 0;
}
