// What must hold of a store file whatever failed while it was written: the
// failure tests (fault_injection_test, full_disk_test) check it after
// reopening the file without faults.
#pragma once

#include <string>
#include <vector>

#include "raw_sqlite.hpp"

namespace mealy::testing {

// integrity_check passes; positions run from 1 without a gap, and
// AUTOINCREMENT's counter is at the last one (so the next append leaves no
// gap either); each stream's versions run from 1 without a gap, and
// `streams` holds each stream's last version.
inline void check_store_invariants(const std::string& path) {
  Raw raw(path);
  REQUIRE(raw.rows("PRAGMA integrity_check") == std::vector<std::string>{"ok"});
  CHECK(raw.rows("SELECT count(*) = coalesce(max(position), 0) AND coalesce(min(position), 1) = 1 "
                 "FROM events") == std::vector<std::string>{"1"});
  CHECK(raw.rows("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0) = "
                 "(SELECT coalesce(max(position), 0) FROM events)") ==
        std::vector<std::string>{"1"});
  CHECK(raw.rows(
            "SELECT stream FROM events GROUP BY stream HAVING count(*) != max(stream_version) OR "
            "min(stream_version) != 1") == std::vector<std::string>{});
  CHECK(raw.rows("SELECT s.stream FROM streams s FULL JOIN (SELECT stream, max(stream_version) AS "
                 "v FROM events "
                 "GROUP BY stream) e ON e.stream = s.stream WHERE s.version IS NOT e.v") ==
        std::vector<std::string>{});
}

}  // namespace mealy::testing
