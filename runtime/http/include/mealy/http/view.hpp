// Views: an app's read models served over HTTP, once or live.
//
// A view is a query over tables that a projection keeps (a notebook's
// ordered cells, one cell's source, the notebooks a user may open). The
// server routes
//
//   GET /views/{name}?param=value...         the answer, once
//   GET /views/{name}/live?param=value...    the answer, then a new answer
//                                            each time an event changes it
//
// to the ViewEndpoint whose name() is {name}. A live view is a Server-Sent
// Events stream of answers, each frame
//
//   id: <cursor>
//   data: <the answer's JSON body>
//
// Design notes:
//  1. A view answers from its own tables, which a projection (subscription.hpp)
//     keeps a little behind the log. An answer carries the cursor it
//     reflects: every event of the log up to it has been applied to what the
//     answer shows.
//  2. Answers may be deltas. `since` (the query parameter, or Last-Event-ID
//     when a live client reconnects) is the cursor the client already has;
//     a view that can answer "what changed after it" does (a notebook's cells
//     changed after cursor 41, deleted ones as tombstones), and one that
//     cannot ignores it and answers whole. 204 (no body) means nothing
//     changed after `since`.
//  3. A live client is re-read only when the feed shows an event that
//     affected_by() says may change its answer (a cheap test on the stream
//     and type, which may say yes too often, never too rarely). The server
//     then waits, on a worker thread, until the view's tables have caught up
//     with that event (wait_until), reads it again with `since` = the last
//     cursor sent, and sends the answer only when it is a 200 that differs
//     from the last one sent. So an unrelated event sends nothing, and a
//     client never sees an answer older than one it has seen.
//  4. The first frame of a live view is sent at once: its answer for
//     `since` (204: no frame until something changes). A first answer that
//     is neither 200 nor 204 (403, 404, 400) is the reply to the request
//     itself, as a plain error, and no stream starts. Such an answer to a
//     later read (a 403 once the user lost access) ends the stream; the
//     client's reconnection then gets it as its reply.
//
// Thread safety: read(), affected_by() and wait_until() are called from the
// server's threads, many at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "mealy/http/endpoint.hpp"

namespace mealy::http {

// What a view is asked.
struct ViewRequest {
  std::string_view actor{};  // as ServerOptions::authenticate gave it (empty without a check)
  // The query string's parameters, percent-decoded, `since` excluded; a
  // parameter given twice keeps its last value.
  const std::map<std::string, std::string, std::less<>>* params = nullptr;
  std::uint64_t since = 0;  // design note 2

  // The parameter `name`, or empty when absent.
  [[nodiscard]] std::string_view param(std::string_view name) const {
    if (params == nullptr) return {};
    auto found = params->find(name);
    return found == params->end() ? std::string_view() : std::string_view(found->second);
  }
};

// A view's answer: 200 with a JSON body and the cursor it reflects, 204
// (nothing changed after `since`), or an error reply (error_reply: 400,
// 403, 404, ...).
struct ViewAnswer {
  Reply reply{};
  std::uint64_t cursor = 0;  // design note 1; with 200 and 204
};

class ViewEndpoint {
 public:
  virtual ~ViewEndpoint() = default;
  // The view's name, as in the URL: "cells" for /views/cells.
  [[nodiscard]] virtual std::string_view name() const = 0;
  // Reads the view for `request` (design notes 1 and 2); checks the actor's
  // access itself (403 error_reply).
  virtual ViewAnswer read(const ViewRequest& request) = 0;
  // Whether an event of `stream` (such as "Cell-7") and `type` may change
  // the answer to `request`: yes too often costs a read, never too rarely.
  [[nodiscard]] virtual bool affected_by(const ViewRequest& request, std::string_view stream,
                                         std::string_view type) const = 0;
  // Blocks until the view's tables reflect the log up to `position`; false
  // after `timeout` (the server then waits again, so a live client is never
  // sent an answer older than the event that woke it).
  virtual bool wait_until(std::uint64_t position, std::chrono::milliseconds timeout) = 0;
};

}  // namespace mealy::http
