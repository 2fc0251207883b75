// A Server-Sent Events client (GET /stream): see stream_session.cpp.
#pragma once

#include <memory>

#include "server_impl.hpp"

namespace mealy::http {

class StreamSession : public std::enable_shared_from_this<StreamSession> {
 public:
  virtual ~StreamSession() = default;
  // New events are in the feed's ring: send them when idle. Any thread.
  virtual void wake() = 0;
};

}  // namespace mealy::http
