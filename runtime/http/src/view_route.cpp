// GET /views/{name} and GET /views/{name}/live (view.hpp): finding the
// view, reading its parameters and `since` (Last-Event-ID wins for a live
// client, as for /stream), and the first read, on a worker thread.
#include "request_parts.hpp"
#include "server_impl.hpp"

namespace mealy::http {
namespace {

constexpr std::size_t kMaxViewParams = 32;

// read() is the app's code: what it throws is a 500, as for commands.
ViewAnswer read_view(ViewEndpoint& view, const ViewRequest& request) {
  try {
    return view.read(request);
  } catch (const std::exception& error) {
    return ViewAnswer{
        error_reply(500, "host_error", std::string("the view threw: ") + error.what()), 0};
  }
}

}  // namespace

Routed Server::Impl::route_view(const HttpRequest& request, const Target& target,
                                const std::string& actor) {
  const std::vector<std::string>& segments = target.segments;
  const bool live = segments.size() == 3 && segments[2] == "live";
  if (segments.size() != 2 && !live)
    return answer(error_reply(404, "not_found", "no resource at this path"));
  auto found = views.find(segments[1]);
  if (found == views.end()) {
    return answer(error_reply(404, "unknown_view",
                              "no view named '" + segments[1].substr(0, 64) + "' is served here"));
  }
  auto asked = std::make_shared<LiveView>();
  asked->view = found->second.get();
  asked->actor = actor;
  if (auto bad = query_number(target, "since", 0, asked->since)) return answer(std::move(*bad));
  if (auto bad = query_params(target, "since", kMaxViewParams, asked->params))
    return answer(std::move(*bad));
  if (live) {
    auto last_event_id = request.find("Last-Event-ID");
    if (last_event_id != request.end()) {
      Target header;
      header.query.emplace_back("Last-Event-ID", std::string(last_event_id->value()));
      if (auto bad = query_number(header, "Last-Event-ID", 0, asked->since))
        return answer(std::move(*bad));
    }
  }
  ViewAnswer first = read_view(*asked->view, asked->request(asked->since));
  const int status = first.reply.status;
  if (status != 200 && status != 204)
    return answer(std::move(first.reply));  // design note 4 of view.hpp
  if (live) {
    asked->first = std::move(first);
    Routed routed;
    routed.live_view = std::move(asked);
    return routed;
  }
  if (status == 204) first.reply.body.clear();
  Routed routed = answer(std::move(first.reply));
  routed.headers.emplace_back("Mealy-Cursor", std::to_string(first.cursor));
  return routed;
}

}  // namespace mealy::http
