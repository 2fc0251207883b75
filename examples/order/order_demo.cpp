// order_demo: three customers' orders, handled through the runtime on a store.
//
//   order_demo [STORE_URL]      default sqlite://demo.db (in the working directory)
//
// Each command goes through a mealy::Repository: load (snapshot + events),
// the generated decide(), one append. Accepted events are printed as
// canonical JSON; a rejection with its kind, code and message. Then each
// order is loaded afresh from the store and must equal the live aggregate
// (the exit status is 1 if one does not), the current-state table is brought
// up to date, and the change feed is read from where the last run stopped.
// Run it again on the same store and it opens three more orders and reads
// on from there. A FixedClock makes the output the same on every run.
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "mealy/repository.hpp"
#include "mealy/state_projection.hpp"
#include "mealy/store.hpp"
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

mealy::Uuid uuid(std::string_view text) {
  return mealy::Uuid::parse(text).value();
}

Money eur(std::int64_t minor) {
  return {.amount_minor = minor, .currency = Currency::EUR};
}

OrderLine line(std::string sku, std::int32_t quantity, std::int64_t unit_price_minor) {
  return {.sku = std::move(sku), .quantity = quantity, .unit_price = eur(unit_price_minor)};
}

Address address(std::string recipient, std::string street, std::string postal_code,
                std::string city, std::string country_code) {
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

// The shop: its orders, handled through a repository on the store.
class Shop {
 public:
  explicit Shop(mealy::EventStore& store)
      : store_(store),
        clock_(mealy::Timestamp(std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)) + 9h),
        host_(clock_, payments_),
        orders_(store, host_, clock_) {
    host_.set_stock("MUG-01", 40);
    host_.set_stock("TEA-200", 12);
    host_.set_stock("ESPRESSO-PRO", 5);
    host_.set_stock("VASE-07", 0);
  }

  // Starts the story of a new order.
  void begin(const std::string& label, const order::Id& id, std::string_view story) {
    std::printf("\n== Order %s (%s): %.*s\n", label.c_str(), id.to_string().c_str(),
                static_cast<int>(story.size()), story.data());
    live_[id] = {label, shop::orders::Order{.id = id}};
  }

  // Handles `command` for the order: decide and append, or a rejection.
  void handle(const order::Id& id, const order::Command& command) {
    auto& [label, live] = live_.at(id);
    std::printf("%s %s %s\n", padded(order::name_of(live.state), 11).c_str(),
                padded(order::name_of(command), 18).c_str(), payload_json(command).c_str());
    const std::string indent(12, ' ');
    auto outcome = orders_.handle(id, command, {.actor = "demo"});
    clock_.set(clock_.now() + 1min);
    if (!outcome) {
      std::printf("%sstore error: %s\n", indent.c_str(), outcome.status().message().c_str());
      failures_ += 1;
      return;
    }
    if (const auto* rejected = std::get_if<mealy::Rejected>(&*outcome)) {
      // A constraint's message speaks of the field by its own name; say where it is.
      const mealy::Rejection& rejection = rejected->rejection;
      const std::string message =
          rejection.field.empty() ? rejection.message : rejection.field + ": " + rejection.message;
      std::printf("%s! %s %s %s\n", indent.c_str(),
                  padded(mealy::to_string(rejection.kind), 18).c_str(),
                  padded(rejection.code, 19).c_str(), message.c_str());
      return;
    }
    if (const auto* conflict = std::get_if<mealy::ConcurrencyConflict>(&*outcome)) {
      std::printf("%sconflict: %s\n", indent.c_str(), conflict->conflict.message.c_str());
      failures_ += 1;
      return;
    }
    const auto& committed = std::get<mealy::Committed<order::Machine>>(*outcome);
    if (committed.events.empty()) std::printf("%s= accepted, no events\n", indent.c_str());
    for (const order::Event& event : committed.events) {
      std::printf("%s+ %s\n", indent.c_str(), order::to_json(event).c_str());
    }
    live = committed.aggregate;
  }

  // The payment provider captured a payment, then tells the shop.
  void payment_captured(const order::Id& id, const std::string& payment_id, PaymentMethod method,
                        Money amount) {
    payments_.record_capture(payment_id, {.amount = amount, .captured_at = clock_.now()});
    handle(id, cmd::ConfirmPayment{.payment_id = payment_id,
                                   .method = method,
                                   .amount = amount,
                                   .attempt = 1,
                                   .captured_at = clock_.now()});
  }

  void wait(mealy::Duration duration) { clock_.set(clock_.now() + duration); }

  // Loads each order of this run afresh from the store (its snapshot, if
  // any, and the events after it); true when each equals the live one.
  bool reload_all() {
    std::printf("\n== Reload: each order of this run, loaded afresh from the store\n");
    mealy::Repository<order::Machine, shop::orders::OrderHost> fresh(store_, host_, clock_);
    bool all_same = failures_ == 0;
    for (const auto& [id, entry] : live_) {
      const auto& [label, live] = entry;
      auto loaded = fresh.load(id);
      const bool same = loaded && loaded->aggregate == live;
      all_same = all_same && same;
      if (!loaded) {
        std::printf("Order %s  load failed: %s\n", label.c_str(),
                    loaded.status().message().c_str());
        continue;
      }
      std::printf("Order %s  version %2llu  %s  %s\n", label.c_str(),
                  static_cast<unsigned long long>(loaded->aggregate.version),
                  padded(order::name_of(loaded->aggregate.state), 10).c_str(),
                  same ? "same state as the live aggregate" : "DIFFERENT from the live aggregate");
    }
    return all_same;
  }

  // Brings the order_state table up to date.
  bool project_states() {
    auto reached =
        mealy::StateProjection<order::Machine, shop::orders::OrderHost>::run(store_, host_);
    if (!reached) {
      std::printf("\nthe state projection failed: %s\n", reached.status().message().c_str());
      return false;
    }
    std::printf("\n== order_state is up to date with the log (position %llu)\n",
                static_cast<unsigned long long>(*reached));
    return true;
  }

  // The change feed from where the last run stopped (checkpoint "demo-feed").
  bool read_feed() {
    auto checkpoint = store_.read_checkpoint("demo-feed");
    if (!checkpoint) return false;
    std::uint64_t after = checkpoint->value_or(0);
    std::printf("\n== The change feed after position %llu (where the last run stopped)\n",
                static_cast<unsigned long long>(after));
    std::size_t count = 0;
    while (true) {
      auto page = store_.read_all(after, {.categories = {"Order"}}, 100);
      if (!page) return false;
      for (const mealy::RecordedEvent& event : page->events) {
        ++count;
        std::printf("%6llu  %s  v%-3llu %s\n", static_cast<unsigned long long>(event.position),
                    event.stream.c_str(), static_cast<unsigned long long>(event.stream_version),
                    event.type.c_str());
      }
      // The checkpoint is only ever set past 0: unset stands for 0.
      if (page->next_position != after) {
        auto moved = store_.compare_and_set_checkpoint(
            "demo-feed", after == 0 ? std::nullopt : std::optional(after), page->next_position);
        if (!moved || !*moved) return false;
        after = page->next_position;
      }
      if (page->at_end) break;
    }
    std::printf("%zu events read; the next run reads on from position %llu\n", count,
                static_cast<unsigned long long>(after));
    return true;
  }

 private:
  mealy::EventStore& store_;
  mealy::FixedClock clock_;
  shop::orders::PaymentProvider payments_;
  shop::orders::OrderHost host_;
  mealy::Repository<order::Machine, shop::orders::OrderHost> orders_;
  std::map<order::Id, std::pair<std::string, shop::orders::Order>> live_;
  int failures_ = 0;
};

