// Users and access rules of the notebook server (design notes in
// notebook_access.hpp).
#include "notebook_access.hpp"

#include <algorithm>
#include <fstream>
#include <random>

namespace eventbook::notebook {
namespace {

using mealy::http::error_reply;
using mealy::http::Reply;

bool is_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

std::string_view trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

Reply forbidden(std::string_view message) {
  return error_reply(403, "forbidden", message);
}

bool is_member(const notebook::Aggregate& notebook, std::string_view user) {
  return notebook.data.owner == user ||
         std::find(notebook.data.members.begin(), notebook.data.members.end(), user) !=
             notebook.data.members.end();
}

}  // namespace

mealy::Status Users::add_user(std::string token, std::string name, const std::string& where) {
  if (token.empty() || !std::all_of(token.begin(), token.end(), is_token_char)) {
    return mealy::Status::invalid_argument(where + "a token is one or more of A-Z a-z 0-9 - _ . ~");
  }
  if (name.empty() || name.size() > 200)
    return mealy::Status::invalid_argument(where + "a user name is 1 to 200 bytes");
  for (const auto& [known, user] : users_) {
    if (known == token)
      return mealy::Status::invalid_argument(where + "the token of " + name + " is " + user +
                                             "'s already");
  }
  users_.emplace_back(std::move(token), std::move(name));
  return {};
}

mealy::Status Users::add(std::string_view spec) {
  const std::size_t equals = spec.find('=');
  if (equals == std::string_view::npos) {
    return mealy::Status::invalid_argument("--user " + std::string(spec) + ": expected TOKEN=NAME");
  }
  return add_user(std::string(spec.substr(0, equals)), std::string(spec.substr(equals + 1)),
                  "--user " + std::string(spec) + ": ");
}

mealy::Status Users::add_file(const std::string& path) {
  std::ifstream file(path);
  if (!file) return {mealy::StatusCode::io_error, path + ": cannot be read"};
  std::string line;
  for (int number = 1; std::getline(file, line); ++number) {
    const std::string where = path + ":" + std::to_string(number) + ": ";
    std::string_view text = trim(line);
    if (text.empty() || text.front() == '#') continue;
    const std::size_t space = text.find_first_of(" \t");
    if (space == std::string_view::npos)
      return mealy::Status::invalid_argument(where + "expected TOKEN NAME");
    if (mealy::Status status = add_user(std::string(text.substr(0, space)),
                                        std::string(trim(text.substr(space))), where);
        !status.ok()) {
      return status;
    }
  }
  if (file.bad()) return {mealy::StatusCode::io_error, path + ": a read failed"};
  return {};
}

void Users::add_generated(const std::vector<std::string>& names) {
  std::random_device random;
  for (const std::string& name : names) {
    std::string token;
    for (int i = 0; i < 4; ++i) {
      const unsigned value = random();
      for (int shift = 28; shift >= 0; shift -= 4)
        token += "0123456789abcdef"[(value >> shift) & 0xf];
    }
    users_.emplace_back(std::move(token), name);
  }
}

std::optional<std::string> Users::user_of(std::string_view token) const {
  if (token.empty()) return std::nullopt;
  for (const auto& [known, user] : users_) {
    if (known == token) return user;
  }
  return std::nullopt;
}

mealy::Result<Verdict> NotebookAccess::notebook(const mealy::Uuid& id, std::string_view user) {
  auto loaded = notebooks_.load(id);
  if (!loaded) return loaded.status();
  if (loaded->aggregate.version == 0) return Verdict::missing;
  return is_member(loaded->aggregate, user) ? Verdict::allowed : Verdict::forbidden;
}

mealy::Result<Verdict> NotebookAccess::cell(std::string_view id, std::string_view user) {
  auto loaded = cells_.load(std::string(id));
  if (!loaded) return loaded.status();
  if (loaded->aggregate.version == 0) return Verdict::missing;
  return notebook(loaded->aggregate.data.notebook_id, user);
}

std::optional<Reply> NotebookAccess::check(const mealy::Uuid& id, const notebook::Command& command,
                                           std::string_view user) {
  if (const auto* create = std::get_if<notebook::commands::Create>(&command)) {
    if (create->owner != user)
      return forbidden("a notebook's owner must be the user who creates it");
  }
  auto loaded = notebooks_.load(id);
  if (!loaded) return mealy::http::store_error_reply(loaded.status());
  const notebook::Aggregate& notebook = loaded->aggregate;
  if (notebook.version == 0) return std::nullopt;  // the machine answers
  if (!is_member(notebook, user))
    return forbidden("notebook " + id.to_string() + " is not shared with " + std::string(user));
  const bool sharing = std::holds_alternative<notebook::commands::Share>(command) ||
                       std::holds_alternative<notebook::commands::Unshare>(command);
  if (sharing && notebook.data.owner != user)
    return forbidden("only the notebook's owner shares it");
  return std::nullopt;
}

std::optional<Reply> NotebookAccess::check(std::string_view id, const cell::Command& command,
                                           std::string_view user) {
  auto loaded = cells_.load(std::string(id));
  if (!loaded) return mealy::http::store_error_reply(loaded.status());
  mealy::Uuid notebook_id = loaded->aggregate.data.notebook_id;
  if (loaded->aggregate.version == 0) {
    const auto* create = std::get_if<cell::commands::Create>(&command);
    if (create == nullptr) return std::nullopt;  // no_such_cell, from the machine
    notebook_id = create->notebook_id;
  }
  auto verdict = notebook(notebook_id, user);
  if (!verdict) return mealy::http::store_error_reply(verdict.status());
  if (*verdict == Verdict::allowed) return std::nullopt;
  if (*verdict == Verdict::missing)
    return forbidden("there is no notebook " + notebook_id.to_string());
  return forbidden("notebook " + notebook_id.to_string() + " is not shared with " +
                   std::string(user));
}

bool NotebookAccess::authorize(const mealy::http::Access& access) {
  using Kind = mealy::http::Access::Kind;
  switch (access.kind) {
    case Kind::command:
      return true;  // guarded_endpoint() decides, with the payload
    case Kind::changes:
    case Kind::stream:
      return false;  // design note 4
    case Kind::read_instance:
      break;
  }
  mealy::Result<Verdict> verdict = Verdict::forbidden;
  if (access.aggregate == notebook::Machine::kName) {
    auto id = mealy::Uuid::parse(access.id);
    if (!id) return true;  // the endpoint answers 400
    verdict = notebook(*id, access.actor);
  } else {
    verdict = cell(access.id, access.actor);
  }
  // A store error or a missing instance: let the endpoint answer (500, 404).
  return !verdict || *verdict != Verdict::forbidden;
}

}  // namespace eventbook::notebook
