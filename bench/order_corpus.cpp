#include "order_corpus.hpp"

#include "harness.hpp"

namespace mealy::bench {

namespace commands = order::commands;

std::vector<order::Command> order_life(std::uint64_t n, OrderWorld& world) {
  std::vector<order::Command> life;
  life.push_back(
      commands::Open{.customer_id = Uuid({0x01, 0x93, 0, 0, 0, 0, 0x70, 0, 0x80, 0, 0, 0, 0, 0, 0,
                                          static_cast<std::uint8_t>(n)}),
                     .currency = shop::money::Currency::EUR,
                     .channel = n % 2 ? std::optional<std::string>("web") : std::nullopt});
  const std::size_t lines = 3 + n % 3;
  for (std::size_t i = 0; i < lines; ++i) {
    shop::orders::OrderLine line{
        .sku = "SKU-" + std::to_string(10000 + (n * 31 + i) % 9000),
        .quantity = static_cast<std::int32_t>(1 + i % 4),
        .unit_price = {.amount_minor = static_cast<std::int64_t>(499 + 250 * i),
                       .currency = shop::money::Currency::EUR},
        .gift_wrap = i == 1,
        .attributes = {}};
    if (i % 2 == 0) line.attributes = {{"colour", "navy"}, {"size", "M"}};
    world.host.set_stock(line.sku, 1000);
    life.push_back(commands::AddLine{.line = std::move(line)});
  }
  life.push_back(commands::SetShippingAddress{
      .shipping_address = {.recipient = "Ada Lovelace",
                           .street_lines = {"12 St James's Square", "Flat 3"},
                           .postal_code = "SW1Y 4JH",
                           .city = "London",
                           .country_code = "GB",
                           .instructions = "Leave with the concierge"}});
  life.push_back(commands::Submit{.note = std::nullopt});
  // The payment: what the order's lines and fee come to, as the guard checks.
  order::Aggregate draft{};
  order::Aggregate* at = &draft;
  for (const auto& command : life) {
    auto decision = order::decide(*at, command, world.host, world.clock);
    if (!decision.accepted()) fail("order_life: " + decision.rejection().message);
    for (const auto& event : decision.events())
      (void)order::evolve(*at, event, world.host);
  }
  const auto& submitted = std::get<order::states::Submitted>(at->state);
  const std::string payment_id = "pay_" + std::to_string(n);
  const auto amount = shop::orders::amount_due(at->data, submitted.percent_off);
  world.payments.record_capture(payment_id, {amount, world.clock.now()});
  life.push_back(commands::ConfirmPayment{.payment_id = payment_id,
                                          .method = shop::orders::PaymentMethod::Card,
                                          .amount = amount,
                                          .attempt = 1,
                                          .captured_at = world.clock.now()});
  life.push_back(commands::Ship{.carrier = "DHL",
                                .tracking = "JD0146000033" + std::to_string(n),
                                .parcels = 1,
                                .weight_grams = 1250});
  life.push_back(commands::Deliver{.signature = Bytes(48, 0x5a), .received_by = "A. Lovelace"});
  return life;
}

std::vector<StoredEvent> order_events(std::size_t orders, OrderWorld& world) {
  std::vector<StoredEvent> corpus;
  for (std::size_t n = 0; n < orders; ++n) {
    order::Aggregate aggregate{};
    for (const auto& command : order_life(n, world)) {
      auto decision = order::decide(aggregate, command, world.host, world.clock);
      if (!decision.accepted()) fail("order_events: " + decision.rejection().message);
      for (const auto& event : decision.events()) {
        (void)order::evolve(aggregate, event, world.host);
        StoredEvent& stored = corpus.emplace_back();
        stored.type = order::name_of(event);
        stored.version = order::version_of(event);
        order::write_payload(stored.payload, event);
      }
    }
  }
  return corpus;
}

}  // namespace mealy::bench
