// parse_and_read: from bytes to a read root value, and the checks around it.
//
// Design notes.
//
// The input is copied into a padded buffer (simdjson reads up to
// SIMDJSON_PADDING bytes past the end) between a '[' and a ']' of our own:
// `[` input `]`. The root value is then the first element of that array,
// which buys three things:
//   1. scalar roots work like any other value (simdjson 3.0 cannot hand out
//      a scalar document as an ondemand::value: SCALAR_DOCUMENT_AS_VALUE);
//   2. trailing content after the root value shows up as a second element
//      (`1,2`), as a missing comma (`{} {}`), or as tokens after our ']'
//      (`1]`), however much of the root value read_root consumed: moving to
//      the next element skips whatever it left;
//   3. a root that does not close (`[1`) borrows our ']', and the array then
//      fails at the end of the input: an error found past our ']' means
//      "not closed", one found before it means "trailing content".
// Errors from the parser before read_root (invalid UTF-8, an unclosed string)
// are reported at `$`.
//
// Buffers: a document of at most kReusableBytes uses this thread's parser and
// buffer, allocated once and reused (no allocation per call in the steady
// state). A larger one, or a nested call (read_root decoding another
// document on the same thread), gets a parser and buffer of its own for the
// call, so a thread never keeps more than about kReusableBytes times the
// parser's overhead. The reused buffers grow ahead of need (4 KiB first,
// then doubling), so that a thread settles after a few calls.
#include <algorithm>
#include <cstring>
#include <memory>

#include "mealy/json_simdjson.hpp"

namespace mealy::json {
namespace {

constexpr std::size_t kReusableBytes = std::size_t{256} << 10;
constexpr std::size_t kFirstCapacity = std::size_t{4} << 10;

// What to grow to for `needed` bytes, from `current`: a thread's reused
// buffers grow ahead (at least 4 KiB, at least double, at most the reuse
// limit unless more is needed) so that they settle after a few calls; a
// one-off workspace takes exactly what it needs.
std::size_t grown_capacity(std::size_t current, std::size_t needed, bool reused) {
  if (!reused) return needed;
  const std::size_t ahead = std::max({needed, 2 * current, kFirstCapacity});
  return std::max(needed, std::min(ahead, kReusableBytes + 2));
}

struct PaddedBuffer {
  std::unique_ptr<char[]> data;
  std::size_t size = 0;  // usable bytes; the padding comes on top

  // Room for `needed` bytes and the padding; keeps what it has when that is enough.
  char* reserve(std::size_t needed, bool reused) {
    if (size < needed) {
      const std::size_t grown = grown_capacity(size, needed, reused);
      data = std::make_unique_for_overwrite<char[]>(grown + simdjson::SIMDJSON_PADDING);
      size = grown;
    }
    return data.get();
  }
};

struct Workspace {
  simdjson::ondemand::parser parser;
  PaddedBuffer buffer;
};

// A thread's reused workspace, and whether a call on this thread is using it.
struct ThreadWorkspace {
  Workspace workspace;
  bool in_use = false;
};

// Marks a thread's workspace in use for the lifetime of the lease.
class WorkspaceLease {
 public:
  explicit WorkspaceLease(ThreadWorkspace& shared) : shared_(shared) { shared_.in_use = true; }
  ~WorkspaceLease() { shared_.in_use = false; }
  WorkspaceLease(const WorkspaceLease&) = delete;
  WorkspaceLease& operator=(const WorkspaceLease&) = delete;

