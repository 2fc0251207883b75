// The store contract suite's fixture: every contract case runs against each
// backend, as its own ctest case ("store/<backend>: <case>").
//
//   STORE_CONTRACT("appends and reads back") { EventStore& store = *backend.store; ... }
//   SQL_STORE_CONTRACT(...)   the same, on the SQL backends only
//
// Compiled with MEALY_CONTRACT_ON_POSTGRESQL, the same sources give the cases
// on PostgreSQL only ("store/postgresql: <case>"), each in a fresh database of
// the test server: a program of their own, which needs the server (ctest's
// fixture `pg`), while the others need nothing.
#pragma once

#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "mealy/store.hpp"
#ifdef MEALY_CONTRACT_ON_POSTGRESQL
#include "postgres_server.hpp"
#endif

namespace mealy::testing {

// A directory of its own under the system's temporary directory, removed
// with everything in it when the object goes.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("mealy-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::string file(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// An open store of one backend, with where it lives.
struct Backend {
  std::string name;
  std::string url;
  TempDir dir;
#ifdef MEALY_CONTRACT_ON_POSTGRESQL
  std::unique_ptr<PgDatabase> database;  // before the store: dropped after it closes
#endif
  std::unique_ptr<EventStore> store;

  explicit Backend(std::string backend) : name(std::move(backend)) {
#ifdef MEALY_CONTRACT_ON_POSTGRESQL
    if (name == "postgresql") {
      database = std::make_unique<PgDatabase>();
      url = database->url();
    }
#endif
    if (url.empty()) {
      url = name == "sqlite-file"     ? "sqlite://" + dir.file("events.db")
            : name == "sqlite-memory" ? "sqlite::memory:"
                                      : "memory:";
    }
    store = open(url);
  }
  static std::unique_ptr<EventStore> open(const std::string& url,
                                          const StoreOptions& options = {}) {
    auto opened = open_store(url, options);
    if (!opened) FAIL("cannot open " << url << ": " << opened.status().message());
    return std::move(*opened);
  }
  [[nodiscard]] bool has_sql() const {
    return name != "memory";
  }
};

}  // namespace mealy::testing

#define MEALY_CONTRACT_CAT2(a, b) a##b
#define MEALY_CONTRACT_CAT(a, b) MEALY_CONTRACT_CAT2(a, b)
#ifdef MEALY_CONTRACT_ON_POSTGRESQL
#define MEALY_CONTRACT_CASES(title, body)               \
  static void body(::mealy::testing::Backend& backend); \
  TEST_CASE("store/postgresql: " title) {               \
    ::mealy::testing::Backend backend("postgresql");    \
    body(backend);                                      \
  }                                                     \
  static void body([[maybe_unused]] ::mealy::testing::Backend& backend)
#define STORE_CONTRACT(title) \
  MEALY_CONTRACT_CASES(title, MEALY_CONTRACT_CAT(store_contract_, __COUNTER__))
#define SQL_STORE_CONTRACT(title) \
  MEALY_CONTRACT_CASES(title, MEALY_CONTRACT_CAT(sql_contract_, __COUNTER__))
#else
#define MEALY_CONTRACT_CASES(title, body)               \
  static void body(::mealy::testing::Backend& backend); \
  TEST_CASE("store/sqlite-file: " title) {              \
    ::mealy::testing::Backend backend("sqlite-file");   \
    body(backend);                                      \
  }                                                     \
  TEST_CASE("store/sqlite-memory: " title) {            \
    ::mealy::testing::Backend backend("sqlite-memory"); \
    body(backend);                                      \
  }                                                     \
  TEST_CASE("store/memory: " title) {                   \
    ::mealy::testing::Backend backend("memory");        \
    body(backend);                                      \
  }                                                     \
  static void body([[maybe_unused]] ::mealy::testing::Backend& backend)
#define STORE_CONTRACT(title) \
  MEALY_CONTRACT_CASES(title, MEALY_CONTRACT_CAT(store_contract_, __COUNTER__))

#define MEALY_SQL_CONTRACT_CASES(title, body)           \
  static void body(::mealy::testing::Backend& backend); \
  TEST_CASE("store/sqlite-file: " title) {              \
    ::mealy::testing::Backend backend("sqlite-file");   \
    body(backend);                                      \
  }                                                     \
  TEST_CASE("store/sqlite-memory: " title) {            \
    ::mealy::testing::Backend backend("sqlite-memory"); \
    body(backend);                                      \
  }                                                     \
  static void body([[maybe_unused]] ::mealy::testing::Backend& backend)
#define SQL_STORE_CONTRACT(title) \
  MEALY_SQL_CONTRACT_CASES(title, MEALY_CONTRACT_CAT(sql_contract_, __COUNTER__))
#endif  // MEALY_CONTRACT_ON_POSTGRESQL
