// Checks of the file's `types`: names, enum members, record fields, and
// records that would contain themselves.
#pragma once

#include "checker/context.hpp"

namespace mealy::schema::checker {

void check_type_decls(Context& ctx);

}  // namespace mealy::schema::checker
