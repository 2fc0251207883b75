#include "progress.hpp"

#include <algorithm>
#include <cstdio>
#include <ostream>

namespace mealy::tool {
namespace {

constexpr auto kBarInterval = std::chrono::milliseconds(100);
constexpr auto kLineInterval = std::chrono::seconds(5);
constexpr std::size_t kBarWidth = 20;

std::string duration_text(double seconds) {
  const auto whole = static_cast<std::uint64_t>(seconds + 0.5);
  if (whole < 60) return std::to_string(whole) + "s";
  if (whole < 3600) return std::to_string(whole / 60) + "m" + std::to_string(whole % 60) + "s";
  return std::to_string(whole / 3600) + "h" + std::to_string(whole % 3600 / 60) + "m";
}

}  // namespace

Progress::Progress(std::ostream& err, bool terminal, std::string verb, std::string unit,
                   std::uint64_t total)
    : err_(err),
      terminal_(terminal),
      verb_(std::move(verb)),
      unit_(std::move(unit)),
      total_(total) {}

std::string Progress::describe(std::uint64_t done, double seconds) const {
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  std::string text = std::to_string(done);
  if (total_ > 0) text += "/" + std::to_string(total_);
  text += " " + unit_;
  if (total_ > 0) {
    const auto percent = std::min<std::uint64_t>(100, done * 100 / total_);
    text += terminal_ ? "" : " (" + std::to_string(percent) + "%)";
  }
  text += terminal_ ? "  " : ", ";
  text += std::to_string(static_cast<std::uint64_t>(rate)) + "/s";
  if (total_ > 0 && rate > 0 && done < total_) {
    text += terminal_ ? "  " : ", about ";
    text += duration_text(static_cast<double>(total_ - done) / rate) + " left";
  }
  return text;
}

void Progress::update(std::uint64_t done) {
  const auto now = Clock::now();
  if (now - last_shown_ < (terminal_ ? kBarInterval : kLineInterval)) return;
  last_shown_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  if (!terminal_) {
    err_ << verb_ << ": " << describe(done, seconds) << "\n" << std::flush;
    return;
  }
  std::string bar;
  if (total_ > 0) {
    const auto filled = std::min<std::uint64_t>(kBarWidth, done * kBarWidth / total_);
    bar = "[" + std::string(filled, '#') + std::string(kBarWidth - filled, '.') + "]";
    char percent[8];
    std::snprintf(percent, sizeof percent, " %3u%%  ",
                  static_cast<unsigned>(std::min<std::uint64_t>(100, done * 100 / total_)));
    bar += percent;
  }
  // \r to the start of the line, \x1b[K to clear what a longer line left.
  err_ << "\r" << bar << describe(done, seconds) << "\x1b[K" << std::flush;
  drawn_ = true;
}

void Progress::finish() {
  if (drawn_) err_ << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

}  // namespace mealy::tool
