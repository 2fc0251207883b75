// The Order machine of examples/order/order.yaml, through the generated
// decide() and evolve() with the example's host (examples/order/order_host.*).
#include <catch2/catch.hpp>
#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "mealy/repository.hpp"
#include "mealy/store.hpp"
#include "mealy/testing.hpp"
#include "order_host.hpp"

namespace {

using namespace std::chrono_literals;
using shop::money::Currency;
using shop::money::Money;
using shop::orders::Address;
using shop::orders::OrderHost;
using shop::orders::OrderLine;
using shop::orders::PaymentMethod;
using shop::orders::PaymentProvider;
namespace order = shop::orders::order;
namespace cmd = shop::orders::order::commands;
namespace ev = shop::orders::order::events;
namespace st = shop::orders::order::states;
using mealy::RejectionKind;

const mealy::Timestamp kMonday =
    mealy::Timestamp(std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)) + 9h;

mealy::Uuid uuid(std::string_view text) {
  return mealy::Uuid::parse(text).value();
}
Money eur(std::int64_t minor) {
  return {.amount_minor = minor, .currency = Currency::EUR};
}
OrderLine line(std::string sku, std::int32_t quantity, std::int64_t price_minor) {
  return {.sku = std::move(sku), .quantity = quantity, .unit_price = eur(price_minor)};
}
Address address(std::string country_code) {
  return {.recipient = "Ada L.",
          .street_lines = {"Hauptstr. 1"},
          .postal_code = "10115",
          .city = "Berlin",
          .country_code = std::move(country_code)};
}

// One order, its log, and what decide() needs.
struct OrderFixture {
  mealy::FixedClock clock{kMonday};
  PaymentProvider payments;
  OrderHost host{clock, payments};
  shop::orders::Order order{.id = uuid("0195a3c0-7e00-7000-8000-0000000000aa")};
  std::vector<order::Event> log;

  OrderFixture() {
    host.set_stock("MUG-01", 40);
    host.set_stock("TEA-200", 0);
  }

  // Decides; applies and logs the events when accepted. Advances the clock a minute.
  mealy::Decision<order::Event> handle(const order::Command& command) {
    mealy::Decision<order::Event> decision =
        order::decide(order, command, host, clock, mealy::testing::recorder<order::Machine>());
    if (decision.accepted()) {
      for (const order::Event& event : decision.events()) {
        const mealy::Status status = order::evolve(order, event, host);
        INFO(status.message());
        REQUIRE(status.ok());
        log.push_back(event);
      }
    }
    clock.set(clock.now() + 1min);
    return decision;
  }
  // handle() that must be accepted; returns the events.
  std::vector<order::Event> accept(const order::Command& command) {
    mealy::Decision<order::Event> decision = handle(command);
    INFO((decision.accepted() ? std::string() : decision.rejection().message));
    REQUIRE(decision.accepted());
    return decision.events();
  }
  // handle() that must be rejected; returns the rejection.
  mealy::Rejection reject(const order::Command& command) {
    const std::uint64_t version = order.version;
    mealy::Decision<order::Event> decision = handle(command);
    REQUIRE_FALSE(decision.accepted());
    REQUIRE(order.version == version);
    return decision.rejection();
  }

  void open() { accept(cmd::Open{.customer_id = uuid("5f0c1e2a-0000-4000-8000-0000000000ad")}); }
  // A draft with 2 mugs at 12.50 and a shipping address in Germany (fee 4.90).
  void draft_ready_to_submit() {
    open();
    accept(cmd::AddLine{.line = line("MUG-01", 2, 1250)});
    accept(cmd::SetShippingAddress{.shipping_address = address("DE")});
  }
  void submitted() {
    draft_ready_to_submit();
    accept(cmd::Submit{});
  }
  void paid(const std::string& payment_id = "pay_1") {
    submitted();
    payments.record_capture(payment_id, {.amount = eur(2990), .captured_at = clock.now()});
    accept(cmd::ConfirmPayment{.payment_id = payment_id,
                               .method = PaymentMethod::Card,
                               .amount = eur(2990),
                               .captured_at = clock.now()});
  }
  void shipped() {
    paid();
    accept(cmd::Ship{.carrier = "DHL", .tracking = "JD0146", .weight_grams = 900});
  }
};

template <typename State>
bool in_state(const shop::orders::Order& order) {
  return std::holds_alternative<State>(order.state);
}

}  // namespace

