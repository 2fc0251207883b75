#include "order_host.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "mealy/json_simdjson.hpp"

namespace shop::orders {
namespace {

using order::Aggregate;
namespace commands = order::commands;
namespace events = order::events;
namespace states = order::states;

// The coupon codes the shop hands out, with their discount in percent.
struct Coupon {
  std::string_view code;
  double percent_off;
};
constexpr std::array kCoupons{
    Coupon{"WELCOME10", 10.0},
    Coupon{"SPRING15", 15.0},
    Coupon{"STAFF30", 30.0},
};

// Shipping fees in minor units: within the shop's country, the rest of the
// EU, and the world.
constexpr std::string_view kHomeCountry = "DE";
constexpr std::array<std::string_view, 12> kEuCountries{"AT", "BE", "DK", "ES", "FI", "FR",
                                                        "IE", "IT", "LU", "NL", "PL", "PT"};
constexpr std::int64_t kHomeFee = 490;
constexpr std::int64_t kEuFee = 990;
constexpr std::int64_t kWorldFee = 2490;

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool same_item(const OrderLine& a, const OrderLine& b) {
  return a.sku == b.sku && a.unit_price == b.unit_price && a.gift_wrap == b.gift_wrap &&
         a.attributes == b.attributes;
}

// 64-bit FNV-1a of `text`, continued from `hash`.
std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 0xcbf29ce484222325ull) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

}  // namespace

std::string format_money(const money::Money& money) {
  const std::int64_t units = money.amount_minor / 100;
  const std::int64_t cents = std::llabs(money.amount_minor % 100);
  std::string out = money.amount_minor < 0 && units == 0 ? "-" : "";
  out += std::to_string(units);
  out += cents < 10 ? ".0" : ".";
  out += std::to_string(cents);
  out += ' ';
  out += money::to_string(money.currency);
  return out;
}

std::int64_t subtotal_minor(const order::Data& data) {
  std::int64_t total = 0;
  for (const OrderLine& line : data.lines)
    total += line.unit_price.amount_minor * line.quantity;
  return total;
}

money::Money amount_due(const order::Data& data, double percent_off) {
  const std::int64_t subtotal = subtotal_minor(data);
  const auto discount =
      static_cast<std::int64_t>(std::llround(static_cast<double>(subtotal) * percent_off / 100.0));
  return {.amount_minor = subtotal - discount + data.shipping_fee.amount_minor,
          .currency = data.currency};
}

void PaymentProvider::record_capture(const std::string& payment_id, Capture capture) {
  captures_.insert_or_assign(payment_id, capture);
}

std::optional<PaymentProvider::Capture> PaymentProvider::find(std::string_view payment_id) const {
  if (auto found = captures_.find(payment_id); found != captures_.end()) return found->second;
  return std::nullopt;
}

mealy::Uuid PaymentProvider::refund_id_for(std::string_view payment_id) {
  // A version 8 UUID (RFC 9562, custom): two FNV-1a hashes of the payment id.
  const std::uint64_t high = fnv1a(payment_id);
  const std::uint64_t low = fnv1a(payment_id, high ^ 0x9e3779b97f4a7c15ull);
  std::array<std::uint8_t, 16> bytes{};
  for (int i = 0; i < 8; ++i) {
    bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(high >> (56 - 8 * i));
    bytes[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(low >> (56 - 8 * i));
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0f) | 0x80);  // version 8
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3f) | 0x80);  // RFC 9562 variant
  return mealy::Uuid(bytes);
}

OrderHost::OrderHost(const mealy::Clock& clock, const PaymentProvider& payments)
    : clock_(clock), payments_(payments) {}

void OrderHost::set_stock(const std::string& sku, std::int32_t available) {
  stock_.insert_or_assign(sku, available);
}

// --- Guards -------------------------------------------------------------------

bool OrderHost::has_room_for_line(const Aggregate& order, const commands::AddLine& command) const {
  // A line that merges into one already there takes no room.
  const auto& lines = order.data.lines;
  return lines.size() < kMaxLines ||
         std::any_of(lines.begin(), lines.end(),
                     [&](const OrderLine& line) { return same_item(line, command.line); });
}

mealy::GuardResult OrderHost::coupon_is_valid(const Aggregate& order,
                                              const commands::ApplyCoupon& command) const {
  const std::string code = upper(command.code);
  const auto* coupon = std::find_if(kCoupons.begin(), kCoupons.end(),
                                    [&](const Coupon& c) { return c.code == code; });
  if (coupon == kCoupons.end()) return mealy::GuardResult::refuse("unknown_coupon");
  if (coupon->percent_off != command.percent_off)
    return mealy::GuardResult::refuse("wrong_discount");
  const auto* draft = std::get_if<states::Draft>(&order.state);
  if (draft != nullptr && draft->percent_off > 0.0)
    return mealy::GuardResult::refuse("coupon_already_applied");
  return mealy::GuardResult::allow();
}

mealy::GuardResult OrderHost::lines_in_stock(const Aggregate& order,
                                             const commands::Validate& /*command*/) const {
  for (const OrderLine& line : order.data.lines) {
    const auto found = stock_.find(line.sku);
    if (found == stock_.end()) return mealy::GuardResult::refuse("unknown_sku");
    if (found->second < line.quantity) return mealy::GuardResult::refuse("out_of_stock");
  }
  return mealy::GuardResult::allow();
}

bool OrderHost::cart_is_empty(const Aggregate& order, const commands::Submit& /*command*/) const {
  return order.data.lines.empty();
}

bool OrderHost::lacks_shipping_address(const Aggregate& order,
                                       const commands::Submit& /*command*/) const {
  // SetShippingAddress validates the address, so a set one has a recipient.
  return order.data.shipping_address.recipient.empty();
}

