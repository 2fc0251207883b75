#include "mealy/store.hpp"
#include "memory/memory_store.hpp"
#include "sqlite/sqlite_store.hpp"
#if MEALY_WITH_POSTGRESQL
#include "postgres/pg_store.hpp"
#endif

namespace mealy {

Result<std::unique_ptr<EventStore>> open_store(std::string_view url, const StoreOptions& options) {
  constexpr std::string_view kSqliteFile = "sqlite://";
  if (url == "sqlite::memory:") return sqlite::SqliteStore::open(":memory:", options);
  if (url == "memory:") return std::unique_ptr<EventStore>(std::make_unique<memory::MemoryStore>());
  if (url.starts_with(kSqliteFile) && url.size() > kSqliteFile.size()) {
    return sqlite::SqliteStore::open(std::string(url.substr(kSqliteFile.size())), options);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
#if MEALY_WITH_POSTGRESQL
    return postgres::PgStore::open(url, options);
#else
    return Status(StatusCode::unsupported, std::string(url.substr(0, url.find("://"))) +
                                               " URL: this build of mealy has no PostgreSQL store "
                                               "(it was built with MEALY_WITH_POSTGRESQL=OFF)");
#endif
  }
  return Status::invalid_argument(
      "'" + std::string(url) +
      "' is not a store URL: use sqlite:///path/to.db, sqlite::memory:, postgresql://... or "
      "memory: (the in-memory backend)");
}

}  // namespace mealy
