//! `unit-circle.svg`: why sin′ = cos and cos′ = −sin. A point on the unit
//! circle at angle θ, and a small step dθ along the circle, whose rise is
//! about cos θ · dθ and whose run is about −sin θ · dθ (chapter 1).
//!
//! plotters writes whole-pixel coordinates, which make a circle a visibly
//! jagged polygon, so this figure is drawn `K` times larger than it is
//! shown, and the SVG's `width` and `height` are set back to 720 × 380:
//! its coordinates are then a quarter of a pixel apart on the page. Every
//! size in pixels below is given as seen on the page and multiplied by `K`.

use super::plot::{self, CENTRE, Chart, Frame};
use super::{BLUE, DrawResult, GRID, INK, ORANGE, VERMILION, style};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The figure's numbers.
pub struct UnitCircle {
    pub theta: f64,
    pub dtheta: f64,
    /// (cos θ, sin θ).
    pub p: (f64, f64),
    /// The point a step dθ further round the circle.
    pub q: (f64, f64),
    /// The end of the straight step of length dθ from `p` along the
    /// tangent, at right angles to the radius: `p + dθ (−sin θ, cos θ)`.
    pub t: (f64, f64),
    /// The tangent step's run (across) and rise (up).
    pub run: f64,
    pub rise: f64,
    /// The close-up's x range.
    pub zoom_x: (f64, f64),
    pub zoom_centre_y: f64,
}

pub fn data() -> UnitCircle {
    // As the panel titles say.
    let (theta, dtheta) = (0.9_f64, 0.1_f64);
    let p = (theta.cos(), theta.sin());
    let q = ((theta + dtheta).cos(), (theta + dtheta).sin());
    let (run, rise) = (-theta.sin() * dtheta, theta.cos() * dtheta);
    let t = (p.0 + run, p.1 + rise);
    UnitCircle {
        theta,
        dtheta,
        p,
        q,
        t,
        run,
        rise,
        // Room on the left of the step and below it for the labels.
        zoom_x: (t.0 - 0.09, p.0 + 0.025),
        zoom_centre_y: p.1 + 0.005,
    }
}

/// The figure's size on the page, in pixels.
const SIZE: (u32, u32) = (720, 380);
/// How many times larger than `SIZE` it is drawn.
const K: u32 = 4;
/// `K` for sizes plotters takes as `i32` (dashes, markers).
const KI: i32 = 4;

/// Points of the circle of `radius` from angle `a` to `b`, at most 0.005
/// radians apart: even in the close-up, where one unit is about 1500
/// pixels on the page, a chord that short strays less than a hundredth of
/// a pixel from the arc.
fn arc(radius: f64, a: f64, b: f64) -> Vec<(f64, f64)> {
    let n = ((b - a).abs() / 0.005).ceil().max(1.0);
    (0..=n as u32)
        .map(|i| a + (b - a) * f64::from(i) / n)
        .map(|s| (radius * s.cos(), radius * s.sin()))
        .collect()
}

const LEFT: Frame = Frame {
    title: "The unit circle: P = (cos θ, sin θ), θ = 0.9",
    title_size: 17 * K,
    margin: 10 * K,
    x_label_area: 28 * K,
    y_label_area: 36 * K,
};
const RIGHT: Frame = Frame {
    title: "Close up: a step dθ = 0.1 round the circle",
    title_size: 17 * K,
    margin: 10 * K,
    x_label_area: 28 * K,
    y_label_area: 44 * K,
};

/// Text of nominal size `size` on the page.
fn font(size: u32) -> TextStyle<'static> {
    style(size * K)
}

/// A line `width` pixels wide on the page.
fn line(colour: RGBColor, width: u32) -> ShapeStyle {
    colour.stroke_width(width * K)
}

fn charts<'a, 'b>(
    panels: &'a [plot::Area<'b>],
    d: &UnitCircle,
) -> DrawResult<(Chart<'a, 'b>, Chart<'a, 'b>)> {
    let left = LEFT.equal_aspect(&panels[0], (-1.25, 1.25), 0.0)?;
    let right = RIGHT.equal_aspect(&panels[1], d.zoom_x, d.zoom_centre_y)?;
    Ok((left, right))
}