 private:
  ThreadWorkspace& shared_;
};

// Reads the root value, the first element of the wrapping array, then makes
// sure nothing follows it.
bool read_wrapped(ReadContext& ctx, simdjson::ondemand::document& document, const char* buffer,
                  std::size_t wrapped_size, bool (*read_root)(ReadContext&, Value, void*),
                  void* state) {
  simdjson::ondemand::array wrapper;
  if (auto error = document.get_array().get(wrapper)) return fail_json(ctx, error);
  std::size_t count = 0;
  for (auto element : wrapper) {
    simdjson::ondemand::value root;
    const auto error = element.get(root);
    if (count == 0) {
      if (error) return fail_json(ctx, error);
      if (!read_root(ctx, handle(root), state)) return false;
      if (ctx.failed()) return false;
      ++count;
      continue;
    }
    // A second element (`1,2`) is trailing content. An error is too, if it
    // was found before our ']' (`{} {}`); past it, the root took our ']' to
    // close itself (`[1`).
    if (!error) return ctx.fail("trailing content after the JSON value");
    const char* location = nullptr;
    const bool past_end = document.current_location().get(location) != simdjson::SUCCESS ||
                          location >= buffer + wrapped_size - 1;
    if (past_end) return fail_json(ctx, simdjson::INCOMPLETE_ARRAY_OR_OBJECT);
    return ctx.fail("trailing content after the JSON value");
  }
  const char* location = nullptr;
  const bool at_end = document.current_location().get(location) == simdjson::OUT_OF_BOUNDS;
  if (count == 0) return fail_json(ctx, at_end ? simdjson::EMPTY : simdjson::TAPE_ERROR);
  if (!at_end) return ctx.fail("trailing content after the JSON value");  // `1]`
  return true;
}

bool parse_in(Workspace& workspace, bool reused, std::string_view json, ReadContext& ctx,
              bool (*read_root)(ReadContext&, Value, void*), void* state) {
  const std::size_t wrapped_size = json.size() + 2;
  char* buffer = workspace.buffer.reserve(wrapped_size, reused);
  buffer[0] = '[';
  if (!json.empty()) std::memcpy(buffer + 1, json.data(), json.size());
  buffer[wrapped_size - 1] = ']';
  std::memset(buffer + wrapped_size, 0, simdjson::SIMDJSON_PADDING);

  simdjson::ondemand::parser& parser = workspace.parser;
  if (parser.capacity() < wrapped_size) {
    if (auto error = parser.allocate(grown_capacity(parser.capacity(), wrapped_size, reused))) {
      return fail_json(ctx, error);
    }
  }
  simdjson::ondemand::document document;
  const std::size_t allocated = workspace.buffer.size + simdjson::SIMDJSON_PADDING;
  const auto error =
      parser.iterate(simdjson::padded_string_view(buffer, wrapped_size, allocated)).get(document);
  if (error) return fail_json(ctx, error);
  try {
    return read_wrapped(ctx, document, buffer, wrapped_size, read_root, state);
  } catch (const simdjson::simdjson_error& exception) {
    // From simdjson's throwing conversions, if read_root used them.
    return fail_json(ctx, exception.error());
  }
}

}  // namespace

Status decode_document(std::string_view json, const Limits& limits, ReadRoot read_root,
                       void* state) {
  ReadContext ctx(limits);
  return parse_and_read(json, ctx, read_root, state);
}

Status parse_and_read(std::string_view json, ReadContext& ctx,
                      bool (*read_root)(ReadContext&, Value, void*), void* state) {
  if (json.size() > ctx.limits().max_bytes) {
    ctx.fail("document of " + std::to_string(json.size()) + " bytes exceeds the limit of " +
             std::to_string(ctx.limits().max_bytes) + " bytes");
    return Status::invalid_argument(ctx.error());
  }

  thread_local ThreadWorkspace shared;
  const bool reuse = json.size() <= kReusableBytes && !shared.in_use;
  bool ok = false;
  if (reuse) {
    WorkspaceLease lease(shared);
    ok = parse_in(shared.workspace, true, json, ctx, read_root, state);
  } else {
    Workspace own;
    ok = parse_in(own, false, json, ctx, read_root, state);
  }

  if (ok && !ctx.failed()) return {};
  if (!ctx.failed()) ctx.fail("the value could not be read");  // a reader that forgot to say why
  return Status::invalid_argument(ctx.error());
}

}  // namespace mealy::json
