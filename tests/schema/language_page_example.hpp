// The complete example of schema-language.md ("A complete example"), verbatim,
// shared by the tests of the loader and the checker. Line 1 is its comment,
// so line numbers in tests match the language page's listing.
#pragma once

namespace mealy::test {

inline constexpr const char* kLanguagePageExample =
    R"(# yaml-language-server: $schema=<path to the project's mealy.schema.json>
mealy: 1
package: shop.orders
doc: Customer orders, from cart to delivery.

types:
  Currency:
    enum: [EUR, USD, GBP]
  Money:
    fields:
      amount_minor: int64
      currency: Currency
  OrderLine:
    fields:
      sku: {type: string, min_length: 1}
      quantity: {type: int32, min: 1}
      price: Money

aggregates:
  Order:
    doc: One customer's order.
    id: uuid
    snapshot_every: 100
    fields:                       # aggregate-wide data, kept across states
      customer_id: string
      lines: {type: list<OrderLine>, default: []}

    commands:
      Open:           {fields: {customer_id: string}}
      AddLine:        {fields: {line: OrderLine}}
      Submit:         {}
      ConfirmPayment: {fields: {payment_id: string}}
      Ship:           {fields: {tracking: string}}
      Cancel:         {fields: {reason: string}}

    events:
      Opened:         {fields: {customer_id: string}}
      LineAdded:      {fields: {line: OrderLine}, apply: append_line}
      Submitted:      {fields: {submitted_at: {type: timestamp, default: now}}}
      PaymentConfirmed:
        version: 2
        fields:
          payment_id: string
          provider: {type: string, default: "card", since: 2}
      Shipped:        {fields: {tracking: string}}
      Cancelled:      {fields: {reason: string}}

    on:                           # in every non-final state, unless the state says otherwise
      Cancel: {emit: Cancelled, to: Cancelled}

    states:
      New:
        initial: true
        on:
          Open: {emit: Opened, to: Draft}
          Cancel: {reject: not_opened}          # a documented refusal
      Draft:
        on:
          AddLine: {emit: LineAdded}            # no `to`: stays in Draft
          Submit:
            - {guard: has_lines, emit: Submitted, to: Submitted}
      Submitted:
        fields: {submitted_at: timestamp}
        on:
          ConfirmPayment: {emit: PaymentConfirmed, to: Paid}
      Paid:
        fields: {payment_id: string}
        on:
          Ship: {emit: Shipped, to: Shipped}
          Cancel: {reject: already_paid}
      Shipped:   {final: true, fields: {tracking: string}}
      Cancelled: {final: true, fields: {reason: string}}
)";

}  // namespace mealy::test