TEST_CASE("Open fills its event from the command and opened_at from the clock", "[order]") {
  OrderFixture f;
  const auto events =
      f.accept(cmd::Open{.customer_id = uuid("5f0c1e2a-0000-4000-8000-0000000000ad"),
                         .currency = Currency::GBP,
                         .channel = "app"});
  REQUIRE(events.size() == 1);
  const auto& opened = std::get<ev::Opened>(events[0]);
  CHECK(opened.customer_id == uuid("5f0c1e2a-0000-4000-8000-0000000000ad"));
  CHECK(opened.currency == Currency::GBP);
  CHECK(opened.channel == "app");
  CHECK(opened.opened_at == kMonday);
  CHECK(
      order::to_json(events[0]) ==
      R"({"type":"Opened","version":1,"payload":{"customer_id":"5f0c1e2a-0000-4000-8000-0000000000ad",)"
      R"("currency":"GBP","channel":"app","opened_at":"2026-11-23T09:00:00.000000Z"}})");

  // The aggregate's fields of the same names take the event's values.
  CHECK(in_state<st::Draft>(f.order));
  CHECK(f.order.data.customer_id == opened.customer_id);
  CHECK(f.order.data.currency == Currency::GBP);
  CHECK(std::get<st::Draft>(f.order.state).percent_off == 0.0);  // the state field's default
  CHECK(f.order.version == 1);
}

TEST_CASE("Submit tries its alternatives in order", "[order]") {
  OrderFixture f;
  f.open();

  SECTION("an empty cart is refused by the guarded reject") {
    const auto rejection = f.reject(cmd::Submit{});
    CHECK(rejection.kind == RejectionKind::explicit_reject);
    CHECK(rejection.code == "empty_cart");
    CHECK(rejection.state == "Draft");
    CHECK(rejection.command == "Submit");
  }

  SECTION("lines but no shipping address: the second guarded reject") {
    f.accept(cmd::AddLine{.line = line("MUG-01", 1, 1250)});
    const auto rejection = f.reject(cmd::Submit{});
    CHECK(rejection.kind == RejectionKind::explicit_reject);
    CHECK(rejection.code == "no_shipping_address");
  }

  SECTION("an ordinary order goes straight to payment") {
    f.accept(cmd::AddLine{.line = line("MUG-01", 2, 1250)});
    f.accept(cmd::ApplyCoupon{.code = "SPRING15", .percent_off = 15});
    f.accept(cmd::SetShippingAddress{.shipping_address = address("DE")});
    const mealy::Timestamp now = f.clock.now();
    const auto events = f.accept(cmd::Submit{.note = "ring twice"});
    REQUIRE(events.size() == 1);
    const auto& submitted = std::get<ev::Submitted>(events[0]);
    CHECK(submitted.submitted_at == now);
    CHECK(submitted.note == "ring twice");
    CHECK(submitted.percent_off == 15.0);  // from the draft's state field
    REQUIRE(in_state<st::Submitted>(f.order));
    const auto& state = std::get<st::Submitted>(f.order.state);
    CHECK(state.submitted_at == now);
    CHECK(state.percent_off == 15.0);
    CHECK(state.payment_window == 72h);  // the state field's default
  }

  SECTION("an order above 1000.00 is reviewed first") {
    f.accept(cmd::AddLine{.line = line("ESPRESSO-PRO", 2, 64900)});
    f.accept(cmd::SetShippingAddress{.shipping_address = address("DE")});
    const auto events = f.accept(cmd::Submit{.note = "office"});
    REQUIRE(events.size() == 1);
    CHECK(std::get<ev::ReviewRequested>(events[0]).note == "office");
    CHECK(std::get<ev::ReviewRequested>(events[0]).requested_at == kMonday + 3min);
    REQUIRE(in_state<st::UnderReview>(f.order));
    CHECK(std::get<st::UnderReview>(f.order.state).note == "office");
  }

  SECTION("so is an order with 50 items of one product") {
    f.accept(cmd::AddLine{.line = line("MUG-01", 50, 100)});
    f.accept(cmd::SetShippingAddress{.shipping_address = address("DE")});
    f.accept(cmd::Submit{});
    CHECK(in_state<st::UnderReview>(f.order));
  }
}

