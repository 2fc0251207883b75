#include "mealy/store.hpp"
#include "memory/memory_store.hpp"
#include "sqlite/sqlite_store.hpp"
#if MEALY_WITH_POSTGRESQL
#include "postgres/pg_store.hpp"
#endif

namespace mealy {

namespace {

// A libpq keyword/value connection string ("host=db1 dbname=shop user=app"):
// its first word is a keyword followed by '='. No store URL looks like that
// (they start with a scheme and a colon).
bool is_conninfo(std::string_view text) {
  std::size_t i = text.find_first_not_of(" \t\n");
  if (i == std::string_view::npos) return false;
  const std::size_t start = i;
  while (i < text.size() && ((text[i] >= 'a' && text[i] <= 'z') || text[i] == '_'))
    ++i;
  if (i == start) return false;
  i = text.find_first_not_of(" \t", i);
  return i != std::string_view::npos && text[i] == '=';
}

}  // namespace

Result<std::unique_ptr<EventStore>> open_store(std::string_view url, const StoreOptions& options) {
  constexpr std::string_view kSqliteFile = "sqlite://";
  if (url == "sqlite::memory:") return sqlite::SqliteStore::open(":memory:", options);
  if (url == "memory:") return std::unique_ptr<EventStore>(std::make_unique<memory::MemoryStore>());
  if (url.starts_with(kSqliteFile) && url.size() > kSqliteFile.size()) {
    return sqlite::SqliteStore::open(std::string(url.substr(kSqliteFile.size())), options);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://") || is_conninfo(url)) {
#if MEALY_WITH_POSTGRESQL
    return postgres::PgStore::open(url, options);
#else
    return Status(StatusCode::unsupported, std::string(url.substr(0, url.find_first_of(":= "))) +
                                               " URL: this build of mealy has no PostgreSQL store "
                                               "(it was built with MEALY_WITH_POSTGRESQL=OFF)");
#endif
  }
  return Status::invalid_argument(
      "'" + std::string(url) +
      "' is not a store URL: use sqlite:///path/to.db, sqlite::memory:, postgresql://..., a libpq "
      "connection string (host=... dbname=...) or memory: (the in-memory backend)");
}

}  // namespace mealy
