// The scalar types of the schema language, as generated code uses them.
//
//   schema     C++
//   bool       bool
//   int32      std::int32_t         uint32   std::uint32_t
//   int64      std::int64_t         uint64   std::uint64_t
//   float64    double
//   string     std::string (UTF-8)
//   bytes      mealy::Bytes         (std::vector<std::uint8_t>)
//   uuid       mealy::Uuid
//   timestamp  mealy::Timestamp     (UTC, microseconds since the Unix epoch)
//   duration   mealy::Duration      (signed microseconds)
#pragma once

#include <array>
#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mealy {

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;
using Duration = std::chrono::microseconds;
using Bytes = std::vector<std::uint8_t>;

// A 128-bit UUID. Value type; the default is the nil UUID.
class Uuid {
 public:
  constexpr Uuid() = default;
  constexpr explicit Uuid(const std::array<std::uint8_t, 16>& bytes) : bytes_(bytes) {}

  // Parses the canonical form `8-4-4-4-12` (hex digits of either case);
  // nullopt for anything else.
  static std::optional<Uuid> parse(std::string_view text);

  // A version 7 UUID (RFC 9562): the time in milliseconds, then random bits.
  // Successive calls within one millisecond in one process are ordered.
  static Uuid v7(Timestamp now);

  // The canonical lowercase form, 36 characters.
  [[nodiscard]] std::string to_string() const;
  // Writes the canonical form into `out` (36 characters, no terminator).
  void format(char* out) const;

  [[nodiscard]] const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }
  [[nodiscard]] bool is_nil() const { return *this == Uuid(); }

  friend constexpr bool operator==(const Uuid&, const Uuid&) = default;
  friend constexpr auto operator<=>(const Uuid&, const Uuid&) = default;

 private:
  std::array<std::uint8_t, 16> bytes_{};
};

// Time as seen by decide (`default: now`). Injected so that tests fix it.
class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual Timestamp now() const = 0;
};

// The system's clock, truncated to microseconds.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] Timestamp now() const override;
};

// A clock that says what it is told; for tests and replays.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Timestamp now) : now_(now) {}
  [[nodiscard]] Timestamp now() const override { return now_; }
  void set(Timestamp now) { now_ = now; }

 private:
  Timestamp now_;
};

}  // namespace mealy
