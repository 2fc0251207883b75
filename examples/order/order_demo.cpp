// order_demo: three customers' orders, handled entirely in memory.
//
// Each command goes through the generated decide(); accepted events are
// printed as canonical JSON, applied with evolve() and appended to the
// order's log; a rejection is printed with its kind, code and message. At the
// end each log is replayed into a fresh aggregate, which must equal the live
// one (the exit status is 1 if one does not). A FixedClock makes the output
// the same on every run.
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "order_host.hpp"

namespace {

using namespace std::chrono_literals;
using shop::money::Currency;
using shop::money::Money;
using shop::orders::Address;
using shop::orders::OrderLine;
using shop::orders::PaymentMethod;
namespace order = shop::orders::order;
namespace cmd = shop::orders::order::commands;

mealy::Uuid uuid(std::string_view text) { return mealy::Uuid::parse(text).value(); }

Money eur(std::int64_t minor) { return {.amount_minor = minor, .currency = Currency::EUR}; }

OrderLine line(std::string sku, std::int32_t quantity, std::int64_t unit_price_minor) {
  return {.sku = std::move(sku), .quantity = quantity, .unit_price = eur(unit_price_minor)};
}

Address address(std::string recipient, std::string street, std::string postal_code, std::string city,
                std::string country_code) {
  return {.recipient = std::move(recipient),
          .street_lines = {std::move(street)},
          .postal_code = std::move(postal_code),
          .city = std::move(city),
          .country_code = std::move(country_code)};
}

// The payload of a command, as canonical JSON.
std::string payload_json(const order::Command& command) {
  std::string out;
  std::visit([&](const auto& item) { order::write(out, item); }, command);
  return out;
}

std::string padded(std::string_view text, std::size_t width) {
  std::string out(text);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

// The shop: its orders, each an aggregate and the log of its events.
class Shop {
 public:
  struct Stream {
    std::string label;
    shop::orders::Order order;
    std::vector<order::Event> log;
  };

  Shop() : clock_(mealy::Timestamp(std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)) + 9h), host_(clock_, payments_) {
    host_.set_stock("MUG-01", 40);
    host_.set_stock("TEA-200", 12);
    host_.set_stock("ESPRESSO-PRO", 5);
    host_.set_stock("VASE-07", 0);
  }

  // Starts the story of a new order.
  void begin(const std::string& label, const order::Id& id, std::string_view story) {
    std::printf("\n== Order %s (%s): %.*s\n", label.c_str(), id.to_string().c_str(), static_cast<int>(story.size()),
                story.data());
    Stream& stream = orders_[id];
    stream.label = label;
    stream.order.id = id;
  }

  // Decides `command` for the order; applies and logs what it emits.
  void handle(const order::Id& id, order::Command command) {
    Stream& stream = orders_.at(id);
    const std::string state(order::name_of(stream.order.state));
    std::printf("%s %s %s\n", padded(state, 11).c_str(), padded(order::name_of(command), 18).c_str(),
                payload_json(command).c_str());
    mealy::Decision<order::Event> decision = order::decide(stream.order, command, host_, clock_);
    const std::string indent(12, ' ');
    if (!decision.accepted()) {
      // A constraint's message speaks of the field by its own name; say where it is.
      const mealy::Rejection& rejection = decision.rejection();
      const std::string message =
          rejection.field.empty() ? rejection.message : rejection.field + ": " + rejection.message;
      std::printf("%s! %s %s %s\n", indent.c_str(), padded(mealy::to_string(rejection.kind), 18).c_str(),
                  padded(rejection.code, 19).c_str(), message.c_str());
    } else if (decision.events().empty()) {
      std::printf("%s= accepted, no events\n", indent.c_str());
    }
    if (decision.accepted()) {
      for (order::Event& event : std::move(decision).events()) {
        std::printf("%s+ %s\n", indent.c_str(), order::to_json(event).c_str());
        if (const mealy::Status status = order::evolve(stream.order, event, host_); !status.ok()) {
          std::printf("%s  evolve failed: %s\n", indent.c_str(), status.message().c_str());
          failures_ += 1;
        }
        stream.log.push_back(std::move(event));
      }
    }
    clock_.set(clock_.now() + 1min);
  }

  // The payment provider captured a payment, then tells the shop.
  void payment_captured(const order::Id& id, const std::string& payment_id, PaymentMethod method, Money amount) {
    payments_.record_capture(payment_id, {.amount = amount, .captured_at = clock_.now()});
    handle(id, cmd::ConfirmPayment{.payment_id = payment_id,
                                   .method = method,
                                   .amount = amount,
                                   .attempt = 1,
                                   .captured_at = clock_.now()});
  }

  void wait(mealy::Duration duration) { clock_.set(clock_.now() + duration); }

  // Replays every log into a fresh aggregate; true when each equals the live one.
  bool replay_all() {
    std::printf("\n== Replay: each order's events, applied to a fresh aggregate\n");
    bool all_same = failures_ == 0;
    for (const auto& [id, stream] : orders_) {
      shop::orders::Order fresh{.id = id};
      const mealy::Status status = order::replay(fresh, stream.log, host_);
      const bool same = status.ok() && fresh == stream.order;
      all_same = all_same && same;
      std::printf("Order %s  %2zu events  %s  %s\n", stream.label.c_str(), stream.log.size(),
                  padded(order::name_of(fresh.state), 10).c_str(),
                  !status.ok() ? ("replay failed: " + status.message()).c_str()
                  : same       ? "same state as the live aggregate"
                               : "DIFFERENT from the live aggregate");
    }
    return all_same;
  }

 private:
  mealy::FixedClock clock_;
  shop::orders::PaymentProvider payments_;
  shop::orders::OrderHost host_;
  std::map<order::Id, Stream> orders_;
  int failures_ = 0;
};

}  // namespace

