#include "handwritten_order.hpp"

#include <tuple>

namespace mealy::bench::handwritten {
namespace {

namespace commands = order::commands;
namespace events = order::events;
namespace states = order::states;

// Commands every non-final state takes unless it handles them itself.
Refusal aggregate_wide(const order::Command& command, Timestamp now,
                       std::vector<order::Event>& out) {
  if (const auto* cancel = std::get_if<commands::Cancel>(&command)) {
    out.emplace_back(
        events::Cancelled{.reason = cancel->reason, .cancelled_at = now, .restock = true});
    return Refusal::none;
  }
  if (const auto* note = std::get_if<commands::AddNote>(&command)) {
    out.emplace_back(
        events::NoteAdded{.text = note->text, .author = note->author, .added_at = now});
    return Refusal::none;
  }
  return Refusal::invalid_transition;
}

Refusal draft(const order::Aggregate& a, const states::Draft& state, const order::Command& command,
              shop::orders::OrderHost& host, Timestamp now, std::vector<order::Event>& out) {
  switch (command.index()) {
    case 1: {
      const auto& c = std::get<commands::AddLine>(command);
      if (!host.has_room_for_line(a, c)) return Refusal::rejected;
      out.emplace_back(events::LineAdded{.line = c.line});
      return Refusal::none;
    }
    case 2:
      out.emplace_back(host.remove_line(a, std::get<commands::RemoveLine>(command)));
      return Refusal::none;
    case 3: {
      const auto& c = std::get<commands::ApplyCoupon>(command);
      if (!host.coupon_is_valid(a, c).allowed) return Refusal::guard;
      out.emplace_back(events::CouponApplied{.code = c.code, .percent_off = c.percent_off});
      return Refusal::none;
    }
    case 4:
      out.emplace_back(host.quote_shipping(a, std::get<commands::SetShippingAddress>(command)));
      return Refusal::none;
    case 5:
      return host.lines_in_stock(a, std::get<commands::Validate>(command)).allowed ? Refusal::none
                                                                                   : Refusal::guard;
    case 6: {
      const auto& c = std::get<commands::Submit>(command);
      if (host.cart_is_empty(a, c) || host.lacks_shipping_address(a, c)) return Refusal::rejected;
      if (host.needs_review(a, c)) {
        out.emplace_back(events::ReviewRequested{.note = c.note, .requested_at = now});
      } else {
        out.emplace_back(events::Submitted{
            .submitted_at = now, .note = c.note, .percent_off = state.percent_off});
      }
      return Refusal::none;
    }
    default:
      return aggregate_wide(command, now, out);
  }
}

}  // namespace

Refusal decide(const order::Aggregate& a, const order::Command& command,
               shop::orders::OrderHost& host, const mealy::Clock& clock,
               std::vector<order::Event>& out) {
  out.clear();
  if (order::validate(command)) return Refusal::constraint;
  const Timestamp now = clock.now();
  switch (a.state.index()) {
    case 0:  // Empty
      if (const auto* open = std::get_if<commands::Open>(&command)) {
        out.emplace_back(events::Opened{.customer_id = open->customer_id,
                                        .currency = open->currency,
                                        .channel = open->channel,
                                        .opened_at = now});
        return Refusal::none;
      }
      return command.index() == 11 || command.index() == 12 ? Refusal::rejected
                                                            : Refusal::invalid_transition;
    case 1:
      return draft(a, std::get<states::Draft>(a.state), command, host, now, out);
    case 2:  // UnderReview
      if (const auto* approve = std::get_if<commands::Approve>(&command)) {
        const auto& state = std::get<states::UnderReview>(a.state);
        out.emplace_back(events::ReviewApproved{.reviewer = approve->reviewer, .approved_at = now});
        out.emplace_back(events::Submitted{
            .submitted_at = now, .note = state.note, .percent_off = state.percent_off});
        return Refusal::none;
      }
      return aggregate_wide(command, now, out);
    case 3:  // Submitted
      if (const auto* pay = std::get_if<commands::ConfirmPayment>(&command)) {
        if (!host.amount_matches(a, *pay)) return Refusal::rejected;
        out.emplace_back(events::PaymentConfirmed{.payment_id = pay->payment_id,
                                                  .amount = pay->amount,
                                                  .attempt = pay->attempt,
                                                  .method = pay->method,
                                                  .captured_at = pay->captured_at});
        return Refusal::none;
      }
      return aggregate_wide(command, now, out);
    case 4:  // Paid
      if (const auto* ship = std::get_if<commands::Ship>(&command)) {
        out.emplace_back(events::Packed{
            .parcels = ship->parcels, .weight_grams = ship->weight_grams, .packed_at = now});
        out.emplace_back(events::Shipped{
            .carrier = ship->carrier, .tracking = ship->tracking, .shipped_at = now});
        return Refusal::none;
      }
      if (const auto* cancel = std::get_if<commands::Cancel>(&command)) {
        if (!host.within_refund_window(a, *cancel)) return Refusal::rejected;
        auto [refunded, cancelled] = host.refund_and_cancel(a, *cancel);
        out.emplace_back(std::move(refunded));
        out.emplace_back(std::move(cancelled));
        return Refusal::none;
      }
      return aggregate_wide(command, now, out);
    case 5:  // Shipped
      if (const auto* deliver = std::get_if<commands::Deliver>(&command)) {
        out.emplace_back(host.award_points(a, *deliver));
        return Refusal::none;
      }
      if (command.index() == 11) return Refusal::rejected;
      return command.index() == 12 ? aggregate_wide(command, now, out)
                                   : Refusal::invalid_transition;
    default:  // Delivered, Cancelled: final
      return Refusal::invalid_transition;
  }
}

bool evolve(order::Aggregate& a, const order::Event& event, shop::orders::OrderHost& host) {
  const std::size_t state = a.state.index();
  const std::size_t type = event.index();
  if (type == 15 ||
      (type == 14 && state <= 5)) {  // GiftMessageAdded anywhere; NoteAdded while open
    ++a.version;
    return true;
  }
  if (type == 13 && state >= 1 && state <= 4) {  // Cancelled
    const auto& e = std::get<events::Cancelled>(event);
    a.state = states::Cancelled{.reason = e.reason, .cancelled_at = e.cancelled_at};
    ++a.version;
    return true;
  }
  switch (state * 16 + type) {
    case 0 * 16 + 0: {  // Empty, Opened
      const auto& e = std::get<events::Opened>(event);
      a.state = states::Draft{.percent_off = 0.0};
      a.data.customer_id = e.customer_id;
      a.data.currency = e.currency;
      break;
    }
    case 1 * 16 + 1:
      host.append_line(a, std::get<events::LineAdded>(event));
      break;
    case 1 * 16 + 2:
      host.drop_line(a, std::get<events::LineRemoved>(event));
      break;
    case 1 * 16 + 3:
      std::get<states::Draft>(a.state).percent_off =
          std::get<events::CouponApplied>(event).percent_off;
      break;
    case 1 * 16 + 4: {
      const auto& e = std::get<events::ShippingAddressChanged>(event);
      a.data.shipping_address = e.shipping_address;
      a.data.shipping_fee = e.shipping_fee;
      break;
    }
    case 1 * 16 + 5:
    case 2 * 16 + 5: {  // Submitted, from Draft or UnderReview
      const auto& e = std::get<events::Submitted>(event);
      a.state = states::Submitted{.submitted_at = e.submitted_at,
                                  .percent_off = e.percent_off,
                                  .payment_window = std::chrono::hours(72)};
      break;
    }
    case 1 * 16 + 6: {
      const auto& e = std::get<events::ReviewRequested>(event);
      const double percent_off = std::get<states::Draft>(a.state).percent_off;
      a.state = states::UnderReview{.note = e.note, .percent_off = percent_off};
      break;
    }
    case 2 * 16 + 7:   // ReviewApproved
    case 4 * 16 + 9:   // Packed
    case 4 * 16 + 12:  // Refunded
      break;
    case 3 * 16 + 8: {
      const auto& e = std::get<events::PaymentConfirmed>(event);
      a.state = states::Paid{.payment_id = e.payment_id, .method = e.method};
      break;
    }
    case 4 * 16 + 10: {
      const auto& e = std::get<events::Shipped>(event);
      a.state =
          states::Shipped{.carrier = e.carrier, .tracking = e.tracking, .shipped_at = e.shipped_at};
      break;
    }
    case 5 * 16 + 11: {
      const auto& e = std::get<events::Delivered>(event);
      a.state = states::Delivered{.delivered_at = e.delivered_at, .received_by = e.received_by};
      a.data.loyalty_points = e.loyalty_points;
      break;
    }
    default:
      return false;
  }
  ++a.version;
  return true;
}

}  // namespace mealy::bench::handwritten