TEST_CASE("Cancel, declared for the whole aggregate, in each state", "[order]") {
  OrderFixture f;

  SECTION("Empty refuses it explicitly") {
    const auto rejection = f.reject(cmd::Cancel{.reason = "nothing"});
    CHECK(rejection.kind == RejectionKind::explicit_reject);
    CHECK(rejection.code == "not_opened");
    CHECK(rejection.state == "Empty");
  }

  SECTION("Draft, UnderReview and Submitted cancel at once") {
    SECTION("Draft") {
      f.open();
    }
    SECTION("UnderReview") {
      f.open();
      f.accept(cmd::AddLine{.line = line("MUG-01", 60, 1250)});
      f.accept(cmd::SetShippingAddress{.shipping_address = address("DE")});
      f.accept(cmd::Submit{});
      REQUIRE(in_state<st::UnderReview>(f.order));
    }
    SECTION("Submitted") {
      f.submitted();
    }

    const mealy::Timestamp now = f.clock.now();
    const auto events = f.accept(cmd::Cancel{.reason = "changed my mind"});
    REQUIRE(events.size() == 1);
    const auto& cancelled = std::get<ev::Cancelled>(events[0]);
    CHECK(cancelled.reason == "changed my mind");
    CHECK(cancelled.cancelled_at == now);
    CHECK(cancelled.restock);  // the field's default
    REQUIRE(in_state<st::Cancelled>(f.order));
    CHECK(std::get<st::Cancelled>(f.order.state) ==
          st::Cancelled{.reason = "changed my mind", .cancelled_at = now});
  }

  SECTION("Paid overrides it: a refund within the window") {
    f.paid("pay_42");
    f.clock.set(f.clock.now() + std::chrono::days(13));
    const auto events = f.accept(cmd::Cancel{.reason = "ordered twice"});
    REQUIRE(events.size() == 2);
    const auto& refunded = std::get<ev::Refunded>(events[0]);
    CHECK(refunded.amount == eur(2990));
    CHECK(refunded.refund_id == PaymentProvider::refund_id_for("pay_42"));
    CHECK(refunded.refund_id.to_string()[14] == '8');  // a version 8 UUID
    CHECK(std::get<ev::Cancelled>(events[1]).reason == "ordered twice");
    CHECK(in_state<st::Cancelled>(f.order));
  }

  SECTION("Paid, after the refund window: the fallback reject") {
    f.paid();
    f.clock.set(f.clock.now() + std::chrono::days(15));
    const auto rejection = f.reject(cmd::Cancel{.reason = "too late"});
    CHECK(rejection.kind == RejectionKind::explicit_reject);
    CHECK(rejection.code == "refund_window_closed");
    CHECK(rejection.state == "Paid");
  }

  SECTION("Shipped refuses it explicitly") {
    f.shipped();
    const auto rejection = f.reject(cmd::Cancel{.reason = "too late"});
    CHECK(rejection.kind == RejectionKind::explicit_reject);
    CHECK(rejection.code == "already_shipped");
  }

  SECTION("final states accept nothing") {
    f.open();
    f.accept(cmd::Cancel{.reason = "first"});
    const auto rejection = f.reject(cmd::Cancel{.reason = "second"});
    CHECK(rejection.kind == RejectionKind::invalid_transition);
    CHECK(rejection.code == "invalid_transition");
    CHECK(rejection.state == "Cancelled");
    CHECK(rejection.message ==
          "command 'Cancel' is not accepted in state 'Cancelled'; it accepts no command");
  }
}

TEST_CASE("AddNote: refused before the order is opened, then kept in every state without moving it",
          "[order]") {
  const cmd::AddNote note{.text = "leave it at the door", .author = "ada"};
  {
    OrderFixture f;
    const mealy::Rejection rejection = f.reject(note);
    CHECK(rejection.kind == RejectionKind::explicit_reject);
    CHECK(rejection.code == "not_opened");
  }
  const std::vector<std::pair<std::string, void (*)(OrderFixture&)>> states = {
      {"Draft", [](OrderFixture& f) { f.open(); }},
      {"UnderReview",
       [](OrderFixture& f) {
         f.open();
         f.accept(cmd::AddLine{.line = line("MUG-01", 50, 100)});
         f.accept(cmd::SetShippingAddress{.shipping_address = address("DE")});
         f.accept(cmd::Submit{});
       }},
      {"Submitted", [](OrderFixture& f) { f.submitted(); }},
      {"Paid", [](OrderFixture& f) { f.paid(); }},
      {"Shipped", [](OrderFixture& f) { f.shipped(); }},
  };
  for (const auto& [state, reach] : states) {
    INFO("in state " << state);
    OrderFixture f;
    reach(f);
    REQUIRE(order::name_of(f.order.state) == state);
    const mealy::Timestamp now = f.clock.now();
    const auto events = f.accept(note);
    REQUIRE(events.size() == 1);
    CHECK(std::get<ev::NoteAdded>(events[0]) ==
          ev::NoteAdded{.text = "leave it at the door", .author = "ada", .added_at = now});
    CHECK(order::name_of(f.order.state) == state);
  }
}