fn mesh(chart: &mut Chart<'_, '_>, labels: usize) -> DrawResult {
    chart
        .configure_mesh()
        .light_line_style(GRID.mix(0.0))
        .bold_line_style(line(GRID, 1))
        .axis_style(line(INK, 1))
        .label_style(font(12))
        .set_all_tick_mark_size(5 * K)
        .x_labels(labels)
        .y_labels(labels)
        .draw()?;
    Ok(())
}

/// The canvas the figure is drawn on, `K` times `SIZE`.
fn canvas(svg: &mut String) -> plot::Area<'_> {
    SVGBackend::with_string(svg, (SIZE.0 * K, SIZE.1 * K)).into_drawing_area()
}

pub fn draw(svg: &mut String) -> DrawResult {
    draw_large(svg)?;
    // Shown at SIZE; the view box keeps the drawing's own coordinates.
    let (w, h) = (SIZE.0 * K, SIZE.1 * K);
    let drawn = format!("<svg width=\"{w}\" height=\"{h}\" ");
    if !svg.starts_with(&drawn) {
        let start: String = svg.chars().take(60).collect();
        return Err(format!("unexpected SVG header: {start:?}").into());
    }
    let shown = format!("<svg width=\"{}\" height=\"{}\" ", SIZE.0, SIZE.1);
    svg.replace_range(..drawn.len(), &shown);
    Ok(())
}

/// A box in the close-up's lower right corner naming the two paths from
/// P. It is drawn here rather than by plotters, whose legend has fixed
/// sizes in pixels, too small on a canvas `K` times larger.
fn legend(chart: &mut Chart<'_, '_>) -> DrawResult {
    let w = plot::window(chart);
    // Data units per pixel on the page (the same across and up).
    let a = chart.backend_coord(&(w.x.0, w.y.0));
    let b = chart.backend_coord(&(w.x.1, w.y.1));
    let px = (w.x.1 - w.x.0) / f64::from(b.0 - a.0) * f64::from(K);
    let (right, bottom) = (w.x.1 - 8.0 * px, w.y.0 + 8.0 * px);
    let (left, top) = (right - 252.0 * px, bottom + 60.0 * px);
    let corners = [(left, bottom), (right, top)];
    plot::rectangle(chart, corners[0], corners[1], WHITE.mix(0.9).filled())?;
    plot::curve(
        chart,
        [
            (left, bottom),
            (right, bottom),
            (right, top),
            (left, top),
            (left, bottom),
        ],
        line(GRID, 1),
    )?;
    let entries = [
        (0.0, "the circle, from θ to θ + dθ", VERMILION, 4),
        (1.0, "a straight step of length dθ", BLUE, 2),
    ];
    for (row, label, colour, width) in entries {
        let y = top - (19.0 + 22.0 * row) * px;
        let x = left + 12.0 * px;
        plot::segment(chart, (x, y), (x + 26.0 * px, y), line(colour, width))?;
        let at = (x + 34.0 * px, y);
        plot::text(chart, label, at, (HPos::Left, VPos::Center), font(12))?;
    }
    Ok(())
}

