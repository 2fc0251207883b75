// The Shipment and Invoice machines of examples/order/order.yaml, given/when/then
// with mealy/testing.hpp: every transition of both, with the apply hook
// Shipment needs.
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <string>

#include "mealy/testing.hpp"
#include "order.mealy.hpp"

namespace {

using namespace std::chrono_literals;
namespace shipment = shop::orders::shipment;
namespace invoice = shop::orders::invoice;
using mealy::RejectionKind;
using shop::money::Currency;
using shop::money::Money;

const mealy::Timestamp kMondayMorning =
    mealy::Timestamp(std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)) + 9h;
const mealy::Uuid kOrder = mealy::Uuid::parse("0195a3c0-7e00-7000-8000-0000000000aa").value();

// Shipment's `apply: record_checkpoint`: each depot's last scan.
struct ShipmentHost {
  void record_checkpoint(shipment::Aggregate& parcel, const shipment::events::Scanned& scan) const {
    parcel.data.checkpoints[scan.depot] = scan.scanned_at;
  }
};
// Invoice has no hooks.
struct InvoiceHost {};

using Parcel = mealy::testing::Scenario<shipment::Machine, ShipmentHost>;
using Bill = mealy::testing::Scenario<invoice::Machine, InvoiceHost>;

shipment::events::Registered registered() {
  return {.order_id = kOrder,
          .carrier = "DHL",
          .pickup_window = 90min,
          .options = {{"service", "standard"}}};
}
shipment::commands::Scan scan(std::string depot, mealy::Timestamp at) {
  return {.depot = std::move(depot), .latitude = 52.52, .longitude = 13.40, .scanned_at = at};
}
Money euros(std::int64_t minor) {
  return {.amount_minor = minor, .currency = Currency::EUR};
}

}  // namespace

TEST_CASE("Shipment: registered, scanned on the way, delivered", "[order][shipment]") {
  ShipmentHost host;
  mealy::FixedClock clock{kMondayMorning};
  Parcel parcel(host, clock, "JD0146");

  const auto registering =
      parcel.when(shipment::commands::RegisterParcel{.order_id = kOrder, .carrier = "DHL"});
  CHECK(registering.emitted(registered()));
  CHECK(registering.in_state("AwaitingPickup"));

  const auto picked_up = parcel.when(scan("Berlin", kMondayMorning + 1h));
  CHECK(picked_up.emitted(shipment::events::Scanned{.depot = "Berlin",
                                                    .latitude = 52.52,
                                                    .longitude = 13.40,
                                                    .scanned_at = kMondayMorning + 1h}));
  CHECK(picked_up.in_state("InTransit"));

  const auto later = parcel.when(scan("Leipzig", kMondayMorning + 5h));
  CHECK(later.in_state("InTransit"));
  CHECK(later.aggregate().data.checkpoints ==
        std::map<std::string, mealy::Timestamp>{{"Berlin", kMondayMorning + 1h},
                                                {"Leipzig", kMondayMorning + 5h}});

  const auto delivered = parcel.when(shipment::commands::ConfirmDelivery{});
  CHECK(delivered.emitted(shipment::events::DeliveryConfirmed{.delivered_at = kMondayMorning}));
  CHECK(delivered.in_state("Arrived"));
  CHECK(
      parcel.when(scan("Berlin", kMondayMorning + 9h)).rejected(RejectionKind::invalid_transition));
}

TEST_CASE("Shipment: a parcel lost before or after pickup", "[order][shipment]") {
  ShipmentHost host;
  mealy::FixedClock clock{kMondayMorning};
  const shipment::commands::ReportLoss loss{.reason = "the van burned"};
  {
    Parcel parcel(host, clock, "JD0147");
    parcel.given(registered());
    const auto lost = parcel.when(loss);
    CHECK(lost.emitted(shipment::events::LossReported{.reason = "the van burned"}));
    CHECK(lost.in_state("Lost"));
  }
  {
    Parcel parcel(host, clock, "JD0148");
    parcel.given(registered(),
                 shipment::events::Scanned{.depot = "Berlin", .scanned_at = kMondayMorning});
    shipment::commands::Scan off_the_map = scan("Hamburg", kMondayMorning + 1h);
    off_the_map.latitude = 91;
    CHECK(parcel.when(off_the_map).rejected(RejectionKind::constraint, "max"));
    CHECK(parcel.when(loss).in_state("Lost"));
  }
}

TEST_CASE("Invoice: issued, then paid or voided", "[order][invoice]") {
  InvoiceHost host;
  mealy::FixedClock clock{kMondayMorning};
  const invoice::events::Issued issued{
      .order_id = kOrder, .total = euros(2990), .due_in = 720h, .issued_at = kMondayMorning};
  {
    Bill bill(host, clock, 1001);
    const auto issuing =
        bill.when(invoice::commands::Issue{.order_id = kOrder, .total = euros(2990)});
    CHECK(issuing.emitted(issued));
    CHECK(issuing.in_state("Outstanding"));
    const auto paid = bill.when(invoice::commands::RecordPayment{.paid_at = kMondayMorning + 48h});
    CHECK(paid.emitted(invoice::events::InvoicePaid{.paid_at = kMondayMorning + 48h}));
    CHECK(paid.in_state("Settled"));
  }
  {
    Bill bill(host, clock, 1002);
    bill.given(issued);
    const auto voided = bill.when(invoice::commands::VoidInvoice{.reason = "duplicate"});
    CHECK(voided.emitted(invoice::events::Voided{.reason = "duplicate"}));
    CHECK(voided.in_state("Voided"));
  }
}