TEST_CASE("Explicit rejects carry their code and a message", "[order]") {
  OrderFixture f;

  SECTION("too_many_lines after 100 distinct lines") {
    f.open();
    for (int i = 0; i < 100; ++i)
      f.accept(cmd::AddLine{.line = line("SKU-" + std::to_string(i), 1, 100)});
    CHECK(f.order.data.lines.size() == 100);
    const auto rejection = f.reject(cmd::AddLine{.line = line("SKU-100", 1, 100)});
    CHECK(rejection.kind == RejectionKind::explicit_reject);
    CHECK(rejection.code == "too_many_lines");
    CHECK(rejection.message == "command 'AddLine' is rejected in state 'Draft': too_many_lines");
    // A line that merges into one already there still fits.
    f.accept(cmd::AddLine{.line = line("SKU-7", 2, 100)});
    CHECK(f.order.data.lines[7].quantity == 3);
  }

  SECTION("amount_mismatch when the provider captured another amount") {
    f.submitted();
    const auto rejection = f.reject(cmd::ConfirmPayment{.payment_id = "pay_1",
                                                        .method = PaymentMethod::Card,
                                                        .amount = eur(2500),
                                                        .captured_at = kMonday});
    CHECK(rejection.kind == RejectionKind::explicit_reject);
    CHECK(rejection.code == "amount_mismatch");
    // 2 x 12.50 + 4.90 shipping
    f.accept(cmd::ConfirmPayment{.payment_id = "pay_1",
                                 .method = PaymentMethod::Card,
                                 .amount = eur(2990),
                                 .captured_at = kMonday});
    CHECK(std::get<st::Paid>(f.order.state) ==
          st::Paid{.payment_id = "pay_1", .method = PaymentMethod::Card});
  }

  SECTION("a currency other than the order's does not match either") {
    f.submitted();
    const auto rejection =
        f.reject(cmd::ConfirmPayment{.payment_id = "pay_1",
                                     .method = PaymentMethod::Card,
                                     .amount = {.amount_minor = 2990, .currency = Currency::USD},
                                     .captured_at = kMonday});
    CHECK(rejection.code == "amount_mismatch");
  }
}

TEST_CASE("Guards that are the last alternative give their reason as the code", "[order]") {
  OrderFixture f;
  f.open();
  f.accept(cmd::AddLine{.line = line("MUG-01", 2, 1250)});

  SECTION("coupon_is_valid") {
    auto rejection = f.reject(cmd::ApplyCoupon{.code = "SUMMER50", .percent_off = 50});
    CHECK(rejection.kind == RejectionKind::guard);
    CHECK(rejection.code == "unknown_coupon");
    CHECK(rejection.message ==
          "command 'ApplyCoupon' is rejected in state 'Draft': unknown_coupon");

    rejection = f.reject(cmd::ApplyCoupon{.code = "WELCOME10", .percent_off = 20});
    CHECK(rejection.code == "wrong_discount");

    f.accept(
        cmd::ApplyCoupon{.code = "welcome10", .percent_off = 10});  // codes are read in any case
    CHECK(std::get<st::Draft>(f.order.state).percent_off ==
          10.0);  // CouponApplied sets the state field

    rejection = f.reject(cmd::ApplyCoupon{.code = "SPRING15", .percent_off = 15});
    CHECK(rejection.kind == RejectionKind::guard);
    CHECK(rejection.code == "coupon_already_applied");
  }

  SECTION("lines_in_stock: a dry run that records nothing either way") {
    const auto events = f.accept(cmd::Validate{});
    CHECK(events.empty());
    CHECK(f.order.version == 2);

    f.accept(cmd::AddLine{.line = line("TEA-200", 1, 890)});
    auto rejection = f.reject(cmd::Validate{});
    CHECK(rejection.kind == RejectionKind::guard);
    CHECK(rejection.code == "out_of_stock");

    f.accept(cmd::AddLine{.line = line("VASE-07", 1, 4500)});
    f.accept(cmd::RemoveLine{.sku = "TEA-200"});
    rejection = f.reject(cmd::Validate{});
    CHECK(rejection.code == "unknown_sku");
  }
}

