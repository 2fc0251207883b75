// Wake-ups for commits by other processes: a thread with a connection of its
// own that LISTENs on the channel every append's transaction NOTIFYs
// (kCommitChannel) and reports the head of the log after each notification.
// Private to the runtime.
//
// Design notes:
//  1. A NOTIFY is delivered when the transaction that sent it commits, and
//     never for one rolled back; several may arrive as one wake-up. So the
//     listener does not trust a payload: it reads log_head after each
//     wake-up and reports that (a reader then reads up to it).
//  2. A lost connection (a server restart) is reopened every
//     kReconnectInterval; after each (re)connection the head is read and
//     reported once, for what committed while nobody listened. Meanwhile
//     subscriptions fall back to polling (their poll_interval), so nothing
//     depends on a notification arriving.
//  3. The thread waits on the connection's socket for at most kTick at a
//     time, so that stopping it takes at most that long.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

namespace mealy::postgres {

// The channel appends notify on commit.
inline constexpr const char* kCommitChannel = "mealy_log";

class Listener {
 public:
  // Starts listening at once; `on_head(position)` is called on the
  // listener's thread with the head of the log after each wake-up.
  Listener(std::string conninfo, std::string where, std::function<void(std::uint64_t)> on_head);
  ~Listener();  // stops the thread (within kTick)
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

 private:
  void run();

  static constexpr std::chrono::milliseconds kTick{100};
  static constexpr std::chrono::milliseconds kReconnectInterval{250};

  std::string conninfo_;
  std::string where_;
  std::function<void(std::uint64_t)> on_head_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace mealy::postgres
