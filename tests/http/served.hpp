// A server of the notebook's aggregates on a fresh SQLite file, on a port of
// its own, for one test.
#pragma once

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "mealy/http/server.hpp"
#include "notebook_host.hpp"
#include "test_view.hpp"

namespace mealy::testing {

namespace nb = eventbook::notebook;

// The notebook that the tests create and read, as a path.
inline const std::string kNotebook = "/Notebook/0195a3c0-7e00-7000-8000-000000000001";

// A folder of its own under the system's temporary folder, removed after.
class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mealy-http-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The view "titles" (test_view.hpp) is served too, `view_delay` slow.
struct Served {
  explicit Served(http::ServerOptions options = {}, RepositoryOptions repository_options = {},
                  std::chrono::milliseconds view_delay = {}) {
    url = "sqlite://" + (folder.path() / "events.db").string();
    auto opened = open_store(url);
    REQUIRE(opened);
    store = std::move(*opened);
    notebooks.emplace(*store, notebook_host, clock, repository_options);
    cells.emplace(*store, cell_host, clock, repository_options);
    server.emplace(*store, std::move(options));
    server->add(http::serve(*notebooks));
    server->add(http::serve(*cells));
    auto view = std::make_unique<TitlesView>(*store, view_delay);
    titles = view.get();
    server->add(std::move(view));
    const Status started = server->start();
    INFO(started.message());
    REQUIRE(started.ok());
  }
  ~Served() { server->stop(); }

  [[nodiscard]] std::uint16_t port() const { return server->port(); }

  TempFolder folder;
  std::string url;
  std::unique_ptr<EventStore> store;
  SystemClock clock;
  nb::NotebookHost notebook_host;
  nb::CellHost cell_host;
  std::optional<Repository<nb::notebook::Machine, nb::NotebookHost>> notebooks;
  std::optional<Repository<nb::cell::Machine, nb::CellHost>> cells;
  std::optional<http::Server> server;
  TitlesView* titles = nullptr;  // owned by the server
};

}  // namespace mealy::testing
