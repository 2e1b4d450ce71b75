//! `unit-circle.svg`: why sin′ = cos and cos′ = −sin. A point on the unit
//! circle at angle θ, and a small step dθ along the circle, whose rise is
//! about cos θ · dθ and whose run is about −sin θ · dθ (chapter 1).

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

/// Points of the unit circle from angle `a` to `b`.
fn arc(radius: f64, a: f64, b: f64) -> Vec<(f64, f64)> {
    (0..=200)
        .map(|i| a + (b - a) * f64::from(i) / 200.0)
        .map(|s| (radius * s.cos(), radius * s.sin()))
        .collect()
}

const LEFT: Frame = Frame {
    title: "The unit circle: P = (cos θ, sin θ), θ = 0.9",
    title_size: 17,
    margin: 10,
    x_label_area: 28,
    y_label_area: 36,
};
const RIGHT: Frame = Frame {
    title: "Close up: a step dθ = 0.1 round the circle",
    title_size: 17,
    margin: 10,
    x_label_area: 28,
    y_label_area: 44,
};

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
        .bold_line_style(GRID)
        .axis_style(INK)
        .label_style(style(12))
        .x_labels(labels)
        .y_labels(labels)
        .draw()?;
    Ok(())
}

pub fn draw(svg: &mut String) -> DrawResult {
    let d = data();
    let root = SVGBackend::with_string(svg, (720, 380)).into_drawing_area();
    root.fill(&WHITE)?;
    let panels = root.split_evenly((1, 2));
    let (mut left, mut right) = charts(&panels, &d)?;
    let (cos, sin) = d.p;
    let thin = |c: RGBColor| c.stroke_width(1);

    // Left: the whole circle, the angle, and where the close-up looks.
    mesh(&mut left, 5)?;
    plot::segment(
        &mut left,
        (-1.25, 0.0),
        (1.25, 0.0),
        INK.mix(0.6).stroke_width(1),
    )?;
    plot::segment(
        &mut left,
        (0.0, -1.25),
        (0.0, 1.25),
        INK.mix(0.6).stroke_width(1),
    )?;
    plot::curve(
        &mut left,
        arc(1.0, 0.0, std::f64::consts::TAU),
        INK.stroke_width(2),
    )?;
    plot::curve(&mut left, arc(0.28, 0.0, d.theta), thin(INK))?;
    let mid = d.theta / 2.0;
    plot::text(
        &mut left,
        "θ",
        (0.36 * mid.cos(), 0.36 * mid.sin()),
        CENTRE,
        style(14),
    )?;
    plot::segment(&mut left, (0.0, 0.0), d.p, BLUE.stroke_width(2))?;
    plot::dashed_curve(&mut left, [d.p, (cos, 0.0)], (4, 3), thin(BLUE))?;
    plot::text(
        &mut left,
        "cos θ",
        (cos / 2.0, -0.04),
        (HPos::Center, VPos::Top),
        style(13),
    )?;
    plot::text(
        &mut left,
        "sin θ",
        (cos + 0.04, sin / 2.0),
        (HPos::Left, VPos::Center),
        style(13),
    )?;
    plot::text(
        &mut left,
        "1",
        (cos / 2.0 - 0.05, sin / 2.0 + 0.03),
        (HPos::Right, VPos::Bottom),
        style(13),
    )?;
    plot::dot(&mut left, d.p, 4, INK.filled())?;
    let (x0, x1) = d.zoom_x;
    let (y0, y1) = (right.y_range().start, right.y_range().end);
    let above = (HPos::Center, VPos::Bottom);
    plot::text(&mut left, "P", (cos, y1 + 0.02), above, style(14))?;
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
        style(12),
    )?;

    // Right: the step, nearly straight and at right angles to the radius.
    mesh(&mut right, 4)?;
    // The radius through P, extended: the step is perpendicular to it.
    plot::dashed_curve(
        &mut right,
        [(0.0, 0.0), (1.5 * cos, 1.5 * sin)],
        (4, 3),
        thin(BLUE),
    )?;
    plot::curve(
        &mut right,
        arc(1.0, 0.0, std::f64::consts::TAU),
        INK.stroke_width(1),
    )?;
    plot::curve(
        &mut right,
        arc(1.0, d.theta, d.theta + d.dtheta),
        VERMILION.stroke_width(4),
    )?
    .label("the circle, from θ to θ + dθ")
    .legend(plot::legend_line(VERMILION.stroke_width(4)));
    plot::segment(&mut right, d.p, d.t, BLUE.stroke_width(2))?
        .label("a straight step of length dθ")
        .legend(plot::legend_line(BLUE.stroke_width(2)));
    // The step's run and rise.
    let corner = (d.t.0, d.p.1);
    plot::segment(&mut right, d.p, corner, ORANGE.stroke_width(2))?;
    plot::segment(&mut right, corner, d.t, ORANGE.stroke_width(2))?;
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
    plot::dot(&mut right, d.p, 4, INK.filled())?;
    plot::dot(&mut right, d.q, 3, VERMILION.filled())?;
    let font = || style(13);
    plot::text(
        &mut right,
        "P",
        (d.p.0 + 0.007, d.p.1),
        (HPos::Left, VPos::Center),
        style(14),
    )?;
    let run = (corner.0 + d.p.0) / 2.0;
    let below = (HPos::Center, VPos::Top);
    plot::text(
        &mut right,
        "run ≈ −sin θ · dθ",
        (run, corner.1 - 0.006),
        below,
        font(),
    )?;
    let value = format!("= −{:.3}", -d.run);
    plot::text(&mut right, value, (run, corner.1 - 0.02), below, font())?;
    let rise = (corner.1 + d.t.1) / 2.0;
    let before = (HPos::Right, VPos::Center);
    plot::text(
        &mut right,
        "rise ≈ cos θ · dθ",
        (corner.0 - 0.006, rise + 0.006),
        before,
        font(),
    )?;
    let value = format!("= {:.3}", d.rise);
    plot::text(
        &mut right,
        value,
        (corner.0 - 0.006, rise - 0.008),
        before,
        font(),
    )?;
    plot::legend(&mut right, SeriesLabelPosition::LowerRight, 12)?;
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
    fn both_panels_have_equal_scales_and_show_the_step() {
        let d = data();
        let mut svg = String::new();
        let root =
            SVGBackend::with_string(&mut svg, (720, 380)).into_drawing_area();
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
