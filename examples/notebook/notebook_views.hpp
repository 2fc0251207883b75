// The notebook server's views (mealy/http/view.hpp): the queries EventBook's
// seed lists, over the tables of notebook_tables.hpp, served once and live.
//
//   notebooks               the notebooks the caller owns or is a member of
//   notebook?id=N           one notebook's metadata
//   cells?notebook=N        a notebook's cells in fractional order; with
//                           since=C only those changed after cursor C, deleted
//                           ones as tombstones (204 when none changed)
//   cell?id=C               one cell's source and state
//   execution?cell=C        a cell's latest execution: state, outputs, timings
//   me                      the caller's user name (the web client has a token)
//
// Bodies: examples/notebook/README.md, "Views". Each view checks access
// with NotebookAccess (403, 404 for a notebook or cell with no events) and
// answers with the cursor its rows reflect: for `cells`, the largest
// position among the notebook's rows (notebook_tables.hpp, design note 3);
// for the others, the position the tables had reached before the query.
#pragma once

#include <memory>
#include <vector>

#include "mealy/http/view.hpp"
#include "mealy/subscription.hpp"
#include "notebook_access.hpp"

namespace eventbook::notebook {

// What every view reads through.
struct ViewContext {
  mealy::EventStore& store;
  mealy::Subscription& tables;  // NotebookTables::start's subscription
  NotebookAccess& access;
};

// The six views; `context` must outlive them.
std::vector<std::unique_ptr<mealy::http::ViewEndpoint>> make_views(ViewContext& context);

}  // namespace eventbook::notebook
