// Orders for the in-memory benchmarks (examples/order/order.yaml): the
// commands of an order's whole life, and the events they produce, stored
// as the store keeps them (type, version, JSON payload).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "order_host.hpp"

namespace mealy::bench {

namespace order = ::shop::orders::order;

// A host whose guards let the orders of order_life() through, with the
// clock and the payment provider it needs.
struct OrderWorld {
  FixedClock clock{Timestamp(std::chrono::microseconds(1'795'000'000'000'000LL))};
  shop::orders::PaymentProvider payments;
  shop::orders::OrderHost host{clock, payments};
};

// The commands of order number `n` from Open to Deliver (3 to 5 lines, a
// shipping address, submit, payment, shipping, delivery): 9 to 11 commands
// that all succeed, in order, from the initial state.
std::vector<order::Command> order_life(std::uint64_t n, OrderWorld& world);

struct StoredEvent {
  std::string type;
  std::uint32_t version = 1;
  std::string payload;
};

// The events of `orders` orders' lives, encoded as the store keeps them.
std::vector<StoredEvent> order_events(std::size_t orders, OrderWorld& world);

}  // namespace mealy::bench