fn draw_large(svg: &mut String) -> DrawResult {
    let d = data();
    let root = canvas(svg);
    root.fill(&WHITE)?;
    let panels = root.split_evenly((1, 2));
    let (mut left, mut right) = charts(&panels, &d)?;
    let (cos, sin) = d.p;
    let thin = |c: RGBColor| line(c, 1);

    // Left: the whole circle, the angle, and where the close-up looks.
    mesh(&mut left, 5)?;
    plot::segment(
        &mut left,
        (-1.25, 0.0),
        (1.25, 0.0),
        INK.mix(0.6).stroke_width(K),
    )?;
    plot::segment(
        &mut left,
        (0.0, -1.25),
        (0.0, 1.25),
        INK.mix(0.6).stroke_width(K),
    )?;
    plot::curve(
        &mut left,
        arc(1.0, 0.0, std::f64::consts::TAU),
        line(INK, 2),
    )?;
    plot::curve(&mut left, arc(0.28, 0.0, d.theta), thin(INK))?;
    let mid = d.theta / 2.0;
    plot::text(
        &mut left,
        "θ",
        (0.36 * mid.cos(), 0.36 * mid.sin()),
        CENTRE,
        font(14),
    )?;
    plot::segment(&mut left, (0.0, 0.0), d.p, line(BLUE, 2))?;
    plot::dashed_curve(
        &mut left,
        [d.p, (cos, 0.0)],
        (4 * KI, 3 * KI),
        thin(BLUE),
    )?;
    plot::text(
        &mut left,
        "cos θ",
        (cos / 2.0, -0.04),
        (HPos::Center, VPos::Top),
        font(13),
    )?;
    plot::text(
        &mut left,
        "sin θ",
        (cos + 0.04, sin / 2.0),
        (HPos::Left, VPos::Center),
        font(13),
    )?;
    plot::text(
        &mut left,
        "1",
        (cos / 2.0 - 0.05, sin / 2.0 + 0.03),
        (HPos::Right, VPos::Bottom),
        font(13),
    )?;
    plot::dot(&mut left, d.p, 4 * KI, INK.filled())?;
    let (x0, x1) = d.zoom_x;
    let (y0, y1) = (right.y_range().start, right.y_range().end);
    let above = (HPos::Center, VPos::Bottom);
    plot::text(&mut left, "P", (cos, y1 + 0.02), above, font(14))?;
    plot::curve(
        &mut left,
        [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)],
        thin(ORANGE),
    )?;
    plot::text(
        &mut left,
        "close-up",
        (x1 + 0.06, y1),
        (HPos::Left, VPos::Bottom),
        font(12),
    )?;

    // Right: the step, nearly straight and at right angles to the radius.
    mesh(&mut right, 4)?;
    // The radius through P, extended: the step is perpendicular to it.
    plot::dashed_curve(
        &mut right,
        [(0.0, 0.0), (1.5 * cos, 1.5 * sin)],
        (4 * KI, 3 * KI),
        thin(BLUE),
    )?;
    // Only the part of the circle near P can be in view.
    plot::curve(
        &mut right,
        arc(1.0, d.theta - 0.3, d.theta + 0.4),
        line(INK, 1),
    )?;
    plot::curve(
        &mut right,
        arc(1.0, d.theta, d.theta + d.dtheta),
        line(VERMILION, 4),
    )?;
    plot::segment(&mut right, d.p, d.t, line(BLUE, 2))?;
    // The step's run and rise.
    let corner = (d.t.0, d.p.1);
    plot::segment(&mut right, d.p, corner, line(ORANGE, 2))?;
    plot::segment(&mut right, corner, d.t, line(ORANGE, 2))?;
    // A right-angle mark where the step meets the radius.
    let (u, n) = ((cos, sin), (-sin, cos));
    let m = 0.012;
    plot::curve(
        &mut right,
        [
            (d.p.0 + m * n.0, d.p.1 + m * n.1),
            (d.p.0 + m * (n.0 + u.0), d.p.1 + m * (n.1 + u.1)),
            (d.p.0 + m * u.0, d.p.1 + m * u.1),
        ],
        thin(INK),
    )?;
    plot::dot(&mut right, d.p, 4 * KI, INK.filled())?;
    plot::dot(&mut right, d.q, 3 * KI, VERMILION.filled())?;
    plot::text(
        &mut right,
        "P",
        (d.p.0 + 0.007, d.p.1),
        (HPos::Left, VPos::Center),
        font(14),
    )?;
    let run = (corner.0 + d.p.0) / 2.0;
    let below = (HPos::Center, VPos::Top);
    plot::text(
        &mut right,
        "run ≈ −sin θ · dθ",
        (run, corner.1 - 0.006),
        below,
        font(13),
    )?;
    let value = format!("= −{:.3}", -d.run);
    plot::text(&mut right, value, (run, corner.1 - 0.02), below, font(13))?;
    let rise = (corner.1 + d.t.1) / 2.0;
    let before = (HPos::Right, VPos::Center);
    plot::text(
        &mut right,
        "rise ≈ cos θ · dθ",
        (corner.0 - 0.006, rise + 0.006),
        before,
        font(13),
    )?;
    let value = format!("= {:.3}", d.rise);
    plot::text(
        &mut right,
        value,
        (corner.0 - 0.006, rise - 0.008),
        before,
        font(13),
    )?;
    legend(&mut right)?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_step_is_at_right_angles_to_the_radius_with_rise_cos_and_run_minus_sin()
     {
        let d = data();
        let (cos, sin) = (d.theta.cos(), d.theta.sin());
        // P is on the unit circle at angle θ.
        assert!((d.p.0.hypot(d.p.1) - 1.0).abs() < 1e-15);
        assert!((d.p.1.atan2(d.p.0) - d.theta).abs() < 1e-15);
        // The straight step has length dθ and is perpendicular to the radius.
        let step = (d.t.0 - d.p.0, d.t.1 - d.p.1);
        assert!((step.0.hypot(step.1) - d.dtheta).abs() < 1e-15);
        assert!((step.0 * d.p.0 + step.1 * d.p.1).abs() < 1e-15);
        assert!(
            (d.rise - cos * d.dtheta).abs() < 1e-15
                && (d.run + sin * d.dtheta).abs() < 1e-15
        );
        // It stays close to the true step round the circle: the two ends
        // differ by about dθ²/2 (the arc bends away from the tangent).
        let gap = (d.q.0 - d.t.0).hypot(d.q.1 - d.t.1);
        assert!(
            (gap - d.dtheta * d.dtheta / 2.0).abs() < 0.1 * d.dtheta * d.dtheta,
            "{gap}"
        );
        // So rise / dθ and run / dθ are the derivatives of sin and cos at θ,
        // and the true changes approach them: (sin(θ + dθ) − sin θ) / dθ.
        let true_rise = (d.q.1 - d.p.1) / d.dtheta;
        let true_run = (d.q.0 - d.p.0) / d.dtheta;
        assert!(
            (true_rise - cos).abs() < d.dtheta
                && (true_run + sin).abs() < d.dtheta
        );
    }

    #[test]
    fn drawn_at_four_times_its_size_with_arcs_of_short_chords() {
        // Shown at 720 x 380, drawn on a canvas four times as large, so
        // whole-pixel coordinates are a quarter of a pixel on the page.
        let mut svg = String::new();
        draw(&mut svg).unwrap();
        let header = r#"<svg width="720" height="380" viewBox="0 0 2880 1520""#;
        assert!(svg.starts_with(header), "{}", &svg[..100]);
        // Chords of at most 0.005 radians, on the circle, ends included.
        for (a, b) in [(0.0, std::f64::consts::TAU), (0.6, 1.3), (0.9, 1.0)] {
            let points = arc(1.0, a, b);
            let last = points[points.len() - 1];
            assert!(
                (points[0].1.atan2(points[0].0) - a.sin().atan2(a.cos())).abs()
                    < 1e-12
            );
            assert!((last.0 - b.cos()).hypot(last.1 - b.sin()) < 1e-12);
            for pair in points.windows(2) {
                let chord =
                    (pair[1].0 - pair[0].0).hypot(pair[1].1 - pair[0].1);
                assert!(chord <= 0.005 + 1e-12, "a chord of {chord}");
            }
        }
    }

    #[test]
    fn both_panels_have_equal_scales_and_show_the_step() {
        let d = data();
        let mut svg = String::new();
        let root = canvas(&mut svg);
        let panels = root.split_evenly((1, 2));
        let (left, right) = charts(&panels, &d).unwrap();
        for chart in [&left, &right] {
            let (x, y) = (chart.x_range(), chart.y_range());
            let a = chart.backend_coord(&(x.start, y.start));
            let b = chart.backend_coord(&(x.end, y.end));
            let across = f64::from(b.0 - a.0) / (x.end - x.start);
            let up = f64::from(a.1 - b.1) / (y.end - y.start);
            assert!(
                (across / up - 1.0).abs() < 0.01,
                "{across} px across, {up} px up per unit"
            );
        }
        let w = plot::window(&right);
        for p in [d.p, d.q, d.t] {
            assert!(w.contains(p), "{p:?} outside the close-up {w:?}");
        }
        assert!(
            plot::window(&left).contains((1.0, 0.0))
                && plot::window(&left).contains((-1.0, -1.0))
        );
    }
}
