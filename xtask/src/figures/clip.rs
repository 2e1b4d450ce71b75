//! Clipping lines, curves and polygons to a chart's ranges, in data
//! coordinates, before plotters sees them.
//!
//! plotters does not clip: a point outside the chart's range is pinned to the
//! nearest edge of the plotting area, so a line from an out-of-range point
//! bends along the axis and its drawn slope is wrong. Every figure draws its
//! lines through [`Window`] (by way of `plot.rs`), so a line that leaves the
//! chart is cut exactly where it crosses the edge.

/// A point in data coordinates.
pub type Point = (f64, f64);

/// The rectangle a chart shows: `x.0 <= x <= x.1`, `y.0 <= y <= y.1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    pub x: (f64, f64),
    pub y: (f64, f64),
}

/// Which edge a clipped end point was moved onto, so it can be placed on the
/// edge exactly rather than within a rounding of it.
#[derive(Debug, Clone, Copy)]
enum Edge {
    None,
    Left,
    Right,
    Bottom,
    Top,
}

impl Window {
    /// The window `[x0, x1] × [y0, y1]`; the ends may come in either order.
    pub fn new(x: (f64, f64), y: (f64, f64)) -> Self {
        Window {
            x: (x.0.min(x.1), x.0.max(x.1)),
            y: (y.0.min(y.1), y.0.max(y.1)),
        }
    }

    /// Whether `p` is inside the window or on its edge.
    pub fn contains(&self, p: Point) -> bool {
        self.x.0 <= p.0 && p.0 <= self.x.1 && self.y.0 <= p.1 && p.1 <= self.y.1
    }

    /// The part of the segment from `a` to `b` inside the window, by the
    /// Liang–Barsky method: the segment is `a + t (b - a)` for `t` in
    /// `[0, 1]`, and each edge cuts that interval down. `None` when no part
    /// of it is inside, or a coordinate is not finite.
    pub fn clip_segment(&self, a: Point, b: Point) -> Option<(Point, Point)> {
        if ![a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite()) {
            return None;
        }
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        // For each edge: p t <= q keeps the inside.
        let edges = [
            (-dx, a.0 - self.x.0, Edge::Left),
            (dx, self.x.1 - a.0, Edge::Right),
            (-dy, a.1 - self.y.0, Edge::Bottom),
            (dy, self.y.1 - a.1, Edge::Top),
        ];
        let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
        let (mut e0, mut e1) = (Edge::None, Edge::None);
        for (p, q, edge) in edges {
            if p == 0.0 {
                // Parallel to this edge: wholly outside or wholly inside it.
                if q < 0.0 {
                    return None;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    // Entering across this edge.
                    if r > t1 {
                        return None;
                    }
                    if r > t0 {
                        (t0, e0) = (r, edge);
                    }
                } else {
                    // Leaving across this edge.
                    if r < t0 {
                        return None;
                    }
                    if r < t1 {
                        (t1, e1) = (r, edge);
                    }
                }
            }
        }
        let at = |t: f64, edge: Edge, end: Point| {
            let p = match edge {
                Edge::None => return end,
                _ => (a.0 + t * dx, a.1 + t * dy),
            };
            match edge {
                Edge::Left => (self.x.0, p.1.clamp(self.y.0, self.y.1)),
                Edge::Right => (self.x.1, p.1.clamp(self.y.0, self.y.1)),
                Edge::Bottom => (p.0.clamp(self.x.0, self.x.1), self.y.0),
                Edge::Top => (p.0.clamp(self.x.0, self.x.1), self.y.1),
                Edge::None => end,
            }
        };
        Some((at(t0, e0, a), at(t1, e1, b)))
    }

