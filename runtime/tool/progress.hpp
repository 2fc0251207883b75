// Progress of a long verb on stderr: on a terminal a bar redrawn in place
// (at most ten times a second) with the rate and the time left; otherwise
// a plain line every few seconds, so that logs stay readable. Nothing is
// printed for work that ends before the first line is due.
//
//   [##########..........]  52%  5200/10000 events  1830/s  3s left
//   mealy copy: 5200/10000 events (52%), 1830/s, about 3s left
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

namespace mealy::tool {

class Progress {
 public:
  using Clock = std::chrono::steady_clock;

  // `verb` names the lines ("mealy copy"); `unit` the things counted
  // ("events"); `total` how many are expected (0: unknown, no percentage
  // and no time left).
  Progress(std::ostream& err, bool terminal, std::string verb, std::string unit,
           std::uint64_t total);
  ~Progress() { finish(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // `done` of the total are done now.
  void update(std::uint64_t done);
  // The total grew (a log being appended to while it is read).
  void set_total(std::uint64_t total) { total_ = total; }
  // Clears the bar; a terminal's cursor is left at the start of a line.
  void finish();

 private:
  [[nodiscard]] std::string describe(std::uint64_t done, double seconds) const;

  std::ostream& err_;
  bool terminal_;
  std::string verb_, unit_;
  std::uint64_t total_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_shown_ = start_;
  bool drawn_ = false;
};

}  // namespace mealy::tool