TEST_CASE("Transitions that emit several events, in order", "[order]") {
  OrderFixture f;

  SECTION("Ship: Packed keeps the order in Paid, Shipped moves it") {
    f.paid();
    const std::uint64_t version = f.order.version;
    const mealy::Timestamp now = f.clock.now();
    const auto events = f.accept(
        cmd::Ship{.carrier = "DHL", .tracking = "JD0146", .parcels = 2, .weight_grams = 1900});
    REQUIRE(events.size() == 2);
    CHECK(std::get<ev::Packed>(events[0]) ==
          ev::Packed{.parcels = 2, .weight_grams = 1900, .packed_at = now});
    CHECK(std::get<ev::Shipped>(events[1]) ==
          ev::Shipped{.carrier = "DHL", .tracking = "JD0146", .shipped_at = now});
    CHECK(f.order.version == version + 2);
    REQUIRE(in_state<st::Shipped>(f.order));
    CHECK(std::get<st::Shipped>(f.order.state) ==
          st::Shipped{.carrier = "DHL", .tracking = "JD0146", .shipped_at = now});

    // Applying Packed alone keeps the order in Paid.
    OrderFixture g;
    g.paid();
    REQUIRE(order::evolve(g.order, events[0], g.host).ok());
    CHECK(in_state<st::Paid>(g.order));
  }

  SECTION("Approve: ReviewApproved, then Submitted as the customer would have") {
    f.open();
    f.accept(cmd::AddLine{.line = line("ESPRESSO-PRO", 3, 64900)});
    f.accept(cmd::ApplyCoupon{.code = "STAFF30", .percent_off = 30});
    f.accept(cmd::SetShippingAddress{.shipping_address = address("DE")});
    f.accept(cmd::Submit{.note = "office"});
    REQUIRE(in_state<st::UnderReview>(f.order));
    const mealy::Timestamp now = f.clock.now();
    const auto events = f.accept(cmd::Approve{.reviewer = "rita"});
    REQUIRE(events.size() == 2);
    CHECK(std::get<ev::ReviewApproved>(events[0]) ==
          ev::ReviewApproved{.reviewer = "rita", .approved_at = now});
    // The note and the discount come from the UnderReview state's fields.
    CHECK(std::get<ev::Submitted>(events[1]) ==
          ev::Submitted{.submitted_at = now, .note = "office", .percent_off = 30.0});
    REQUIRE(in_state<st::Submitted>(f.order));
    CHECK(std::get<st::Submitted>(f.order.state).percent_off == 30.0);

    // 3 x 649.00 less 30 % = 1362.90; free shipping in Germany above 100.00
    f.accept(cmd::ConfirmPayment{.payment_id = "pay_2",
                                 .method = PaymentMethod::BankTransfer,
                                 .amount = eur(136290),
                                 .captured_at = now});
    CHECK(in_state<st::Paid>(f.order));
  }
}

TEST_CASE("Actions build the events themselves", "[order]") {
  OrderFixture f;
  f.open();

  SECTION("remove_line records how many items went") {
    f.accept(cmd::AddLine{.line = line("MUG-01", 2, 1250)});
    f.accept(cmd::AddLine{.line = line("MUG-01", 3, 1100)});  // another price: another line
    f.accept(cmd::AddLine{.line = line("TEA-200", 1, 890)});
    auto events = f.accept(cmd::RemoveLine{.sku = "MUG-01"});
    REQUIRE(events.size() == 1);
    CHECK(std::get<ev::LineRemoved>(events[0]) == ev::LineRemoved{.sku = "MUG-01", .quantity = 5});
    REQUIRE(f.order.data.lines.size() == 1);
    CHECK(f.order.data.lines[0].sku == "TEA-200");

    // Nothing guards RemoveLine: an unknown SKU removes nothing.
    events = f.accept(cmd::RemoveLine{.sku = "NOPE"});
    CHECK(std::get<ev::LineRemoved>(events[0]).quantity == 0);
    CHECK(f.order.data.lines.size() == 1);
  }

  SECTION("quote_shipping prices the address") {
    f.accept(cmd::AddLine{.line = line("MUG-01", 2, 1250)});
    auto fee_for = [&](const std::string& country) {
      const auto events = f.accept(cmd::SetShippingAddress{.shipping_address = address(country)});
      const auto& changed = std::get<ev::ShippingAddressChanged>(events.at(0));
      CHECK(changed.shipping_address == address(country));
      CHECK(f.order.data.shipping_address == address(country));  // by name, from the event
      CHECK(f.order.data.shipping_fee == changed.shipping_fee);
      return changed.shipping_fee;
    };
    CHECK(fee_for("DE") == eur(490));
    CHECK(fee_for("FR") == eur(990));
    CHECK(fee_for("US") == eur(2490));
    f.accept(cmd::AddLine{.line = line("MUG-01", 6, 1250)});  // subtotal 100.00
    CHECK(fee_for("FR") == eur(0));
    CHECK(fee_for("US") == eur(2490));
  }

  SECTION("award_points on delivery, kept in the aggregate's data") {
    OrderFixture g;
    g.shipped();
    g.clock.set(kMonday + std::chrono::days(2));
    const auto events = g.accept(cmd::Deliver{.signature = {1, 2, 3}, .received_by = "neighbour"});
    REQUIRE(events.size() == 1);
    const auto& delivered = std::get<ev::Delivered>(events[0]);
    CHECK(delivered.delivered_at == kMonday + std::chrono::days(2));
    CHECK(delivered.signature == mealy::Bytes{1, 2, 3});
    CHECK(delivered.loyalty_points == 25);  // 2 x 12.50
    CHECK(g.order.data.loyalty_points == 25);
    REQUIRE(in_state<st::Delivered>(g.order));
    CHECK(std::get<st::Delivered>(g.order.state).received_by == "neighbour");
  }
}