    /// The parts of the polyline through `points` inside the window, as runs
    /// of connected points. A curve that leaves the window is cut where it
    /// crosses the edge (the crossing interpolated along the segment that
    /// crosses), and a new run starts where it comes back in. A point that is
    /// not finite (a pole, a NaN) ends the run, so a curve is never joined
    /// across a gap in its domain.
    pub fn clip_polyline(&self, points: &[Point]) -> Vec<Vec<Point>> {
        let mut runs: Vec<Vec<Point>> = Vec::new();
        let mut run: Vec<Point> = Vec::new();
        let mut flush = |run: &mut Vec<Point>| {
            if run.len() >= 2 {
                runs.push(std::mem::take(run));
            } else {
                run.clear();
            }
        };
        for pair in points.windows(2) {
            let Some((start, end)) = self.clip_segment(pair[0], pair[1]) else {
                flush(&mut run);
                continue;
            };
            if run.last() != Some(&start) {
                flush(&mut run);
                run.push(start);
            }
            if end != start {
                run.push(end);
            }
            if end != pair[1] {
                // The segment left the window: this run ends at the edge.
                flush(&mut run);
            }
        }
        flush(&mut run);
        runs
    }

    /// The part of the polygon with corners `points` inside the window, by
    /// the Sutherland–Hodgman method (cut by one edge after another). Empty
    /// when the polygon lies outside.
    pub fn clip_polygon(&self, points: &[Point]) -> Vec<Point> {
        if points.iter().any(|p| !(p.0.is_finite() && p.1.is_finite())) {
            return Vec::new();
        }
        type Inside = fn(&Window, Point) -> bool;
        type Cross = fn(&Window, Point, Point) -> Point;
        let edges: [(Inside, Cross); 4] = [
            (|w, p| p.0 >= w.x.0, |w, a, b| at_x(a, b, w.x.0)),
            (|w, p| p.0 <= w.x.1, |w, a, b| at_x(a, b, w.x.1)),
            (|w, p| p.1 >= w.y.0, |w, a, b| at_y(a, b, w.y.0)),
            (|w, p| p.1 <= w.y.1, |w, a, b| at_y(a, b, w.y.1)),
        ];
        let mut poly = points.to_vec();
        for (inside, cross) in edges {
            let input = std::mem::take(&mut poly);
            for (i, &cur) in input.iter().enumerate() {
                let prev = input[(i + input.len() - 1) % input.len()];
                match (inside(self, prev), inside(self, cur)) {
                    (true, true) => poly.push(cur),
                    (true, false) => poly.push(cross(self, prev, cur)),
                    (false, true) => {
                        poly.push(cross(self, prev, cur));
                        poly.push(cur);
                    }
                    (false, false) => {}
                }
            }
        }
        poly
    }
}

/// The point of the segment `a`–`b` with first coordinate `x`.
fn at_x(a: Point, b: Point, x: f64) -> Point {
    let t = (x - a.0) / (b.0 - a.0);
    (x, a.1 + t * (b.1 - a.1))
}