int main() {
  Shop shop;
  std::printf("Each line: the state, the command and its payload; then the events it\n"
              "emitted (+), or why it was rejected (!: kind, code, message).\n");

  const order::Id ada_order = uuid("0195a3c0-7e00-7000-8000-00000000000a");
  shop.begin("A", ada_order, "Ada buys mugs and tea, pays, receives them");
  shop.handle(ada_order, cmd::Open{.customer_id = uuid("5f0c1e2a-0000-4000-8000-0000000000ad"),
                                   .currency = Currency::EUR,
                                   .channel = "web"});
  shop.handle(ada_order, cmd::AddLine{.line = line("MUG-01", 2, 1250)});
  shop.handle(ada_order, cmd::AddLine{.line = line("TEA-200", 1, 890)});
  shop.handle(ada_order, cmd::AddLine{.line = line("MUG-01", 1, 1250)});  // merges into the first line
  shop.handle(ada_order, cmd::ApplyCoupon{.code = "SUMMER50", .percent_off = 50});
  shop.handle(ada_order, cmd::ApplyCoupon{.code = "welcome10", .percent_off = 10});
  shop.handle(ada_order, cmd::Submit{});
  shop.handle(ada_order, cmd::SetShippingAddress{
                             .shipping_address = address("Ada L.", "Hauptstr. 1", "10115", "Berlin", "DE")});
  shop.handle(ada_order, cmd::Validate{});
  shop.handle(ada_order, cmd::Submit{});
  shop.payment_captured(ada_order, "pay_7Q2", PaymentMethod::Card, eur(7000));
  shop.payment_captured(ada_order, "pay_7Q3", PaymentMethod::Card, eur(4666));
  shop.handle(ada_order, cmd::Ship{.carrier = "DHL", .tracking = "JD0146", .parcels = 1, .weight_grams = 1900});
  shop.handle(ada_order, cmd::Cancel{.reason = "too late"});
  shop.wait(std::chrono::days(2));
  shop.handle(ada_order, cmd::Deliver{.signature = {0x89, 0x50, 0x4e, 0x47}, .received_by = "Ada"});
  shop.handle(ada_order, cmd::AddNote{.text = "thanks!", .author = "ada"});

  const order::Id bob_order = uuid("0195a3c0-7e00-7000-8000-00000000000b");
  shop.begin("B", bob_order, "Bob's large order is reviewed, paid, then cancelled and refunded");
  shop.handle(bob_order, cmd::Open{.customer_id = uuid("5f0c1e2a-0000-4000-8000-0000000000b0"),
                                   .currency = Currency::EUR,
                                   .channel = "phone"});
  shop.handle(bob_order, cmd::AddLine{.line = line("ESPRESSO-PRO", 0, 64900)});
  shop.handle(bob_order, cmd::AddLine{.line = line("ESPRESSO-PRO", 2, 64900)});
  shop.handle(bob_order, cmd::SetShippingAddress{
                             .shipping_address = address("Bob M.", "1 rue Oberkampf", "75011", "Paris", "FRA")});
  shop.handle(bob_order, cmd::SetShippingAddress{
                             .shipping_address = address("Bob M.", "1 rue Oberkampf", "75011", "Paris", "FR")});
  shop.handle(bob_order, cmd::Submit{.note = "for the office"});
  shop.handle(bob_order, cmd::Ship{.carrier = "DHL", .tracking = "JD0147", .parcels = 2, .weight_grams = 14000});
  shop.handle(bob_order, cmd::Approve{.reviewer = "rita"});
  shop.payment_captured(bob_order, "pay_9K1", PaymentMethod::BankTransfer, eur(129800));
  shop.wait(std::chrono::days(3));
  shop.handle(bob_order, cmd::Cancel{.reason = "ordered twice"});

  const order::Id cleo_order = uuid("0195a3c0-7e00-7000-8000-00000000000c");
  shop.begin("C", cleo_order, "Cleo's vase is out of stock; the draft is cancelled");
  shop.handle(cleo_order, cmd::Cancel{.reason = "never mind"});
  shop.handle(cleo_order, cmd::Open{.customer_id = uuid("5f0c1e2a-0000-4000-8000-0000000000c1"),
                                    .currency = Currency::EUR});
  shop.handle(cleo_order, cmd::Submit{});
  shop.handle(cleo_order, cmd::AddLine{.line = line("VASE-07", 1, 4500)});
  shop.handle(cleo_order, cmd::Validate{});
  shop.handle(cleo_order, cmd::RemoveLine{.sku = "VASE-07"});
  shop.handle(cleo_order, cmd::AddNote{.text = "will call back", .author = "desk"});
  shop.handle(cleo_order, cmd::Cancel{.reason = "out of stock"});
  shop.handle(cleo_order, cmd::Open{.customer_id = uuid("5f0c1e2a-0000-4000-8000-0000000000c1")});

  return shop.replay_all() ? 0 : 1;
}
