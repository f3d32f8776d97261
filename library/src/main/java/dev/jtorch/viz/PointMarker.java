package dev.jtorch.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import org.knowm.xchart.style.markers.Marker;

/**
 * A data point: a filled circle of fixed size with a thin dark rim, readable over a shaded
 * background and where points overlap. Its size does not follow the chart's marker size,
 * which a decision boundary sets to the size of its shading cells.
 */
final class PointMarker extends Marker {

    private static final double DIAMETER = 8;
    private static final BasicStroke RIM = new BasicStroke(0.8f);
    private static final Color RIM_COLOR = new Color(0, 0, 0, 110);

    @Override
    public void paint(Graphics2D g, double x, double y, int markerSize) {
        Ellipse2D dot = new Ellipse2D.Double(x - DIAMETER / 2, y - DIAMETER / 2, DIAMETER, DIAMETER);
        g.fill(dot);
        Color fill = g.getColor();
        g.setColor(RIM_COLOR);
        g.setStroke(RIM);
        g.draw(dot);
        g.setColor(fill);
    }
}
