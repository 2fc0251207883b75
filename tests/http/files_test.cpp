// Static files (ServerOptions::files_root) over real HTTP on loopback:
// index, content types, HEAD, missing files, traversal attempts (plain,
// percent-encoded, through a symbolic link), public while the rest needs a
// token, and endpoints keeping their paths.
#include <catch2/catch.hpp>
#include <fstream>

#include "http_client.hpp"
#include "json_pointer.hpp"
#include "served.hpp"

using namespace mealy::testing;
namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

// A web root under its own folder, with a secret beside it (outside).
struct WebRoot {
  WebRoot() {
    root = folder.path() / "web";
    write_file(root / "index.html", "<!doctype html><title>app</title>");
    write_file(root / "app.js", "export const x = 1;\n");
    write_file(root / "lib.mjs", "export {};\n");
    write_file(root / "style.css", "body{}");
    write_file(root / "data.json", "{}");
    write_file(root / "icon.svg", "<svg/>");
    write_file(root / "image.png", std::string("\x89PNG\r\n\x1a\n\0\0", 10));
    write_file(root / "favicon.ico", "ico");
    write_file(root / "app.js.map", "{}");
    write_file(root / "notes.txt", "notes");
    write_file(root / "module.wasm", std::string("\0asm", 4));
    write_file(root / "blob.bin", "bin");
    write_file(root / "docs" / "index.html", "docs");
    write_file(folder.path() / "secret.txt", "secret");
    fs::create_symlink(folder.path() / "secret.txt", root / "out.txt");
    fs::create_symlink(folder.path(), root / "up");
    fs::create_symlink(root / "notes.txt", root / "alias.txt");  // inside: fine
  }
  TempFolder folder;
  fs::path root;
};

mealy::http::ServerOptions with_files(const WebRoot& web) {
  mealy::http::ServerOptions options;
  options.files_root = web.root.string();
  return options;
}

std::string raw_request(std::uint16_t port, const std::string& request) {
  RawSocket socket(port);
  REQUIRE(socket.send(request));
  return socket.read_until_closed(std::chrono::seconds(5));
}

}  // namespace

TEST_CASE("Files: / is index.html, every type by extension, no-cache", "[http][files]") {
  WebRoot web;
  Served served(with_files(web));
  HttpResponse index = http_get(served.port(), "/");
  REQUIRE(index.status == 200);
  CHECK(index.body == "<!doctype html><title>app</title>");
  CHECK(index.header("content-type") == "text/html; charset=utf-8");
  CHECK(index.header("cache-control") == "no-cache");
  CHECK(http_get(served.port(), "/index.html").body == index.body);
  CHECK(http_get(served.port(), "/docs/").body == "docs");
  CHECK(http_get(served.port(), "/alias.txt").body == "notes");
  const std::vector<std::pair<std::string, std::string>> types = {
      {"/app.js", "text/javascript; charset=utf-8"},
      {"/lib.mjs", "text/javascript; charset=utf-8"},
      {"/style.css", "text/css; charset=utf-8"},
      {"/data.json", "application/json"},
      {"/icon.svg", "image/svg+xml"},
      {"/image.png", "image/png"},
      {"/favicon.ico", "image/x-icon"},
      {"/app.js.map", "application/json"},
      {"/notes.txt", "text/plain; charset=utf-8"},
      {"/module.wasm", "application/wasm"},
      {"/blob.bin", "application/octet-stream"}};
  for (const auto& [path, type] : types) {
    HttpResponse file = http_get(served.port(), path);
    INFO(path);
    CHECK(file.status == 200);
    CHECK(file.header("content-type") == type);
  }
  CHECK(http_get(served.port(), "/image.png").body.size() == 10);
  CHECK(http_get(served.port(), "/module.wasm").body == std::string("\0asm", 4));
}

