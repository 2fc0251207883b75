// The live view on known histories of examples/order/order.yaml's Order: the
// path rebuilt from event type names, the current state, the edge counts,
// and the drawing that shows them.
#include <catch2/catch.hpp>

#include "mealy/viz/live.hpp"
#include "viz_test_support.hpp"

namespace mealy::viz::test {
namespace {

constexpr std::uint32_t kEmpty = 0, kDraft = 1, kUnderReview = 2, kSubmitted = 3, kPaid = 4,
                        kShipped = 5, kDelivered = 6, kCancelled = 7;
constexpr std::uint32_t kAggregateWide = schema::kNone;

// Opened an order, added two lines (the first under the event's former name),
// removed one, an old retired event, an address, a review with a note, then
// payment, shipping and delivery.
const std::vector<std::string> kDelivered14 = {
    "Opened",          "ItemAdded",        "LineAdded",
    "LineRemoved",     "GiftMessageAdded", "ShippingAddressChanged",
    "ReviewRequested", "NoteAdded",        "ReviewApproved",
    "Submitted",       "PaymentConfirmed", "Packed",
    "Shipped",         "Delivered"};

Step step(std::uint32_t from, std::uint32_t to, AlternativeRef via, std::uint64_t count) {
  return Step{from, to, false, via, schema::kNone, count};
}

bool same(const Step& a, const Step& b) {
  return a.from == b.from && a.to == b.to && a.replay_only == b.replay_only && a.via == b.via &&
         a.event == b.event && a.count == b.count;
}

}  // namespace

TEST_CASE("a delivered order's path: state, steps and counts") {
  Loaded loaded = load("examples/order/order.yaml");
  const schema::Aggregate& order = loaded.model->root().aggregates.at(0);
  Result<StreamPath> path = trace_stream(order, kDelivered14);
  REQUIRE(path.ok());
  CHECK(path->current_state == kDelivered);
  CHECK(path->events == 14);
  const std::uint32_t gift_message = 15;
  REQUIRE(order.events[gift_message].name.text == "GiftMessageAdded");
  std::vector<Step> expected = {
      step(kEmpty, kDraft, {kEmpty, 0, 0}, 1),          // Open
      step(kDraft, kDraft, {kDraft, 0, 0}, 2),          // AddLine, twice
      step(kDraft, kDraft, {kDraft, 1, 0}, 1),          // RemoveLine
      Step{kDraft, kDraft, true, {}, gift_message, 1},  // no transition emits it any more
      step(kDraft, kDraft, {kDraft, 3, 0}, 1),          // SetShippingAddress
      step(kDraft, kUnderReview, {kDraft, 5, 2}, 1),    // Submit [needs_review]
      step(kUnderReview, kUnderReview, {kAggregateWide, 1, 0}, 1),  // AddNote, aggregate-wide
      step(kUnderReview, kSubmitted, {kUnderReview, 0, 0}, 1),      // Approve: two events, one step
      step(kSubmitted, kPaid, {kSubmitted, 0, 0}, 1),
      step(kPaid, kShipped, {kPaid, 0, 0}, 1),  // Ship: Packed, Shipped
      step(kShipped, kDelivered, {kShipped, 0, 0}, 1),
  };
  REQUIRE(path->steps.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("step " << i);
    CHECK(same(path->steps[i], expected[i]));
  }
}

TEST_CASE("an aggregate-wide transition taken from two states counts twice on its one edge") {
  Loaded loaded = load("examples/order/order.yaml");
  const schema::Aggregate& order = loaded.model->root().aggregates.at(0);
  std::vector<std::string> events = {"Opened", "NoteAdded", "ReviewRequested", "NoteAdded",
                                     "Cancelled"};
  Result<StreamPath> path = trace_stream(order, events);
  REQUIRE(path.ok());
  CHECK(path->current_state == kCancelled);
  REQUIRE(path->steps.size() == 5);
  CHECK(same(path->steps[1], step(kDraft, kDraft, {kAggregateWide, 1, 0}, 1)));
  CHECK(same(path->steps[3], step(kUnderReview, kUnderReview, {kAggregateWide, 1, 0}, 1)));
  CHECK(same(path->steps[4], step(kUnderReview, kCancelled, {kAggregateWide, 0, 0}, 1)));

  DotOptions options;
  options.path = &*path;
  ParsedDot dot(emit_dot(order, options));
  REQUIRE(dot.graph);
  CHECK(ParsedDot::attribute(dot.edges("__any", "__any").at(0), "label") ==
        "AddNote\\n/ NoteAdded  (not in Empty) \u00d72");
  CHECK(ParsedDot::attribute(dot.edges("__any", "Cancelled").at(0), "label").ends_with(" \u00d71"));
}

TEST_CASE("an empty stream is in the initial state") {
  Loaded loaded = load("examples/order/order.yaml");
  Result<StreamPath> path = trace_stream(loaded.model->root().aggregates.at(0), {});
  REQUIRE(path.ok());
  CHECK(path->current_state == kEmpty);
  CHECK(path->events == 0);
  CHECK(path->steps.empty());
}

TEST_CASE("a stream the machine cannot have written fails, naming the event") {
  Loaded loaded = load("examples/order/order.yaml");
  const schema::Aggregate& order = loaded.model->root().aggregates.at(0);
  std::vector<std::string> unknown = {"Opened", "LineAdded", "Teleported"};
  Result<StreamPath> path = trace_stream(order, unknown);
  REQUIRE_FALSE(path.ok());
  CHECK(path.status().code() == StatusCode::invalid_argument);
  CHECK(path.status().message() ==
        "event 3 of the stream, 'Teleported', is not an event of aggregate 'Order'");

  std::vector<std::string> impossible = {"Opened", "Shipped"};
  path = trace_stream(order, impossible);
  REQUIRE_FALSE(path.ok());
  CHECK(path.status().code() == StatusCode::corruption);
  CHECK(path.status().message() ==
        "event 2 of the stream, 'Shipped', cannot occur in state 'Draft' of aggregate 'Order'");
}

TEST_CASE("the live view's DOT highlights the current state and marks the traversed edges") {
  Loaded loaded = load("examples/order/order.yaml");
  const schema::Aggregate& order = loaded.model->root().aggregates.at(0);
  Result<StreamPath> path = trace_stream(order, kDelivered14);
  REQUIRE(path.ok());
  DotOptions options;
  options.path = &*path;
  ParsedDot dot(emit_dot(order, options));
  REQUIRE(dot.graph);

  auto node = [&](const char* name) { return agnode(dot.graph, const_cast<char*>(name), 0); };
  CHECK(ParsedDot::attribute(node("Delivered"), "fillcolor") == "#fff8c5");
  CHECK(ParsedDot::attribute(node("Draft"), "fillcolor") == "#ddf4ff");
  CHECK(ParsedDot::attribute(node("Cancelled"), "fillcolor") ==
        "#f6f8fa");  // the default: not visited

  std::vector<Agedge_t*> draft_loops = dot.edges("Draft", "Draft");
  REQUIRE(draft_loops.size() == 2);  // the transitions that stay, and the replayed retired event
  std::string stays = ParsedDot::attribute(draft_loops[0], "label");
  CHECK(label_lines(stays) ==
        std::vector<std::string>{
            "AddLine [has_room_for_line] / LineAdded \u00d72",
            "RemoveLine / remove_line(): LineRemoved \u00d71",
            "ApplyCoupon [coupon_is_valid] / CouponApplied",
            "SetShippingAddress / quote_shipping(): ShippingAddressChanged \u00d71",
            "Validate [lines_in_stock] / (no event)",
        });
  CHECK(ParsedDot::attribute(draft_loops[0], "penwidth") == "2");
  CHECK(ParsedDot::attribute(draft_loops[1], "style") == "dotted");
  CHECK(ParsedDot::attribute(draft_loops[1], "label") == "GiftMessageAdded (replayed) \u00d71");

  CHECK(ParsedDot::attribute(dot.edges("Paid", "Shipped").at(0), "label") ==
        "Ship\\n/ Packed, Shipped \u00d71");
  CHECK(ParsedDot::attribute(dot.edges("Paid", "Cancelled").at(0), "penwidth").empty());
  CHECK(ParsedDot::attribute(dot.edges("Draft", "Submitted").at(0), "label") ==
        "Submit\\n/ Submitted");
  CHECK(ParsedDot::attribute(dot.edges("__start", "Empty").at(0), "penwidth") == "2");
}

TEST_CASE("render_stream draws the live view in one call") {
  Loaded loaded = load("examples/order/order.yaml");
  const schema::Aggregate& order = loaded.model->root().aggregates.at(0);
  Result<Rendering> svg = render_stream(order, kDelivered14);
  REQUIRE(svg.ok());
  ParsedSvg parsed(svg->data);
  REQUIRE(parsed.document);
  CHECK(parsed.values("//svg:g[@id='state-Delivered']//svg:path/@fill") ==
        std::vector<std::string>{"#fff8c5", "none"});  // final: a second, empty periphery
  CHECK(parsed.values("//svg:g[@id='state-Cancelled']//svg:path/@fill") ==
        std::vector<std::string>{"#f6f8fa", "none"});  // not visited
  std::vector<std::string> texts =
      parsed.values("//svg:g[@id='UnderReview-to-Submitted']//svg:text");
  CHECK(texts == std::vector<std::string>{"Approve", "/ ReviewApproved, Submitted ×1"});

  std::vector<std::string> impossible = {"Delivered"};
  Result<Rendering> failed =
      render_stream(order, impossible, LiveOptions{Detail::names, RenderOptions{Format::png, ""}});
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.status().message() ==
        "event 1 of the stream, 'Delivered', cannot occur in state 'Empty' of aggregate 'Order'");
}

}  // namespace mealy::viz::test