// The id of a demo order: run and customer in the last digits, so that each
// run opens orders of its own.
order::Id order_id(std::uint64_t run, char customer) {
  char text[64];
  std::snprintf(text, sizeof text, "0195a3c0-7e00-7000-8000-%010llu0%c",
                static_cast<unsigned long long>(run % 10'000'000'000), customer);
  return uuid(text);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string url = argc > 1 ? argv[1] : "sqlite://demo.db";
  auto store = mealy::open_store(url);
  if (!store) {
    std::fprintf(stderr, "order_demo: %s\n", store.status().message().c_str());
    return 1;
  }
  // Each run opens three orders of its own: count the runs before this one.
  auto streams = (*store)->read_all(0, {.event_types = {"Opened"}}, 1'000'000);
  if (!streams) {
    std::fprintf(stderr, "order_demo: %s\n", streams.status().message().c_str());
    return 1;
  }
  const std::uint64_t run = streams->events.size() / 3 + 1;
  // The store's own URL: without the password a PostgreSQL URL may carry.
  std::printf("Store %s: run %llu (%zu orders there before it)\n", (*store)->url().c_str(),
              static_cast<unsigned long long>(run), streams->events.size());
  Shop shop(**store);
  std::printf(
      "Each line: the state, the command and its payload; then the events it\n"
      "emitted (+), or why it was rejected (!: kind, code, message).\n");

  const order::Id ada_order = order_id(run, 'a');
  shop.begin("A", ada_order, "Ada buys mugs and tea, pays, receives them");
  shop.handle(ada_order, cmd::Open{.customer_id = uuid("5f0c1e2a-0000-4000-8000-0000000000ad"),
                                   .currency = Currency::EUR,
                                   .channel = "web"});
  shop.handle(ada_order, cmd::AddLine{.line = line("MUG-01", 2, 1250)});
  shop.handle(ada_order, cmd::AddLine{.line = line("TEA-200", 1, 890)});
  shop.handle(ada_order,
              cmd::AddLine{.line = line("MUG-01", 1, 1250)});  // merges into the first line
  shop.handle(ada_order, cmd::ApplyCoupon{.code = "SUMMER50", .percent_off = 50});
  shop.handle(ada_order, cmd::ApplyCoupon{.code = "welcome10", .percent_off = 10});
  shop.handle(ada_order, cmd::Submit{});
  shop.handle(ada_order,
              cmd::SetShippingAddress{
                  .shipping_address = address("Ada L.", "Hauptstr. 1", "10115", "Berlin", "DE")});
  shop.handle(ada_order, cmd::Validate{});
  shop.handle(ada_order, cmd::Submit{});
  shop.payment_captured(ada_order, "pay_7Q2", PaymentMethod::Card, eur(7000));
  shop.payment_captured(ada_order, "pay_7Q3", PaymentMethod::Card, eur(4666));
  shop.handle(
      ada_order,
      cmd::Ship{.carrier = "DHL", .tracking = "JD0146", .parcels = 1, .weight_grams = 1900});
  shop.handle(ada_order, cmd::Cancel{.reason = "too late"});
  shop.wait(std::chrono::days(2));
  shop.handle(ada_order, cmd::Deliver{.signature = {0x89, 0x50, 0x4e, 0x47}, .received_by = "Ada"});
  shop.handle(ada_order, cmd::AddNote{.text = "thanks!", .author = "ada"});

  const order::Id bob_order = order_id(run, 'b');
  shop.begin("B", bob_order, "Bob's large order is reviewed, paid, then cancelled and refunded");
  shop.handle(bob_order, cmd::Open{.customer_id = uuid("5f0c1e2a-0000-4000-8000-0000000000b0"),
                                   .currency = Currency::EUR,
                                   .channel = "phone"});
  shop.handle(bob_order, cmd::AddLine{.line = line("ESPRESSO-PRO", 0, 64900)});
  shop.handle(bob_order, cmd::AddLine{.line = line("ESPRESSO-PRO", 2, 64900)});
  shop.handle(bob_order,
              cmd::SetShippingAddress{.shipping_address = address("Bob M.", "1 rue Oberkampf",
                                                                  "75011", "Paris", "FRA")});
  shop.handle(bob_order,
              cmd::SetShippingAddress{.shipping_address = address("Bob M.", "1 rue Oberkampf",
                                                                  "75011", "Paris", "FR")});
  shop.handle(bob_order, cmd::Submit{.note = "for the office"});
  shop.handle(
      bob_order,
      cmd::Ship{.carrier = "DHL", .tracking = "JD0147", .parcels = 2, .weight_grams = 14000});
  shop.handle(bob_order, cmd::Approve{.reviewer = "rita"});
  shop.payment_captured(bob_order, "pay_9K1", PaymentMethod::BankTransfer, eur(129800));
  shop.wait(std::chrono::days(3));
  shop.handle(bob_order, cmd::Cancel{.reason = "ordered twice"});

  const order::Id cleo_order = order_id(run, 'c');
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

  const bool same = shop.reload_all();
  const bool projected = shop.project_states();
  const bool fed = shop.read_feed();
  return same && projected && fed ? 0 : 1;
}