TEST_CASE("Files: HEAD gives the headers and length without the body, and missing files are 404",
          "[http][files]") {
  WebRoot web;
  Served served(with_files(web));
  const std::string head =
      raw_request(served.port(), "HEAD /app.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  INFO(head);
  CHECK(head.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(head.find("Content-Length: 20\r\n") != std::string::npos);
  CHECK(head.find("Content-Type: text/javascript") != std::string::npos);
  CHECK(head.substr(head.find("\r\n\r\n") + 4).empty());

  for (const std::string path : {"/missing.js", "/docs/missing.html", "/docs", "/up/"}) {
    HttpResponse missing = http_get(served.port(), path);
    INFO(path);
    CHECK(missing.status == 404);
    CHECK(at(missing.body, "/error/code") == "not_found");
  }
  // Only GET and HEAD read files.
  CHECK(http_post(served.port(), "/index.html", "{}").status == 404);
}

TEST_CASE("Files: nothing outside the root, however the path is spelled", "[http][files]") {
  WebRoot web;
  Served served(with_files(web));
  for (const std::string path :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/docs/../../secret.txt",
        "/docs/%2e%2e/%2e%2e/secret.txt", "/docs/..%2f..%2fsecret.txt", "/..%5csecret.txt",
        "/index.html%00.png", "/./index.html", "//secret.txt"}) {
    HttpResponse refused = http_get(served.port(), path);
    INFO(path << " -> " << refused.status << " " << refused.body);
    CHECK(refused.status == 400);
    CHECK(at(refused.body, "/error/code") == "bad_target");
    CHECK(refused.body.find("secret") == std::string::npos);
  }
  // Symbolic links that lead out are as good as missing.
  for (const std::string path : {"/out.txt", "/up/secret.txt", "/up/events.db"}) {
    HttpResponse refused = http_get(served.port(), path);
    INFO(path);
    CHECK(refused.status == 404);
    CHECK(refused.body.find("secret\"") == std::string::npos);
  }
  // One that leads out and back in resolves inside the root: served.
  CHECK(http_get(served.port(), "/up/web/notes.txt").body == "notes");
}

TEST_CASE("Files need no token while the endpoints do, and endpoints keep their paths",
          "[http][files][auth]") {
  WebRoot web;
  mealy::http::ServerOptions options = with_files(web);
  options.authenticate = [](const mealy::http::RequestInfo& request) -> std::optional<std::string> {
    if (request.bearer_token == "ada-token") return "ada";
    return std::nullopt;
  };
  Served served(options);
  CHECK(http_get(served.port(), "/").status == 200);
  CHECK(http_get(served.port(), "/app.js").status == 200);
  CHECK(http_get(served.port(), "/missing.js").status == 404);
  CHECK(http_get(served.port(), "/changes").status == 401);
  CHECK(http_get(served.port(), "/stream").status == 401);
  CHECK(http_get(served.port(), "/views/titles?owner=ada").status == 401);
  CHECK(http_get(served.port(), "/Notebook/0195a3c0-7e00-7000-8000-000000000001").status == 401);
  HttpResponse instance = http_get(served.port(), "/Notebook/0195a3c0-7e00-7000-8000-000000000001",
                                   {{"Authorization", "Bearer ada-token"}});
  CHECK(instance.status == 404);
  CHECK(at(instance.body, "/error/message").find("has no events") != std::string::npos);
}

TEST_CASE("A files_root that is not a directory stops start()", "[http][files]") {
  WebRoot web;
  auto store = mealy::open_store("sqlite://" + (web.folder.path() / "events.db").string());
  REQUIRE(store);
  mealy::http::ServerOptions options;
  options.files_root = (web.root / "index.html").string();
  mealy::http::Server file_root(**store, options);
  const mealy::Status started = file_root.start();
  CHECK(started.code() == mealy::StatusCode::invalid_argument);
  CHECK(started.message() == "files_root '" + options.files_root + "' is not a directory");
  options.files_root = (web.folder.path() / "none").string();
  mealy::http::Server missing(**store, options);
  CHECK_FALSE(missing.start().ok());
}
