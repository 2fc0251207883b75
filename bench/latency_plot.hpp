// The latency benchmark's percentile distribution as an SVG, HDR-style: the
// percentile on a log scale of 1/(1 - p) (50%, 90%, 99%, 99.9%, 99.99%)
// across, the latency on a log scale up, one line per run, and the targets
// as dashed lines. Written by our own code (no plotting dependency).
#pragma once

#include <span>
#include <string>

#include "latency.hpp"

namespace mealy::bench {

struct PlotSeries {
  std::string label;                // e.g. "1 thread, NORMAL"
  const LatencyRecorder* recorder;  // its values in nanoseconds
};

struct PlotTarget {
  std::string label;  // e.g. "p99.9 target, 1 thread"
  double microseconds;
};

// The SVG document (a complete file).
std::string percentile_plot_svg(const std::string& title, std::span<const PlotSeries> series,
                                std::span<const PlotTarget> targets);

}  // namespace mealy::bench
