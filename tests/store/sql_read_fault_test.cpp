// EventStore::read_sql on an SQLite file when a read of the disk fails (the
// fault-injecting VFS, fault_vfs.hpp): an io_error with SQLite's message,
// nothing else; the same query then reads every row, and appends go on.
#include "fault_vfs.hpp"
#include "store_fixture.hpp"
#include "store_helpers.hpp"

using namespace mealy;
using namespace mealy::testing;

TEST_CASE(
    "store/sqlite-file: read_sql fails with io_error when a read fails, and reads again "
    "afterwards") {
  TempDir dir;
  FaultVfs& vfs = FaultVfs::get();
  StoreOptions options;
  options.sqlite_vfs = FaultVfs::kName;
  auto store = Backend::open("sqlite://" + dir.file("events.db"), options);
  // Rows on pages of their own, in the WAL, which the store's reader has
  // not read yet: the query must read them from the files.
  REQUIRE(value(store->project("setup", std::nullopt, 1, [](SqlTransaction& sql) -> Status {
    if (Status status = sql.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT)");
        !status.ok())
      return status;
    const std::string text(500, 'x');
    for (std::int64_t i = 1; i <= 100; ++i) {
      const SqlValue params[] = {i, std::string_view(text)};
      if (Status status = sql.execute("INSERT INTO t VALUES ($1, $2)", params); !status.ok())
        return status;
    }
    return {};
  })));
  const std::string_view query = "SELECT count(*), sum(length(text)) FROM t";
  // The reader loads the new schema first (a read that fails there makes
  // SQLite answer "no such table"), but none of t's pages.
  CHECK(value(store->read_sql("SELECT count(*) FROM sqlite_schema WHERE name = 't'")).rows[0][0] ==
        "1");

  vfs.fail(Io::read, 1, Fault::io_error);
  auto failed = store->read_sql(query);
  const bool fired = vfs.fired();
  vfs.stop();
  REQUIRE(fired);
  REQUIRE_FALSE(failed);
  CHECK(failed.status().code() == StatusCode::io_error);
  CHECK_THAT(failed.status().message(),
             Catch::StartsWith(store->url() + ": read_sql: running the query: disk I/O error"));

  const SqlRows rows = value(store->read_sql(query));
  REQUIRE(rows.rows.size() == 1);
  CHECK(rows.rows[0][0] == "100");
  CHECK(rows.rows[0][1] == "50000");
  appended(store->append(request("After-1", ExpectedVersion::no_stream(), events(1))));
  CHECK(value(store->read_sql("SELECT count(*) FROM events")).rows[0][0] == "1");
}