bool OrderHost::needs_review(const Aggregate& order, const commands::Submit& /*command*/) const {
  const auto* draft = std::get_if<states::Draft>(&order.state);
  const double percent_off = draft != nullptr ? draft->percent_off : 0.0;
  if (amount_due(order.data, percent_off).amount_minor > kReviewAboveMinor) return true;
  return std::any_of(order.data.lines.begin(), order.data.lines.end(),
                     [](const OrderLine& line) { return line.quantity >= kReviewQuantity; });
}

bool OrderHost::amount_matches(const Aggregate& order,
                               const commands::ConfirmPayment& command) const {
  const auto* submitted = std::get_if<states::Submitted>(&order.state);
  return submitted != nullptr && command.amount == amount_due(order.data, submitted->percent_off);
}

bool OrderHost::within_refund_window(const Aggregate& order,
                                     const commands::Cancel& /*command*/) const {
  const auto* paid = std::get_if<states::Paid>(&order.state);
  if (paid == nullptr) return false;
  const auto capture = payments_.find(paid->payment_id);
  return capture.has_value() && clock_.now() - capture->captured_at <= kRefundWindow;
}

// --- Actions ------------------------------------------------------------------

events::LineRemoved OrderHost::remove_line(const Aggregate& order,
                                           const commands::RemoveLine& command) const {
  // RemoveLine has no guard: an unknown SKU removes nothing, with quantity 0.
  std::int32_t quantity = 0;
  for (const OrderLine& line : order.data.lines) {
    if (line.sku == command.sku) quantity += line.quantity;
  }
  return {.sku = command.sku, .quantity = quantity};
}

events::ShippingAddressChanged OrderHost::quote_shipping(
    const Aggregate& order, const commands::SetShippingAddress& command) const {
  const std::string country = upper(command.shipping_address.country_code);
  const bool home = country == kHomeCountry;
  const bool eu =
      home || std::find(kEuCountries.begin(), kEuCountries.end(), country) != kEuCountries.end();
  std::int64_t fee = home ? kHomeFee : eu ? kEuFee : kWorldFee;
  if (eu && subtotal_minor(order.data) >= kFreeShippingFromMinor) fee = 0;
  return {.shipping_address = command.shipping_address,
          .shipping_fee = {.amount_minor = fee, .currency = order.data.currency}};
}

std::tuple<events::Refunded, events::Cancelled> OrderHost::refund_and_cancel(
    const Aggregate& order, const commands::Cancel& command) const {
  // within_refund_window has found the capture; refund what was captured.
  const auto& paid = std::get<states::Paid>(order.state);
  const auto capture = payments_.find(paid.payment_id);
  const money::Money amount = capture ? capture->amount : amount_due(order.data, 0.0);
  return {
      events::Refunded{.refund_id = PaymentProvider::refund_id_for(paid.payment_id),
                       .amount = amount},
      events::Cancelled{.reason = command.reason, .cancelled_at = clock_.now(), .restock = true}};
}

events::Delivered OrderHost::award_points(const Aggregate& order,
                                          const commands::Deliver& command) const {
  // One point per whole unit of the lines' subtotal; gift-wrapped orders earn 10 more.
  std::int64_t points = subtotal_minor(order.data) / 100;
  if (std::any_of(order.data.lines.begin(), order.data.lines.end(),
                  [](const OrderLine& line) { return line.gift_wrap; })) {
    points += 10;
  }
  return {.delivered_at = clock_.now(),
          .signature = command.signature,
          .received_by = command.received_by,
          .loyalty_points = std::max<std::int64_t>(points, 0)};
}

// --- Apply hooks --------------------------------------------------------------

void OrderHost::append_line(Aggregate& order, const events::LineAdded& event) const {
  auto& lines = order.data.lines;
  auto same = std::find_if(lines.begin(), lines.end(),
                           [&](const OrderLine& line) { return same_item(line, event.line); });
  if (same != lines.end()) {
    same->quantity += event.line.quantity;
  } else {
    lines.push_back(event.line);
  }
}

void OrderHost::drop_line(Aggregate& order, const events::LineRemoved& event) const {
  std::erase_if(order.data.lines, [&](const OrderLine& line) { return line.sku == event.sku; });
}

// --- Upcast hook --------------------------------------------------------------

void OrderHost::upcast_payment_confirmed(events::PaymentConfirmed& event,
                                         std::uint32_t stored_version,
                                         std::string_view stored_payload) const {
  if (stored_version < 2) {
    // Version 1 did not record the method. Card payments were the rule, but
    // gift card payments already had ids of their own, "gc_...".
    event.method =
        event.payment_id.starts_with("gc_") ? PaymentMethod::GiftCard : PaymentMethod::Card;
  }
  if (stored_version < 3) {
    // Before version 3 the capture time was not recorded; PaymentReceived
    // events kept the time the shop heard of it, `received_at`, which is
    // closer than the schema's default.
    mealy::Timestamp received_at{};
    bool found = false;
    const mealy::Status status = mealy::json::decode_document(
        stored_payload, {}, [&](mealy::json::ReadContext& ctx, mealy::json::Value value) {
          simdjson::ondemand::object object;
          if (mealy::json::simdjson_value(value).get_object().get(object) != simdjson::SUCCESS) {
            return ctx.fail_type("object", value);
          }
          simdjson::ondemand::value item;
          if (object.find_field_unordered("received_at").get(item) != simdjson::SUCCESS)
            return true;
          ctx.push_key("received_at");
          found = mealy::json::read(ctx, mealy::json::handle(item), received_at);
          return found;
        });
    if (status.ok() && found) event.captured_at = received_at;
  }
  if (event.attempt == 0) event.attempt = 1;  // attempts were counted from 1 once they were counted
}

}  // namespace shop::orders
