// The shop's host code for the Order aggregate of order.yaml: every guard,
// action, apply hook and upcast hook the generated decide(), evolve() and
// decode_event() call (each is checked at compile time there).
//
// Guards and actions read the aggregate and the command and change nothing.
// Actions that fill a `default: now` timestamp read the host's clock, which
// should be the one given to decide().
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "order.mealy.hpp"

namespace shop::orders {

// An amount of money with its sign, as `-12.50 EUR`.
[[nodiscard]] std::string format_money(const money::Money& money);

// Sums over an order's lines, in the order's currency (minor units).
[[nodiscard]] std::int64_t subtotal_minor(const order::Data& data);
// What the customer pays: the lines less the discount (rounded to the minor
// unit), plus the shipping fee.
[[nodiscard]] money::Money amount_due(const order::Data& data, double percent_off);

// What the shop's payment provider knows: captured payments by id. Stands in
// for the provider's API; the app records each capture it is told about.
class PaymentProvider {
 public:
  struct Capture {
    money::Money amount;
    mealy::Timestamp captured_at;
  };

  void record_capture(const std::string& payment_id, Capture capture);
  [[nodiscard]] std::optional<Capture> find(std::string_view payment_id) const;

  // The id of the refund of a payment: derived from the payment's id, so
  // that a retried refund carries the same id and the provider pays it once.
  [[nodiscard]] static mealy::Uuid refund_id_for(std::string_view payment_id);

 private:
  std::map<std::string, Capture, std::less<>> captures_;
};

class OrderHost {
 public:
  static constexpr std::size_t kMaxLines = 100;
  // Orders above this amount due (1000.00 in the order's currency) are reviewed.
  static constexpr std::int64_t kReviewAboveMinor = 100'000;
  // So are orders with a line of this many items or more.
  static constexpr std::int32_t kReviewQuantity = 50;
  // A paid order is refunded on cancellation until this long after the capture.
  static constexpr mealy::Duration kRefundWindow = std::chrono::days(14);
  // Shipping is free from this subtotal on, within the EU.
  static constexpr std::int64_t kFreeShippingFromMinor = 10'000;

  OrderHost(const mealy::Clock& clock, const PaymentProvider& payments);

  // Items available per SKU; Validate refuses lines that are not.
  void set_stock(const std::string& sku, std::int32_t available);

  // Guards.
  [[nodiscard]] bool has_room_for_line(const order::Aggregate& order,
                                       const order::commands::AddLine& command) const;
  [[nodiscard]] mealy::GuardResult coupon_is_valid(
      const order::Aggregate& order, const order::commands::ApplyCoupon& command) const;
  [[nodiscard]] mealy::GuardResult lines_in_stock(const order::Aggregate& order,
                                                  const order::commands::Validate& command) const;
  [[nodiscard]] bool cart_is_empty(const order::Aggregate& order,
                                   const order::commands::Submit& command) const;
  [[nodiscard]] bool lacks_shipping_address(const order::Aggregate& order,
                                            const order::commands::Submit& command) const;
  [[nodiscard]] bool needs_review(const order::Aggregate& order,
                                  const order::commands::Submit& command) const;
  [[nodiscard]] bool amount_matches(const order::Aggregate& order,
                                    const order::commands::ConfirmPayment& command) const;
  [[nodiscard]] bool within_refund_window(const order::Aggregate& order,
                                          const order::commands::Cancel& command) const;

  // Actions.
  [[nodiscard]] order::events::LineRemoved remove_line(
      const order::Aggregate& order, const order::commands::RemoveLine& command) const;
  [[nodiscard]] order::events::ShippingAddressChanged quote_shipping(
      const order::Aggregate& order, const order::commands::SetShippingAddress& command) const;
  [[nodiscard]] std::tuple<order::events::Refunded, order::events::Cancelled> refund_and_cancel(
      const order::Aggregate& order, const order::commands::Cancel& command) const;
  [[nodiscard]] order::events::Delivered award_points(
      const order::Aggregate& order, const order::commands::Deliver& command) const;

  // Apply hooks (evolve).
  void append_line(order::Aggregate& order, const order::events::LineAdded& event) const;
  void drop_line(order::Aggregate& order, const order::events::LineRemoved& event) const;

  // Upcast hook (decode_event): PaymentConfirmed written at version 1 or 2,
  // or as PaymentReceived or PaymentCaptured.
  void upcast_payment_confirmed(order::events::PaymentConfirmed& event,
                                std::uint32_t stored_version,
                                std::string_view stored_payload) const;

 private:
  const mealy::Clock& clock_;
  const PaymentProvider& payments_;
  std::map<std::string, std::int32_t, std::less<>> stock_;
};

}  // namespace shop::orders
