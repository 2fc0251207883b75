// A real small view for the HTTP tests (view.hpp): "titles", the notebooks
// of one owner, kept in memory by a subscription from the start of the log,
// optionally slowed down (each event applied `delay` late) so that a test
// can see the server wait for it (wait_until) before reading again.
//
//   GET /views/titles?owner=ada[&since=C]
//     200 {"cursor":N,"notebooks":[{"id","title","changed"}]}: the owner's
//         notebooks (by id) changed after C (all when C is 0); 204 when none
//         changed after C > 0
//     400 without owner; 403 when the actor is known and is not the owner
//   pad=N (at most 1 MiB) adds a "pad" of N bytes to a 200's body, for tests
//   that need large answers (a slow client).
//
// affected_by: events of Notebook streams only, so a Cell event changes
// nothing and sends nothing.
#pragma once

#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "mealy/http/view.hpp"
#include "mealy/json_write.hpp"
#include "mealy/subscription.hpp"
#include "notebook_host.hpp"

namespace mealy::testing {

class TitlesView final : public http::ViewEndpoint {
 public:
  explicit TitlesView(EventStore& store, std::chrono::milliseconds delay = {}) : delay_(delay) {
    subscription_ =
        Subscription::from(store, 0, {}, [this](const RecordedEvent& event) { apply(event); });
  }
  ~TitlesView() override { subscription_->stop(); }

  [[nodiscard]] std::string_view name() const override { return "titles"; }

  http::ViewAnswer read(const http::ViewRequest& request) override {
    const std::string_view owner = request.param("owner");
    if (owner.empty()) return {http::error_reply(400, "invalid_parameter", "owner is required"), 0};
    if (!request.actor.empty() && request.actor != owner) {
      return {http::error_reply(403, "forbidden", "only the owner may see their notebooks"), 0};
    }
    ++reads;
    std::lock_guard lock(mutex_);
    http::ViewAnswer answer;
    answer.cursor = applied_;
    std::string& out = answer.reply.body;
    out += "{\"cursor\":" + std::to_string(applied_) + ",\"notebooks\":[";
    bool any = false;
    for (const auto& [id, notebook] : notebooks_) {
      if (notebook.owner != owner || notebook.changed <= request.since) continue;
      if (any) out += ',';
      any = true;
      out += "{\"id\":";
      json::write(out, id);
      out += ",\"title\":";
      json::write(out, notebook.title);
      out += ",\"changed\":" + std::to_string(notebook.changed) + "}";
    }
    out += ']';
    std::size_t pad = 0;
    const std::string_view pad_text = request.param("pad");
    std::from_chars(pad_text.data(), pad_text.data() + pad_text.size(), pad);
    if (pad > 0)
      out += ",\"pad\":\"" + std::string(std::min<std::size_t>(pad, 1u << 20), 'x') + '"';
    out += '}';
    if (!any && request.since > 0) answer.reply = {204, {}};
    return answer;
  }

  [[nodiscard]] bool affected_by(const http::ViewRequest&, std::string_view stream,
                                 std::string_view) const override {
    return stream.starts_with("Notebook-");
  }

  bool wait_until(std::uint64_t position, std::chrono::milliseconds timeout) override {
    std::unique_lock lock(mutex_);
    return applied_signal_.wait_for(lock, timeout, [&] { return applied_ >= position; });
  }

  std::atomic<std::uint64_t> reads{0};  // how often read() was called (for tests)

 private:
  struct Notebook {
    std::string owner;
    std::string title;
    std::uint64_t changed = 0;
  };

  void apply(const RecordedEvent& event) {
    if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
    eventbook::notebook::NotebookHost host;
    eventbook::notebook::notebook::Event decoded;
    const bool notebook = event.stream.starts_with("Notebook-") &&
                          eventbook::notebook::notebook::Machine::decode_event(
                              host, event.type, event.schema_version, event.payload, decoded)
                              .ok();
    std::lock_guard lock(mutex_);
    if (notebook) {
      const std::string id = event.stream.substr(9);
      namespace events = eventbook::notebook::notebook::events;
      if (auto* created = std::get_if<events::NotebookCreated>(&decoded)) {
        notebooks_[id] = Notebook{created->owner, created->title, event.position};
      } else if (auto* retitled = std::get_if<events::NotebookRetitled>(&decoded)) {
        notebooks_[id].title = retitled->title;
        notebooks_[id].changed = event.position;
      }
    }
    applied_ = event.position;
    applied_signal_.notify_all();
  }

  const std::chrono::milliseconds delay_;
  std::mutex mutex_;
  std::condition_variable applied_signal_;
  std::map<std::string, Notebook> notebooks_;
  std::uint64_t applied_ = 0;
  std::unique_ptr<Subscription> subscription_;  // last: stopped before the rest goes
};

}  // namespace mealy::testing