TEST_CASE("Apply hooks keep data.lines", "[order]") {
  OrderFixture f;
  f.open();
  f.accept(cmd::AddLine{.line = line("MUG-01", 2, 1250)});
  OrderLine blue = line("MUG-01", 1, 1250);
  blue.attributes = {{"colour", "blue"}};
  f.accept(cmd::AddLine{.line = blue});
  f.accept(cmd::AddLine{.line = line("MUG-01", 3, 1250)});  // the same item as the first
  REQUIRE(f.order.data.lines.size() == 2);
  CHECK(f.order.data.lines[0].quantity == 5);
  CHECK(f.order.data.lines[1] == blue);
  CHECK(shop::orders::subtotal_minor(f.order.data) == 6 * 1250);

  f.accept(cmd::RemoveLine{.sku = "MUG-01"});  // all of the SKU, in every variant
  CHECK(f.order.data.lines.empty());
  CHECK(in_state<st::Draft>(f.order));
}

TEST_CASE("Constraint rejections name the field's path", "[order]") {
  OrderFixture f;
  f.open();

  struct Case {
    order::Command command;
    std::string field;
    std::string code;
  };
  Address no_street = address("DE");
  no_street.street_lines.clear();
  OrderLine many_attributes = line("MUG-01", 1, 1250);
  for (int i = 0; i < 17; ++i)
    many_attributes.attributes.emplace(std::to_string(100 + i), "v");
  const std::vector<Case> cases = {
      {cmd::AddLine{.line = line("MUG-01", 0, 1250)}, "line.quantity", "min"},
      {cmd::AddLine{.line = line("MUG-01", 1000, 1250)}, "line.quantity", "max"},
      {cmd::AddLine{.line = line("", 1, 1250)}, "line.sku", "min_length"},
      {cmd::AddLine{.line = many_attributes}, "line.attributes", "max_length"},
      {cmd::SetShippingAddress{.shipping_address = address("DEU")}, "shipping_address.country_code",
       "max_length"},
      {cmd::SetShippingAddress{.shipping_address = no_street}, "shipping_address.street_lines",
       "min_length"},
      {cmd::ApplyCoupon{.code = "WELCOME10", .percent_off = 120}, "percent_off", "max"},
      {cmd::ApplyCoupon{.code = "W1", .percent_off = 10}, "code", "min_length"},
      {cmd::RemoveLine{.sku = ""}, "sku", "min_length"},
      {cmd::Cancel{.reason = ""}, "reason", "min_length"},
  };
  for (const Case& c : cases) {
    INFO(c.field);
    const auto rejection = f.reject(c.command);
    CHECK(rejection.kind == RejectionKind::constraint);
    CHECK(rejection.field == c.field);
    CHECK(rejection.code == c.code);
    CHECK(rejection.state == "Draft");
  }

  const auto rejection = f.reject(cmd::AddLine{.line = line("MUG-01", 0, 1250)});
  CHECK(rejection.command == "AddLine");
  CHECK(rejection.message == "line.quantity must be at least 1");

  SECTION("constraints are checked before the state is") {
    OrderFixture g;
    const auto early = g.reject(cmd::Ship{.carrier = "X", .tracking = "JD0146", .weight_grams = 1});
    CHECK(early.kind == RejectionKind::constraint);
    CHECK(early.field == "carrier");
    CHECK(early.state == "Empty");
    const auto attempt = g.reject(cmd::ConfirmPayment{.payment_id = "p",
                                                      .method = PaymentMethod::Card,
                                                      .amount = eur(1),
                                                      .attempt = 11,
                                                      .captured_at = kMonday});
    CHECK(attempt.field == "attempt");
    CHECK(attempt.code == "max");
  }
}

TEST_CASE("Commands a state does not handle are invalid transitions", "[order]") {
  OrderFixture f;
  f.open();
  const auto rejection =
      f.reject(cmd::Ship{.carrier = "DHL", .tracking = "JD0146", .weight_grams = 100});
  CHECK(rejection.kind == RejectionKind::invalid_transition);
  CHECK(rejection.state == "Draft");
  CHECK(rejection.command == "Ship");
  CHECK(rejection.message ==
        "command 'Ship' is not accepted in state 'Draft'; it accepts AddLine, RemoveLine, "
        "ApplyCoupon, "
        "SetShippingAddress, Validate, Submit, Cancel, AddNote");

  // Empty handles Cancel and AddNote with explicit rejects; it accepts only Open.
  OrderFixture g;
  const auto early = g.reject(cmd::Submit{});
  CHECK(early.kind == RejectionKind::invalid_transition);
  CHECK(early.message == "command 'Submit' is not accepted in state 'Empty'; it accepts Open");
}