/// The point of the segment `a`–`b` with second coordinate `y`.
fn at_y(a: Point, b: Point, y: f64) -> Point {
    let t = (y - a.1) / (b.1 - a.1);
    (a.0 + t * (b.0 - a.0), y)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The square [0, 2] x [0, 1].
    fn window() -> Window {
        Window::new((0.0, 2.0), (0.0, 1.0))
    }

    fn close(a: Point, b: Point) -> bool {
        (a.0 - b.0).abs() < 1e-12 && (a.1 - b.1).abs() < 1e-12
    }

    #[test]
    fn a_segment_inside_is_kept_exactly() {
        let (a, b) = ((0.25, 0.5), (1.75, 0.125));
        assert_eq!(window().clip_segment(a, b), Some((a, b)));
        // Lying along an edge counts as inside.
        assert_eq!(
            window().clip_segment((0.0, 0.0), (0.0, 1.0)),
            Some(((0.0, 0.0), (0.0, 1.0)))
        );
    }

    #[test]
    fn a_segment_outside_is_dropped() {
        let w = window();
        // Wholly to one side.
        assert_eq!(w.clip_segment((-1.0, 0.5), (-0.5, 0.7)), None);
        assert_eq!(w.clip_segment((0.5, 1.5), (1.5, 3.0)), None);
        // Spanning the window's x range but passing above it.
        assert_eq!(w.clip_segment((-1.0, 2.0), (3.0, 1.5)), None);
        // Passing by a corner diagonally without touching.
        assert_eq!(w.clip_segment((1.5, 1.6), (2.6, 0.5)), None);
        // Not finite.
        assert_eq!(w.clip_segment((0.5, f64::NAN), (1.0, 0.5)), None);
        assert_eq!(w.clip_segment((0.5, 0.5), (1.0, f64::INFINITY)), None);
    }

    #[test]
    fn a_segment_crossing_one_edge_is_cut_at_it() {
        // From (1, 0.5) to (3, 1): leaves through x = 2 at y = 0.75.
        let (a, b) = window().clip_segment((1.0, 0.5), (3.0, 1.0)).unwrap();
        assert_eq!(a, (1.0, 0.5));
        assert!(close(b, (2.0, 0.75)), "{b:?}");
        // The same segment reversed enters through the same point.
        let (a, b) = window().clip_segment((3.0, 1.0), (1.0, 0.5)).unwrap();
        assert!(close(a, (2.0, 0.75)), "{a:?}");
        assert_eq!(b, (1.0, 0.5));
        // Down through the bottom edge: y = 1 - x from (0.5, 0.5) to (1.5, -0.5).
        let (a, b) = window().clip_segment((0.5, 0.5), (1.5, -0.5)).unwrap();
        assert_eq!(a, (0.5, 0.5));
        assert!(close(b, (1.0, 0.0)), "{b:?}");
        assert_eq!(b.1, 0.0, "the cut lies on the edge exactly");
    }

    #[test]
    fn a_segment_crossing_two_edges_keeps_the_middle() {
        // The line y = 2x - 1 (the secants figure's tangent) from x = -1 to 3:
        // enters at y = 0 (x = 0.5), leaves at y = 1 (x = 1).
        let (a, b) = window().clip_segment((-1.0, -3.0), (3.0, 5.0)).unwrap();
        assert!(close(a, (0.5, 0.0)), "{a:?}");
        assert!(close(b, (1.0, 1.0)), "{b:?}");
        // The slope survives clipping.
        assert!(((b.1 - a.1) / (b.0 - a.0) - 2.0).abs() < 1e-12);
        // Across the left and right edges: y = 0.5 + 0.1 x.
        let (a, b) = window().clip_segment((-1.0, 0.4), (3.0, 0.8)).unwrap();
        assert!(close(a, (0.0, 0.5)) && close(b, (2.0, 0.7)), "{a:?} {b:?}");
    }

    #[test]
    fn a_curve_leaving_and_reentering_is_split_at_the_edge() {
        // y = 4 (x - 1)^2 sampled every 0.25 on [0, 2]: 4, 2.25, 1, 0.25, 0,
        // 0.25, 1, 2.25, 4. It is inside from x = 0.5 to 1.5, where the
        // samples lie exactly on the top edge: one run, those five samples.
        let w = Window::new((0.0, 2.0), (0.0, 1.0));
        let xs: Vec<f64> = (0..=8).map(|i| 0.25 * i as f64).collect();
        let pts: Vec<Point> =
            xs.iter().map(|&x| (x, 4.0 * (x - 1.0).powi(2))).collect();
        let runs = w.clip_polyline(&pts);
        assert_eq!(runs.len(), 1, "{runs:?}");
        assert_eq!(runs[0], pts[2..=6].to_vec());

        // Now a curve that really leaves: a parabola peaking above the top,
        // y = 1.5 - 6 (x - 1)^2 sampled every 0.25; it is above y = 1 for
        // |x - 1| < 0.2887, and below y = 0 for |x - 1| > 0.5.
        let pts: Vec<Point> = xs
            .iter()
            .map(|&x| (x, 1.5 - 6.0 * (x - 1.0).powi(2)))
            .collect();
        // Samples: -4.5, -1.875, 0, 1.125, 1.5, 1.125, 0, -1.875, -4.5.
        let runs = w.clip_polyline(&pts);
        assert_eq!(runs.len(), 2, "{runs:?}");
        // First run: from the bottom edge at (0.5, 0) up to the top edge,
        // crossed on the chord from (0.5, 0) to (0.75, 1.125) at
        // x = 0.5 + 0.25 / 1.125.
        let top_in = 0.5 + 0.25 / 1.125;
        assert_eq!(runs[0].first(), Some(&(0.5, 0.0)));
        assert!(close(*runs[0].last().unwrap(), (top_in, 1.0)), "{runs:?}");
        // The second run resumes where the curve comes back down through
        // the top edge (mirror image), and ends at the bottom edge.
        assert!(close(runs[1][0], (2.0 - top_in, 1.0)), "{runs:?}");
        assert_eq!(runs[1].last(), Some(&(1.5, 0.0)));
        // Every point drawn is inside.
        assert!(runs.iter().flatten().all(|&p| w.contains(p)));
    }

    #[test]
    fn a_curve_dipping_below_is_cut_and_resumed_between_samples() {
        let w = window();
        // Inside, out through the bottom, back in: (0, 0.5) (1, -0.5) (2, 0.5).
        let runs = w.clip_polyline(&[(0.0, 0.5), (1.0, -0.5), (2.0, 0.5)]);
        assert_eq!(runs.len(), 2, "{runs:?}");
        assert_eq!(runs[0][0], (0.0, 0.5));
        assert!(close(runs[0][1], (0.5, 0.0)));
        assert!(close(runs[1][0], (1.5, 0.0)));
        assert_eq!(runs[1][1], (2.0, 0.5));
    }

    #[test]
    fn a_pole_breaks_the_curve() {
        let w = Window::new((-1.0, 1.0), (-10.0, 10.0));
        let pts = [
            (-0.5, -2.0),
            (-0.25, -4.0),
            (0.0, f64::INFINITY),
            (0.25, 4.0),
            (0.5, 2.0),
        ];
        let runs = w.clip_polyline(&pts);
        assert_eq!(runs, vec![pts[..2].to_vec(), pts[3..].to_vec()]);
    }

    #[test]
    fn a_curve_wholly_outside_draws_nothing() {
        let pts = [(0.0, 2.0), (1.0, 3.0), (2.0, 2.0)];
        assert!(window().clip_polyline(&pts).is_empty());
        // Touching a corner only is a point, not a line.
        assert!(window().clip_polyline(&[(2.0, 1.0), (3.0, 2.0)]).is_empty());
    }

    #[test]
    fn a_polygon_is_cut_to_the_window() {
        let w = window();
        // A triangle inside is unchanged.
        let tri = [(0.5, 0.25), (1.5, 0.25), (1.0, 0.75)];
        assert_eq!(w.clip_polygon(&tri), tri.to_vec());
        // A square poking out of the right edge is cut there: area 0.25.
        let sq = [(1.5, 0.25), (2.5, 0.25), (2.5, 0.75), (1.5, 0.75)];
        let cut = w.clip_polygon(&sq);
        assert!(cut.iter().all(|&p| w.contains(p)));
        let area = cut
            .iter()
            .zip(cut.iter().cycle().skip(1))
            .map(|(a, b)| a.0 * b.1 - b.0 * a.1)
            .sum::<f64>()
            / 2.0;
        assert!((area - 0.25).abs() < 1e-12, "{area}");
        // Wholly outside: nothing.
        assert!(
            w.clip_polygon(&[(3.0, 3.0), (4.0, 3.0), (4.0, 4.0)])
                .is_empty()
        );
    }
}
