// Static files (ServerOptions::files_root): a web client's pages and
// scripts, to GET and HEAD, without authentication.
//
// Design notes:
//  1. A path is a file's when no endpoint takes it: its first segment is
//     neither an aggregate's name nor "changes", "stream" or "views".
//  2. Never outside the root: the decoded segments may not be "." or "..",
//     nor hold '/', '\\' or NUL (so "/%2e%2e/x" and "/a%2f..%2fb" are
//     refused as "/../x" is); the path is then resolved with
//     weakly_canonical (every symbolic link followed) and must still lie
//     under the canonical root, or it is not found. The root is the
//     server's to keep: whoever may write into it may serve anything.
//  3. Files are read on a worker thread (routing runs there), whole, up to
//     kMaxFileBytes; the size is taken from the opened file, not its name.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>

#include "request_parts.hpp"
#include "server_impl.hpp"

namespace mealy::http {
namespace {

constexpr std::size_t kMaxFileBytes = 64u << 20;

std::string_view content_type_of(const std::filesystem::path& path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".map", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
      {".wasm", "application/wasm"},
  }};
  const std::string extension = path.extension().string();
  for (const auto& [suffix, type] : kTypes) {
    if (extension == suffix) return type;
  }
  return "application/octet-stream";
}

bool safe_segment(std::string_view segment) {
  if (segment.empty() || segment == "." || segment == "..") return false;
  return segment.find_first_of(std::string_view("/\\\0", 3)) == std::string_view::npos;
}

// Whether `path` is `root` or lies under it (both canonical).
bool within(const std::filesystem::path& root, const std::filesystem::path& path) {
  auto [root_end, path_end] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_end == root.end();
}

Reply not_found() {
  return error_reply(404, "not_found", "no file at this path");
}

}  // namespace

bool Server::Impl::is_file_path(const HttpRequest& request, const Target& target) const {
  if (files_root.empty()) return false;
  if (request.method() != beast_http::verb::get && request.method() != beast_http::verb::head)
    return false;
  const std::string& first = target.segments.front();
  return first != "changes" && first != "stream" && first != "views" &&
         endpoints.find(first) == endpoints.end();
}

Routed Server::Impl::route_file(const HttpRequest& request, const Target& target) const {
  std::vector<std::string> segments = target.segments;
  if (segments.back().empty()) segments.back() = "index.html";  // "/" and "/docs/"
  std::filesystem::path path = files_root;
  for (const std::string& segment : segments) {
    if (!safe_segment(segment)) {
      return answer(
          error_reply(400, "bad_target",
                      "a file path may not hold '.', '..', '\\\\', NUL or an empty segment"));
    }
    path /= segment;
  }
  std::error_code failed;
  const std::filesystem::path resolved = std::filesystem::weakly_canonical(path, failed);
  if (failed || !within(files_root, resolved)) return answer(not_found());

  const int fd = ::open(resolved.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return answer(not_found());
  struct stat info {};
  Routed routed;
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return answer(not_found());
  }
  const auto size = static_cast<std::size_t>(info.st_size);
  if (size > kMaxFileBytes) {
    ::close(fd);
    return answer(
        error_reply(404, "not_found", "the file is larger than the 64 MiB files are served up to"));
  }
  routed.content_type = std::string(content_type_of(resolved));
  routed.headers.emplace_back("Cache-Control", "no-cache");
  if (request.method() == beast_http::verb::head) {
    routed.head = true;
    routed.head_length = size;
    ::close(fd);
    return routed;
  }
  std::string& body = routed.reply.body;
  body.resize(size);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, body.data() + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (done != size) return answer(error_reply(500, "io_error", "the file could not be read whole"));
  return routed;
}

}  // namespace mealy::http
