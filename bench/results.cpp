#include "results.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

namespace mealy::bench {
namespace {

std::string number(double value) {
  if (!std::isfinite(value)) return "null";
  char text[64];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

// Up to four significant digits, thousands kept whole: 0.8731, 41.2, 152345.
std::string readable(double value) {
  char text[64];
  if (std::fabs(value) >= 1000) {
    std::snprintf(text, sizeof text, "%.0f", value);
  } else {
    std::snprintf(text, sizeof text, "%.4g", value);
  }
  return text;
}

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string target_text(const Figure& figure) {
  return figure.target_op == "report" ? "report" : figure.target_op + " " + readable(figure.target);
}

}  // namespace

double Figure::value() const {
  return baseline ? (*baseline != 0 ? ours / *baseline : NAN) : ours;
}

bool Figure::pass() const {
  const double v = value();
  if (target_op == ">=") return v >= target;
  if (target_op == "<=") return v <= target;
  if (target_op == "<") return v < target;
  return true;
}

bool record(const std::string& path, const Figure& figure) {
  std::fprintf(stderr, "  %-40s %s%s\n", figure.key.c_str(), readable(figure.value()).c_str(),
               figure.baseline ? (" (" + readable(figure.ours) + " vs " +
                                  readable(*figure.baseline) + " " + figure.unit + ")")
                                     .c_str()
                               : (" " + figure.unit).c_str());
  if (path.empty()) return true;
  std::ofstream out(path, std::ios::app);
  out << figure.key << '\t' << number(figure.ours) << '\t'
      << (figure.baseline ? number(*figure.baseline) : "-") << '\t' << figure.unit << '\t'
      << figure.target_op << '\t' << number(figure.target) << '\t' << figure.note << '\t'
      << (figure.paired_ratio ? number(*figure.paired_ratio) : "-") << '\n';
  return static_cast<bool>(out);
}

std::vector<Figure> read_figures(const std::string& path) {
  std::ifstream in(path);
  std::vector<Figure> figures;
  std::map<std::string, std::size_t> index;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream row(line);
    std::string cell;
    while (std::getline(row, cell, '\t'))
      cells.push_back(cell);
    if (cells.size() < 6) continue;
    Figure figure;
    figure.key = cells[0];
    figure.ours = std::strtod(cells[1].c_str(), nullptr);
    if (cells[2] != "-") figure.baseline = std::strtod(cells[2].c_str(), nullptr);
    figure.unit = cells[3];
    figure.target_op = cells[4];
    figure.target = std::strtod(cells[5].c_str(), nullptr);
    if (cells.size() > 6) figure.note = cells[6];
    if (cells.size() > 7 && cells[7] != "-") {
      figure.paired_ratio = std::strtod(cells[7].c_str(), nullptr);
    }
    if (auto found = index.find(figure.key); found != index.end()) {
      figures[found->second] = figure;
    } else {
      index.emplace(figure.key, figures.size());
      figures.push_back(figure);
    }
  }
  return figures;
}

std::string to_json(const std::vector<Figure>& figures,
                    const std::vector<std::pair<std::string, std::string>>& machine) {
  std::string out = "{\n  \"machine\": {";
  for (std::size_t i = 0; i < machine.size(); ++i) {
    out += (i ? ",\n    " : "\n    ") + quoted(machine[i].first) + ": " + quoted(machine[i].second);
  }
  out += "\n  },\n  \"figures\": {";
  for (std::size_t i = 0; i < figures.size(); ++i) {
    const Figure& f = figures[i];
    out += (i ? ",\n    " : "\n    ") + quoted(f.key) + ": {";
    if (f.baseline) {
      out += "\"ours\": " + number(f.ours) + ", \"baseline\": " + number(*f.baseline) +
             ", \"unit\": " + quoted(f.unit) + ", \"ratio\": " + number(f.value());
    } else {
      out += "\"value\": " + number(f.ours) + ", \"unit\": " + quoted(f.unit);
    }
    out += ", \"target\": " + quoted(target_text(f));
    if (f.target_op != "report") out += std::string(", \"pass\": ") + (f.pass() ? "true" : "false");
    if (!f.note.empty()) out += ", \"baseline_is\": " + quoted(f.note);
    out += "}";
  }
  out += "\n  }\n}\n";
  return out;
}

std::string to_markdown(const std::vector<Figure>& figures) {
  std::string out =
      "| figure | ratio or value | ours | baseline | unit | target | "
      "|\n|---|--:|--:|--:|---|---|---|\n";
  for (const Figure& f : figures) {
    out += "| `" + f.key + "` | " + readable(f.value()) + " | " +
           (f.baseline ? readable(f.ours) : "") + " | " +
           (f.baseline ? readable(*f.baseline) : "") + " | " + f.unit + " | " + target_text(f) +
           " | " +
           (f.target_op == "report" ? ""
            : f.pass()              ? "pass"
                                    : "**miss**") +
           " |\n";
  }
  return out;
}

}  // namespace mealy::bench
