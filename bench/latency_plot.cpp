#include "latency_plot.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace mealy::bench {
namespace {

constexpr double kWidth = 760;
constexpr double kHeight = 440;
constexpr double kLeft = 70;
constexpr double kRight = 200;  // room for the legend
constexpr double kTop = 40;
constexpr double kBottom = 50;
constexpr double kMaxNines = 4;  // up to 99.99%
constexpr std::array<const char*, 6> kColors = {"#1f77b4", "#d62728", "#2ca02c",
                                                "#9467bd", "#ff7f0e", "#8c564b"};

std::string fixed(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else
      out += c;
  }
  return out;
}

std::string duration_label(double microseconds) {
  char text[32];
  if (microseconds >= 1e6) {
    std::snprintf(text, sizeof text, "%g s", microseconds / 1e6);
  } else if (microseconds >= 1000) {
    std::snprintf(text, sizeof text, "%g ms", microseconds / 1000);
  } else if (microseconds >= 1) {
    std::snprintf(text, sizeof text, "%g µs", microseconds);
  } else {
    std::snprintf(text, sizeof text, "%g ns", microseconds * 1000);
  }
  return text;
}

}  // namespace

std::string percentile_plot_svg(const std::string& title, std::span<const PlotSeries> series,
                                std::span<const PlotTarget> targets) {
  // The latency range, in decades of microseconds.
  double low = 1e12;
  double high = 0;
  for (const PlotSeries& s : series) {
    if (s.recorder->count() == 0) continue;
    low = std::min(low, static_cast<double>(s.recorder->percentile(0.0)) / 1000.0);
    high = std::max(high, static_cast<double>(s.recorder->percentile(100.0)) / 1000.0);
  }
  for (const PlotTarget& t : targets)
    high = std::max(high, t.microseconds);
  if (high <= 0) low = high = 1;
  const double bottom_decade = std::floor(std::log10(std::max(low, 0.01)));
  const double top_decade = std::max(std::ceil(std::log10(high)), bottom_decade + 1);
  const double plot_width = kWidth - kLeft - kRight;
  const double plot_height = kHeight - kTop - kBottom;
  auto x_of = [&](double nines) { return kLeft + nines / kMaxNines * plot_width; };
  auto y_of = [&](double microseconds) {
    const double decade = std::log10(std::max(microseconds, 1e-3));
    return kTop + plot_height * (1 - (decade - bottom_decade) / (top_decade - bottom_decade));
  };
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fixed(kWidth) +
                    "\" height=\"" + fixed(kHeight) +
                    "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  svg +=
      "<text x=\"" + fixed(kLeft) + "\" y=\"24\" font-size=\"15\">" + escaped(title) + "</text>\n";
  // Grid: a line per percentile and per decade.
  const std::array<std::pair<double, const char*>, 5> percentiles = {
      {{std::log10(2.0), "50%"}, {1, "90%"}, {2, "99%"}, {3, "99.9%"}, {4, "99.99%"}}};
  for (const auto& [nines, label] : percentiles) {
    svg += "<line x1=\"" + fixed(x_of(nines)) + "\" y1=\"" + fixed(kTop) + "\" x2=\"" +
           fixed(x_of(nines)) + "\" y2=\"" + fixed(kTop + plot_height) + "\" stroke=\"#ddd\"/>\n";
    svg += "<text x=\"" + fixed(x_of(nines)) + "\" y=\"" + fixed(kTop + plot_height + 18) +
           "\" text-anchor=\"middle\">" + label + "</text>\n";
  }
  for (double decade = bottom_decade; decade <= top_decade; ++decade) {
    const double y = y_of(std::pow(10, decade));
    svg += "<line x1=\"" + fixed(kLeft) + "\" y1=\"" + fixed(y) + "\" x2=\"" +
           fixed(kLeft + plot_width) + "\" y2=\"" + fixed(y) + "\" stroke=\"#ddd\"/>\n";
    svg += "<text x=\"" + fixed(kLeft - 6) + "\" y=\"" + fixed(y + 4) + "\" text-anchor=\"end\">" +
           duration_label(std::pow(10, decade)) + "</text>\n";
  }
  svg += "<text x=\"" + fixed(kLeft + plot_width / 2) + "\" y=\"" + fixed(kHeight - 10) +
         "\" text-anchor=\"middle\">percentile</text>\n";
  svg += "<rect x=\"" + fixed(kLeft) + "\" y=\"" + fixed(kTop) + "\" width=\"" + fixed(plot_width) +
         "\" height=\"" + fixed(plot_height) + "\" fill=\"none\" stroke=\"#888\"/>\n";
  double legend_y = kTop + 10;
  auto legend = [&](const std::string& color, const std::string& dash, const std::string& label) {
    const double x = kLeft + plot_width + 12;
    svg += "<line x1=\"" + fixed(x) + "\" y1=\"" + fixed(legend_y) + "\" x2=\"" + fixed(x + 24) +
           "\" y2=\"" + fixed(legend_y) + "\" stroke=\"" + color + "\" stroke-width=\"2\"" + dash +
           "/>\n";
    svg += "<text x=\"" + fixed(x + 30) + "\" y=\"" + fixed(legend_y + 4) + "\">" + escaped(label) +
           "</text>\n";
    legend_y += 20;
  };
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const double y = y_of(targets[i].microseconds);
    const std::string color = kColors[i % kColors.size()];
    svg += "<line x1=\"" + fixed(kLeft) + "\" y1=\"" + fixed(y) + "\" x2=\"" +
           fixed(kLeft + plot_width) + "\" y2=\"" + fixed(y) + "\" stroke=\"" + color +
           "\" stroke-dasharray=\"6 4\"/>\n";
  }
  for (std::size_t i = 0; i < series.size(); ++i) {
    const std::string color = kColors[i % kColors.size()];
    std::string points;
    for (double nines = 0; nines <= kMaxNines + 1e-9; nines += 0.02) {
      const double percent = 100.0 * (1 - std::pow(10, -nines));
      const double microseconds =
          static_cast<double>(series[i].recorder->percentile(percent)) / 1000.0;
      points += fixed(x_of(nines)) + "," + fixed(y_of(microseconds)) + " ";
    }
    svg += "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\" points=\"" +
           points + "\"/>\n";
    legend(color, "", series[i].label);
  }
  for (std::size_t i = 0; i < targets.size(); ++i)
    legend(kColors[i % kColors.size()], " stroke-dasharray=\"6 4\"", targets[i].label);
  svg += "</svg>\n";
  return svg;
}

}  // namespace mealy::bench
