package dev.jtorch.viz;

import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The look shared by every chart of the package: white, light grid, one colour cycle. */
final class ChartStyle {

    static final int WIDTH = 720;
    static final int HEIGHT = 420;

    /** Tableau 10, the colour cycle matplotlib users know. */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    private ChartStyle() {
    }

    static Color color(int index) {
        return PALETTE[Math.floorMod(index, PALETTE.length)];
    }

    /** {@code color} with the given opacity (0 transparent .. 255 opaque). */
    static Color faint(Color color, int alpha) {
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), alpha);
    }

    /** {@code color} mixed with white: {@code amount} 0 keeps it, 1 gives white. */
    static Color lighter(Color color, double amount) {
        return new Color(mix(color.getRed(), amount), mix(color.getGreen(), amount), mix(color.getBlue(), amount));
    }

    private static int mix(int channel, double amount) {
        return (int) Math.round(channel + (255 - channel) * amount);
    }

    static XYChart xyChart(String title, String xTitle, String yTitle) {
        return xyChart(title, xTitle, yTitle, WIDTH, HEIGHT);
    }

    /** An XY chart in the package's look; an empty title takes no room. */
    static XYChart xyChart(String title, String xTitle, String yTitle, int width, int height) {
        XYChart chart = new XYChart(width, height, Styler.ChartTheme.XChart);
        chart.setTitle(title == null ? "" : title);
        chart.getStyler().setChartTitleVisible(title != null && !title.isEmpty());
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        XYStyler styler = chart.getStyler();
        apply(styler);
        styler.setMarkerSize(6);
        return chart;
    }

    static void apply(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(true);
        styler.setPlotBorderColor(new Color(0xbbbbbb));
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendBorderColor(new Color(0xdddddd));
        if (!(styler instanceof org.knowm.xchart.style.HeatMapStyler)) {
            styler.setLegendPosition(Styler.LegendPosition.InsideNE);   // heat maps allow only outside legends
        }
        styler.setAntiAlias(true);
        if (styler instanceof org.knowm.xchart.style.AxesChartStyler axes) {
            axes.setPlotGridLinesColor(new Color(0xe6e6e6));
            axes.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            axes.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            axes.setAxisTickMarksColor(new Color(0x888888));
            axes.setPlotMargin(4);
        }
    }

    /**
     * XChart labels an x axis whose points are equally spaced at data points (1, 38, 75, ...)
     * rather than at round numbers; one invisible point off that grid gives round ticks.
     */
    static void roundXTicks(XYChart chart, double xMin, double xMax) {
        if (xMax > xMin && Double.isFinite(xMin) && Double.isFinite(xMax)) {
            XYSeries hidden = chart.addSeries(" ", new double[]{xMin + (xMax - xMin) * 0.1234567}, new double[]{Double.NaN});
            hidden.setShowInLegend(false);
            hidden.setMarker(SeriesMarkers.NONE);
        }
    }
}
