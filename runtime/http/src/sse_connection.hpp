// What every Server-Sent Events response of the server shares (GET /stream
// and GET /views/{name}/live): the count against max_stream_clients, the
// header, one write in flight with the slow-client deadline, heartbeats,
// noticing a client that went away, and closing. A subclass decides what
// to send: it is told when the header is out (on_open) and after each of
// its writes (on_written), and sends with send().
//
// Design notes:
//  1. Everything runs on the connection's strand; the subclass's hooks too.
//  2. At most one write is in flight (writing()). A write must finish
//     within slow_client_timeout, or the client is dropped (design note 3 of
//     server.hpp): its memory is bounded by one batch, and nothing waits
//     for it.
//  3. A read from the client that ends (it closed, or sent anything after
//     its request) closes the connection, so that gone clients do not
//     linger until the next heartbeat.
//  4. A heartbeat (": heartbeat") goes out every heartbeat_interval when no
//     write is in flight and the subclass is not busy(); it ends with
//     on_written() like any write.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stream_session.hpp"

namespace mealy::http {

class SseConnection : public StreamSession {
 public:
  SseConnection(Server::Impl& server, boost::beast::tcp_stream stream, HttpRequest request);
  ~SseConnection() override;

  // Counts the client (503 too_many_streams beyond the limit), writes the
  // header, registers for wake(), then calls on_open().
  void start();

  // The subclass's next step, on the strand (design note 1).
  void wake() override;

 protected:
  using Frames = std::shared_ptr<std::vector<Feed::Frame>>;
  static Frames single(std::string text);

  // The header is out: send what comes first.
  virtual void on_open() = 0;
  // A write of send() (or a heartbeat) finished; the client is still there.
  virtual void on_written() = 0;
  // Woken by the feed (on the strand).
  virtual void on_wake() = 0;
  // Whether the subclass works on something (no heartbeat meanwhile).
  [[nodiscard]] virtual bool busy() const = 0;

  // Writes the frames as one chunk, from where they are (shared with other
  // clients, not copied); on_written() when they are out.
  void send(Frames frames);
  void close(bool slow);

  [[nodiscard]] bool writing() const { return writing_; }
  [[nodiscard]] bool closed() const { return closed_; }
  // Readable from any thread (a worker waiting for the client's sake).
  [[nodiscard]] bool gone() const { return gone_.load(); }

  Server::Impl& server_;
  boost::beast::tcp_stream stream_;
  HttpRequest request_;

 private:
  std::shared_ptr<SseConnection> self() {
    return std::static_pointer_cast<SseConnection>(shared_from_this());
  }
  void refuse();
  void watch_client();
  void arm_heartbeat();

  net::steady_timer heartbeat_;
  beast_http::response<beast_http::empty_body> header_;
  std::optional<beast_http::response_serializer<beast_http::empty_body>> serializer_;
  std::array<char, 1> probe_{};
  std::vector<net::const_buffer> buffers_;  // of the write in flight
  bool counted_ = false;
  bool writing_ = false;
  bool closed_ = false;
  bool peer_gone_ = false;  // the client's side ended during a write
  std::atomic<bool> gone_{false};
};

}  // namespace mealy::http
