package dev.jtorch.bench;

import dev.jtorch.viz.Charts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the ratios of the last {@code bench/run-matmul} and {@code bench/run-training} runs
 * ({@code bench/results/*.tsv}) as one bar chart, a bar per benchmark and thread count, with
 * the line of parity at 1: {@code bench/speed.png}, shown in the README.
 *
 * <pre>
 * bench/run-chart
 * </pre>
 */
public final class RatioChart {
    private RatioChart() {
    }

    public static void main(String[] args) throws Exception {
        Path bench = Path.of(System.getProperty("jtorch.bench.dir", "bench"));
        List<Ratios.Row> rows = Ratios.load(bench.resolve("results"));
        if (rows.isEmpty()) {
            throw new IllegalStateException("no results in " + bench.resolve("results")
                    + ": run bench/run-matmul and bench/run-training first");
        }
        Set<String> benchmarks = new LinkedHashSet<>();
        Set<Integer> threadCounts = new LinkedHashSet<>();
        rows.forEach(r -> {
            benchmarks.add(r.benchmark());
            threadCounts.add(r.threads());
        });
        List<String> names = new ArrayList<>(benchmarks);
        CategoryChart chart = new CategoryChartBuilder().width(900).height(460)
                .title("JTorch speed / PyTorch speed on this machine (above 1: JTorch is faster)")
                .xAxisTitle("").yAxisTitle("ratio").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("0.0");
        chart.getStyler().setOverlapped(true);
        for (int threads : threadCounts.stream().sorted().toList()) {
            List<Double> ratios = new ArrayList<>();
            for (String name : names) {
                ratios.add(rows.stream().filter(r -> r.benchmark().equals(name) && r.threads() == threads)
                        .mapToDouble(Ratios.Row::ratio).findFirst().orElse(0));
            }
            chart.addSeries(threads + (threads == 1 ? " thread" : " threads"), names, ratios);
        }
        chart.getStyler().setOverlapped(false);
        CategorySeries parity = chart.addSeries("parity", names, Collections.nCopies(names.size(), 1.0));
        parity.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        parity.setLineColor(java.awt.Color.DARK_GRAY);
        parity.setMarker(SeriesMarkers.NONE);
        Path out = bench.resolve("speed.png");
        Charts.savePng(chart, out);
        System.out.println("wrote " + out);
    }
}