TEST_CASE("default: now takes the clock's time", "[order]") {
  OrderFixture f;
  f.clock.set(kMonday + 90s);
  f.open();
  f.accept(cmd::AddLine{.line = line("MUG-01", 1, 1250)});
  f.clock.set(kMonday + 1h);
  const auto events = f.accept(cmd::AddNote{.text = "gift", .author = "desk"});
  CHECK(std::get<ev::NoteAdded>(events[0]).added_at == kMonday + 1h);
  CHECK(std::get<ev::Opened>(f.log[0]).opened_at == kMonday + 90s);
  CHECK(order::to_json(events[0]) ==
        R"({"type":"NoteAdded","version":1,"payload":{"text":"gift","author":"desk",)"
        R"("added_at":"2026-11-23T10:00:00.000000Z"}})");
  CHECK(in_state<st::Draft>(f.order));  // notes never move the order
}

TEST_CASE("Replaying the log reproduces the live aggregate", "[order]") {
  OrderFixture f;
  f.open();
  f.accept(cmd::AddLine{.line = line("MUG-01", 2, 1250)});
  f.accept(cmd::AddLine{.line = line("TEA-200", 1, 890)});
  f.accept(cmd::AddLine{.line = line("MUG-01", 1, 1250)});
  f.accept(cmd::RemoveLine{.sku = "TEA-200"});
  f.accept(cmd::ApplyCoupon{.code = "SPRING15", .percent_off = 15});
  f.accept(cmd::SetShippingAddress{.shipping_address = address("FR")});
  f.accept(cmd::AddNote{.text = "fragile", .author = "desk"});
  f.accept(cmd::Submit{});
  // 3 x 12.50 = 37.50, less 15 % (5.625, rounded to 5.63) = 31.87, plus 9.90 to France
  f.payments.record_capture("pay_3", {.amount = eur(4177), .captured_at = f.clock.now()});
  f.accept(cmd::ConfirmPayment{.payment_id = "pay_3",
                               .method = PaymentMethod::GiftCard,
                               .amount = eur(4177),
                               .captured_at = f.clock.now()});
  f.accept(cmd::Ship{.carrier = "UPS", .tracking = "1Z999", .weight_grams = 1400});
  f.accept(cmd::Deliver{.signature = {0xff}});
  REQUIRE(in_state<st::Delivered>(f.order));
  CHECK(f.order.version == f.log.size());

  shop::orders::Order fresh{.id = f.order.id};
  REQUIRE(order::replay(fresh, f.log, f.host).ok());
  CHECK(fresh == f.order);
  CHECK(order::to_json(fresh) == order::to_json(f.order));  // the same snapshot, byte for byte

  // Replay calls no guard or action: a host without stock or payments will do.
  mealy::FixedClock other_clock{kMonday + std::chrono::days(100)};
  PaymentProvider no_payments;
  OrderHost other_host{other_clock, no_payments};
  shop::orders::Order again{.id = f.order.id};
  REQUIRE(order::replay(again, f.log, other_host).ok());
  CHECK(again == f.order);
}

TEST_CASE("evolve refuses an event the state cannot take, and changes nothing", "[order]") {
  OrderFixture f;
  f.open();
  const shop::orders::Order before = f.order;
  const mealy::Status status =
      order::evolve(f.order, ev::Shipped{.carrier = "DHL", .tracking = "JD0146"}, f.host);
  CHECK_FALSE(status.ok());
  CHECK(status.code() == mealy::StatusCode::corruption);
  CHECK(status.message() == "event 'Shipped' cannot occur in state 'Draft'");
  CHECK(f.order == before);

  // A retired event still applies, for old streams, and keeps the state.
  REQUIRE(order::evolve(f.order, ev::GiftMessageAdded{.message = "happy birthday"}, f.host).ok());
  CHECK(in_state<st::Draft>(f.order));
  CHECK(f.order.version == before.version + 1);
}

