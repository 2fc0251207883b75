// The live view from the command line: `mealyc dot|render --store URL --id ID`
// on an SQLite store file with a known history of examples/order/order.yaml's
// Order, written through the runtime as an app would append it.
#include <catch2/catch.hpp>
#include <filesystem>

#include "mealy/store.hpp"
#include "viz_test_support.hpp"

namespace mealy::viz::test {
namespace {

namespace fs = std::filesystem;

// Appends `types` to `stream` in one transaction, after what it holds.
void append(EventStore& store, const std::string& stream, std::vector<std::string> types) {
  AppendRequest request;
  request.stream = stream;
  for (std::string& type : types)
    request.events.push_back({Uuid::v7(SystemClock().now()), std::move(type), 1, "{}"});
  Result<AppendOutcome> outcome = store.append(request);
  REQUIRE(outcome.ok());
  REQUIRE(std::holds_alternative<Appended>(*outcome));
}

// A store with order A delivered (14 events in four appends, with an event
// under its former name and a retired one), order B still a draft, order C
// with an event this schema does not know, and a shipment whose stream shares
// A's id.
struct KnownStore {
  KnownStore() {
    Result<std::unique_ptr<EventStore>> store = open_store(url);
    REQUIRE(store.ok());
    EventStore& events = **store;
    append(events, "Order-A", {"Opened", "ItemAdded", "LineAdded"});
    append(events, "Order-B", {"Opened", "LineAdded"});
    append(events, "Order-A", {"LineRemoved", "GiftMessageAdded", "ShippingAddressChanged"});
    append(events, "Shipment-A", {"Registered", "Scanned", "Scanned"});
    append(events, "Order-C", {"Opened", "Teleported"});  // as a newer schema might have written
    append(events, "Order-A",
           {"ReviewRequested", "NoteAdded", "ReviewApproved", "Submitted", "PaymentConfirmed"});
    append(events, "Order-A", {"Packed", "Shipped", "Delivered"});
  }
  TempFolder folder{"mealy-viz-live"};
  fs::path dir = folder.path();
  std::string url = "sqlite://" + (dir / "events.db").string();
};

}  // namespace

TEST_CASE("mealyc dot --store --id highlights the stream's state and counts the edges it took") {
  KnownStore store;
  MealycRun a = mealyc({"dot", "examples/order/order.yaml", "--aggregate", "Order", "--store",
                        store.url, "--id", "A"});
  REQUIRE(a.code == 0);
  CHECK(a.err.empty());
  ParsedDot dot(a.out);
  REQUIRE(dot.graph);
  auto node = [&](const char* name) { return agnode(dot.graph, const_cast<char*>(name), 0); };
  CHECK(ParsedDot::attribute(node("Delivered"), "fillcolor") == "#fff8c5");  // the current state
  CHECK(ParsedDot::attribute(node("Paid"), "fillcolor") == "#ddf4ff");       // visited
  CHECK(ParsedDot::attribute(node("Cancelled"), "fillcolor") == "#f6f8fa");  // not visited
  CHECK(label_lines(ParsedDot::attribute(dot.edges("Draft", "Draft").at(0), "label")).at(0) ==
        "AddLine [has_room_for_line] / LineAdded \u00d72");
  CHECK(ParsedDot::attribute(dot.edges("Draft", "Draft").at(1), "label") ==
        "GiftMessageAdded (replayed) \u00d71");
  CHECK(ParsedDot::attribute(dot.edges("Paid", "Shipped").at(0), "label") ==
        "Ship\\n/ Packed, Shipped \u00d71");
  CHECK(ParsedDot::attribute(dot.edges("Paid", "Shipped").at(0), "penwidth") == "2");
  CHECK(ParsedDot::attribute(dot.edges("Paid", "Cancelled").at(0), "penwidth").empty());

  // Another stream of the same store: only its own events count.
  MealycRun b = mealyc(
      {"dot", "examples/order/order.yaml", "--aggregate=Order", "--store=" + store.url, "--id=B"});
  REQUIRE(b.code == 0);
  ParsedDot draft(b.out);
  REQUIRE(draft.graph);
  CHECK(ParsedDot::attribute(agnode(draft.graph, const_cast<char*>("Draft"), 0), "fillcolor") ==
        "#fff8c5");
  CHECK(ParsedDot::attribute(agnode(draft.graph, const_cast<char*>("Delivered"), 0), "fillcolor") ==
        "#f6f8fa");
  CHECK(label_lines(ParsedDot::attribute(draft.edges("Draft", "Draft").at(0), "label")).at(0) ==
        "AddLine [has_room_for_line] / LineAdded \u00d71");
}

TEST_CASE("mealyc dot --store --id reads the stream of the aggregate asked for") {
  KnownStore store;
  MealycRun run = mealyc({"dot", "examples/order/order.yaml", "--aggregate", "Shipment", "--store",
                          store.url, "--id", "A"});
  REQUIRE(run.code == 0);
  ParsedDot dot(run.out);
  REQUIRE(dot.graph);
  CHECK(ParsedDot::attribute(agnode(dot.graph, const_cast<char*>("InTransit"), 0), "fillcolor") ==
        "#fff8c5");
  std::string scans;
  for (Agedge_t* edge : dot.edges("InTransit", "InTransit"))
    scans += ParsedDot::attribute(edge, "label");
  CHECK(scans.find("\u00d71") != std::string::npos);  // the second scan stayed in transit
}

TEST_CASE("mealyc render --store --id draws the live view as SVG") {
  KnownStore store;
  const fs::path svg_path = store.dir / "order-a.svg";
  MealycRun run = mealyc({"render", "examples/order/order.yaml", "--aggregate", "Order", "--store",
                          store.url, "--id", "A", "-o", svg_path.string()});
  REQUIRE(run.code == 0);
  CHECK(run.err.empty());
  ParsedSvg svg(read_file(svg_path));
  REQUIRE(svg.document);
  CHECK(svg.values("//svg:g[@id='state-Delivered']//svg:path/@fill") ==
        std::vector<std::string>{"#fff8c5", "none"});
  CHECK(svg.values("//svg:g[@id='UnderReview-to-Submitted']//svg:text") ==
        std::vector<std::string>{"Approve", "/ ReviewApproved, Submitted \u00d71"});
}

TEST_CASE("the live view says what is wrong with the store, the stream or the options") {
  KnownStore store;
  const std::string schema = "examples/order/order.yaml";

  MealycRun unknown =
      mealyc({"dot", schema, "--aggregate", "Order", "--store", store.url, "--id", "Z"});
  CHECK(unknown.code == 1);
  CHECK(unknown.err == "mealyc dot: " + store.url + " has no events in stream Order-Z\n");

  MealycRun foreign =
      mealyc({"dot", schema, "--aggregate", "Order", "--store", store.url, "--id", "C"});
  CHECK(foreign.code == 1);
  CHECK(foreign.err ==
        "mealyc dot: stream Order-C of " + store.url +
            ": event 2 of the stream, 'Teleported', is not an event of aggregate 'Order'\n");

  const std::string missing = "sqlite://" + (store.dir / "missing.db").string();
  MealycRun absent = mealyc({"render", schema, "--aggregate", "Order", "--store", missing, "--id",
                             "A", "-o", (store.dir / "x.svg").string()});
  CHECK(absent.code == 1);
  CHECK(absent.err == "mealyc render: " + missing +
                          ": cannot open: there is no store (the file does not exist)\n");
  CHECK_FALSE(fs::exists(store.dir / "missing.db"));
  CHECK_FALSE(fs::exists(store.dir / "x.svg"));

  MealycRun no_id = mealyc({"dot", schema, "--aggregate", "Order", "--store", store.url});
  CHECK(no_id.code == 2);
  CHECK(no_id.err.starts_with("mealyc dot: --store needs --id ID, the instance to draw\n"));
  MealycRun no_store = mealyc({"dot", schema, "--aggregate", "Order", "--id", "A"});
  CHECK(no_store.code == 2);
  CHECK(no_store.err.starts_with("mealyc dot: --id needs --store URL, the store to read\n"));
  MealycRun several = mealyc({"dot", schema, "--store", store.url, "--id", "A"});
  CHECK(several.code == 2);
  CHECK(several.err.starts_with(
      "mealyc dot: examples/order/order.yaml declares several aggregates; choose the "
      "stream's with --aggregate NAME\n"));
  MealycRun bad_url =
      mealyc({"dot", schema, "--aggregate", "Order", "--store", "mysql://db", "--id", "A"});
  CHECK(bad_url.code == 1);
  CHECK(bad_url.err.starts_with("mealyc dot: 'mysql://db' is not a store URL"));
}

}  // namespace mealy::viz::test
