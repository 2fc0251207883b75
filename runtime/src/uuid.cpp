// UUIDs: the canonical text form, and version 7 generation.
//
// Version 7 layout (RFC 9562, section 5.7), most significant bit first:
//
//   48 bits  unix_ts_ms   milliseconds since the epoch
//    4 bits  ver          0111
//   12 bits  rand_a       \ a 42-bit counter: random at each new millisecond
//    2 bits  var          10 |  (with its top bit clear, leaving at least 2^41
//   30 bits  rand_b, high /  increments), then +1 for each id in that millisecond
//   32 bits  rand_b, low  fresh random bits for every id
//
// This is "method 1" of RFC 9562, section 6.2 (a fixed-length counter in the
// random bits). Invariants, under one process-wide mutex:
//   1. Each id is greater than the one before it in the process, as long as
//      time does not go back by more than kMaxRollback.
//   2. When time goes back by at most kMaxRollback (an NTP step), the last
//      millisecond is kept and the counter goes on; by more than that (a test
//      clock, a corrected clock) the new time is taken as it is.
//   3. When the counter would pass 42 bits, the millisecond is moved one
//      ahead (borrowed from the future) and a new counter drawn.
// Random bits come from a per-thread std::mt19937_64 seeded from
// std::random_device; the counter makes ids unique within the process, the
// 32 fresh bits and the random start make collisions across processes
// improbable. A child of fork() would inherit its parent's generator state
// and make the same ids as the parent, so a fork handler bumps a generation
// number and each thread reseeds when it sees a new one.
#include <pthread.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>

#include "mealy/values.hpp"

namespace mealy {
namespace {

constexpr std::uint64_t kMaxMillisecond = (std::uint64_t{1} << 48) - 1;
constexpr int kCounterBits = 42;
constexpr std::uint64_t kMaxRollback = 10'000;  // milliseconds

// The value of each hex digit, by byte; -1 for every other byte.
constexpr std::array<std::int8_t, 256> kHexValues = [] {
  std::array<std::int8_t, 256> values{};
  for (auto& value : values)
    value = -1;
  for (int c = '0'; c <= '9'; ++c)
    values[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c)
    values[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - 'a' + 10);
  for (int c = 'A'; c <= 'F'; ++c)
    values[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - 'A' + 10);
  return values;
}();

int hex_value(char c) {
  return kHexValues[static_cast<unsigned char>(c)];
}

// Where the two hex digits of each byte start in 8-4-4-4-12 text.
constexpr std::array<std::uint8_t, 16> kByteOffsets = {0,  2,  4,  6,  9,  11, 14, 16,
                                                       19, 21, 24, 26, 28, 30, 32, 34};

// Incremented in the child after each fork().
std::atomic<unsigned> fork_generation{0};

std::mt19937_64& thread_generator() {
  static const bool registered = [] {
    pthread_atfork(nullptr, nullptr, [] { fork_generation.fetch_add(1); });
    return true;
  }();
  (void)registered;
  thread_local std::mt19937_64 generator;
  thread_local unsigned seeded_generation = 0;
  thread_local bool seeded = false;
  const unsigned generation = fork_generation.load(std::memory_order_relaxed);
  if (!seeded || seeded_generation != generation) {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(),
                       device(), device(), device(), device()};
    generator.seed(seed);
    seeded_generation = generation;
    seeded = true;
  }
  return generator;
}

struct V7State {
  std::mutex mutex;
  std::uint64_t millisecond = 0;  // of the last id
  std::uint64_t counter = 0;      // of the last id, kCounterBits wide
};

V7State& v7_state() {
  static V7State state;
  return state;
}

}  // namespace

std::optional<Uuid> Uuid::parse(std::string_view text) {
  // Table-driven, without a branch per digit: loading an aggregate parses a
  // few ids per event (bench/load_bench showed this loop at 5% of a load).
  if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' ||
      text[23] != '-') {
    return std::nullopt;
  }
  std::array<std::uint8_t, 16> bytes{};
  int invalid = 0;  // negative once any digit is not hex
  for (std::size_t i = 0; i < 16; ++i) {
    const int high = hex_value(text[kByteOffsets[i]]);
    const int low = hex_value(text[kByteOffsets[i] + 1]);
    invalid |= high | low;
    bytes[i] =
        static_cast<std::uint8_t>(static_cast<unsigned>(high) << 4 | static_cast<unsigned>(low));
  }
  if (invalid < 0) return std::nullopt;
  return Uuid(bytes);
}

void Uuid::format(char* out) const {
  constexpr char kHex[] = "0123456789abcdef";
  std::size_t pos = 0;
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out[pos++] = '-';
    out[pos++] = kHex[bytes_[i] >> 4];
    out[pos++] = kHex[bytes_[i] & 0x0F];
  }
}

std::string Uuid::to_string() const {
  std::string text(36, '\0');
  format(text.data());
  return text;
}

Uuid Uuid::v7(Timestamp now) {
  const auto since_epoch =
      std::chrono::floor<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::uint64_t millisecond =
      since_epoch < 0 ? 0 : std::min(static_cast<std::uint64_t>(since_epoch), kMaxMillisecond);

  // Random bits are drawn outside the lock.
  std::mt19937_64& generator = thread_generator();
  const std::uint64_t fresh_counter = generator() >> (64 - kCounterBits + 1);  // top bit clear
  const std::uint64_t tail = generator() >> 32;

  std::uint64_t counter = 0;
  {
    V7State& state = v7_state();
    std::lock_guard lock(state.mutex);
    const bool later = millisecond > state.millisecond;
    const bool far_back = !later && state.millisecond - millisecond > kMaxRollback;
    if (later || far_back) {
      state.millisecond = millisecond;
      state.counter = fresh_counter;
    } else if (++state.counter >> kCounterBits) {
      state.millisecond = std::min(state.millisecond + 1, kMaxMillisecond);
      state.counter = fresh_counter;
    }
    millisecond = state.millisecond;
    counter = state.counter;
  }

  std::array<std::uint8_t, 16> bytes{};
  for (int i = 0; i < 6; ++i)
    bytes[i] = static_cast<std::uint8_t>(millisecond >> (40 - 8 * i));
  bytes[6] = static_cast<std::uint8_t>(0x70 | ((counter >> 38) & 0x0F));
  bytes[7] = static_cast<std::uint8_t>(counter >> 30);
  bytes[8] = static_cast<std::uint8_t>(0x80 | ((counter >> 24) & 0x3F));
  bytes[9] = static_cast<std::uint8_t>(counter >> 16);
  bytes[10] = static_cast<std::uint8_t>(counter >> 8);
  bytes[11] = static_cast<std::uint8_t>(counter);
  for (int i = 0; i < 4; ++i)
    bytes[12 + i] = static_cast<std::uint8_t>(tail >> (24 - 8 * i));
  return Uuid(bytes);
}

}  // namespace mealy