TEST_CASE("Old PaymentConfirmed events are upcast by the host", "[order][json]") {
  OrderFixture f;
  order::Event event;

  SECTION("version 1, as PaymentReceived: method and capture time filled in") {
    const mealy::Status status = order::decode_event(
        f.host, "PaymentReceived", 1,
        R"({"payment_id":"gc_77","amount":{"amount_minor":"500","currency":"EUR"},"attempt":0,)"
        R"("received_at":"2025-06-01T12:00:00Z"})",
        event);
    INFO(status.message());
    REQUIRE(status.ok());
    const auto& paid = std::get<ev::PaymentConfirmed>(event);
    CHECK(paid.method == PaymentMethod::GiftCard);
    CHECK(paid.captured_at ==
          mealy::Timestamp(std::chrono::sys_days(std::chrono::year(2025) / 6 / 1)) + 12h);
    CHECK(paid.attempt == 1);
  }

  SECTION("version 2: the method was stored; captured_at takes the schema's default") {
    const mealy::Status status = order::decode_event(
        f.host, "PaymentConfirmed", 2,
        R"({"payment_id":"pay_1","amount":{"amount_minor":"500","currency":"EUR"},"attempt":2,"method":"BankTransfer"})",
        event);
    INFO(status.message());
    REQUIRE(status.ok());
    const auto& paid = std::get<ev::PaymentConfirmed>(event);
    CHECK(paid.method == PaymentMethod::BankTransfer);
    CHECK(paid.captured_at ==
          mealy::Timestamp(std::chrono::sys_days(std::chrono::year(2026) / 1 / 1)));
    CHECK(paid.attempt == 2);
  }

  SECTION("the current version round-trips untouched") {
    const ev::PaymentConfirmed current{.payment_id = "gc_1",
                                       .amount = eur(990),
                                       .attempt = 1,
                                       .method = PaymentMethod::Card,
                                       .captured_at = kMonday};
    std::string payload;
    order::write_payload(payload, order::Event(current));
    const mealy::Status status = order::decode_event(f.host, "PaymentConfirmed", 3, payload, event);
    INFO(status.message());
    REQUIRE(status.ok());
    CHECK(std::get<ev::PaymentConfirmed>(event) == current);
  }
}

namespace {

// The example's host, with an action and an upcast hook that throw when told.
struct ThrowingOrderHost : OrderHost {
  using OrderHost::OrderHost;
  bool fail = false;
  [[nodiscard]] ev::LineRemoved remove_line(const order::Aggregate& aggregate,
                                            const cmd::RemoveLine& command) const {
    if (fail) throw std::runtime_error("the action failed");
    return OrderHost::remove_line(aggregate, command);
  }
  void upcast_payment_confirmed(ev::PaymentConfirmed& event, std::uint32_t stored_version,
                                std::string_view stored_payload) const {
    if (fail) throw std::runtime_error("the upcast hook failed");
    OrderHost::upcast_payment_confirmed(event, stored_version, stored_payload);
  }
};

}  // namespace

TEST_CASE(
    "An action or an upcast hook that throws leaves the store and the repository as they were",
    "[order]") {
  mealy::FixedClock clock{kMonday};
  PaymentProvider payments;
  ThrowingOrderHost host{clock, payments};
  host.set_stock("MUG-01", 40);
  auto opened = mealy::open_store("memory:");
  REQUIRE(opened);
  mealy::EventStore& store = **opened;
  mealy::Repository<order::Machine, ThrowingOrderHost> orders(store, host, clock);
  const mealy::Uuid id = uuid("0195a3c0-7e00-7000-8000-0000000000ab");
  REQUIRE(orders.handle(id, cmd::Open{.customer_id = uuid("5f0c1e2a-0000-4000-8000-0000000000ad")})
              .ok());
  REQUIRE(orders.handle(id, cmd::AddLine{.line = line("MUG-01", 2, 1250)}).ok());

  // The action, called by decide() inside handle().
  host.fail = true;
  CHECK_THROWS_WITH(orders.handle(id, cmd::RemoveLine{.sku = "MUG-01"}), "the action failed");
  CHECK(store.head().value() == 2);
  host.fail = false;
  auto removed = orders.handle(id, cmd::RemoveLine{.sku = "MUG-01"});
  REQUIRE(removed);
  CHECK(std::get<mealy::Committed<order::Machine>>(*removed).aggregate.version == 3);

  // The upcast hook, called by load() for an old event.
  const mealy::Uuid old_id = uuid("0195a3c0-7e00-7000-8000-0000000000ac");
  mealy::AppendRequest old{.stream = mealy::stream_name("Order", old_id)};
  old.events.push_back(
      {.id = mealy::Uuid::v7(clock.now()),
       .type = "PaymentReceived",
       .schema_version = 1,
       .payload = R"({"payment_id":"gc_77","amount":{"amount_minor":"500","currency":"EUR"},)"
                  R"("attempt":0,"received_at":"2025-06-01T12:00:00Z"})"});
  REQUIRE(store.append(old).ok());
  host.fail = true;
  CHECK_THROWS_WITH(orders.load(old_id), "the upcast hook failed");
  host.fail = false;
  // Decoded now, the event is one an empty order cannot take: an error, not a throw.
  auto loaded = orders.load(old_id);
  REQUIRE_FALSE(loaded);
  CHECK(loaded.status().code() == mealy::StatusCode::corruption);
  CHECK(store.head().value() == 4);
  CHECK(orders.load(id).value().aggregate.version == 3);
}
