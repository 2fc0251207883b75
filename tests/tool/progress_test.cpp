// The progress of long verbs: a bar with rate and time left on a terminal,
// redrawn in place and cleared at the end; plain lines otherwise, and
// nothing for work that ends before the first line is due.
#include "progress.hpp"

#include <catch2/catch.hpp>
#include <sstream>
#include <thread>

using mealy::tool::Progress;

TEST_CASE("tool/progress draws a bar on a terminal and clears it") {
  std::ostringstream err;
  {
    Progress progress(err, true, "mealy copy", "events", 200);
    progress.update(10);  // too soon after the start: nothing drawn
    CHECK(err.str().empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    progress.update(100);
    const std::string bar = err.str();
    CHECK(bar.rfind("\r[##########..........]  50%  100/200 events  ", 0) == 0);
    CHECK(bar.find("/s  ") != std::string::npos);
    CHECK(bar.find(" left\x1b[K") != std::string::npos);
  }
  // Destroyed: the line is cleared.
  CHECK(err.str().size() > 4);
  CHECK(err.str().substr(err.str().size() - 4) == "\r\x1b[K");
}

TEST_CASE("tool/progress prints nothing for short work off a terminal") {
  std::ostringstream err;
  {
    Progress progress(err, false, "mealy verify", "events", 6);
    progress.update(6);
  }
  CHECK(err.str().empty());
}
