//! `polar-map.svg`: polar coordinates mapped to the plane, with the
//! Jacobian's parallelogram (chapter 2, the Jacobian applied).
//!
//! plotters writes whole-pixel coordinates, which make circles visibly
//! lumpy polygons, so this figure is drawn `K` times larger than it is
//! shown, and the SVG's `width` and `height` are set back to 720 × 380: its
//! coordinates are then a quarter of a pixel apart on the page. Every size
//! in pixels below is given as seen on the page and multiplied by `K`.

use super::plot::{self, Chart, Frame};
use super::{BLUE, DrawResult, INK, ORANGE, style};
use mvcalc::numeric::jacobian;
use nalgebra::{DVector, dvector};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The figure's size on the page, in pixels.
const SIZE: (u32, u32) = (720, 380);
/// How many times larger than `SIZE` it is drawn.
const K: u32 = 4;
/// The shaded cell: r from `R0` to `R0 + DR`, θ from `T0` to `T0 + DT`.
const R0: f64 = 1.5;
const T0: f64 = 0.4;
const DR: f64 = 0.5;
const DT: f64 = 0.4;
/// The largest angle between neighbouring points of a drawn arc. Even on
/// the outermost circle (r = 3, about 100 page pixels per unit) a chord
/// this short strays less than a hundredth of a pixel from the arc.
const ARC_STEP: f64 = 0.005;

fn polar(r: f64, t: f64) -> (f64, f64) {
    (r * t.cos(), r * t.sin())
}

/// Points of the circle of `radius` from angle `a` to `b`, at most
/// `ARC_STEP` apart, both ends included.
fn arc(radius: f64, a: f64, b: f64) -> Vec<(f64, f64)> {
    let n = ((b - a).abs() / ARC_STEP).ceil().max(1.0);
    (0..=n as u32)
        .map(|i| a + (b - a) * f64::from(i) / n)
        .map(|t| polar(radius, t))
        .collect()
}

/// The image of the shaded cell in the plane, anticlockwise: round the arc
/// r = `R0 + DR`, in along θ = `T0 + DT`, back round the arc r = `R0` and
/// out along θ = `T0` (the rays are straight in the plane).
fn cell_outline() -> Vec<(f64, f64)> {
    // The straight edges join one arc's end to the other's start.
    let mut outline = arc(R0 + DR, T0, T0 + DT);
    outline.extend(arc(R0, T0 + DT, T0));
    outline
}

/// Text of nominal size `size` on the page.
fn font(size: u32) -> TextStyle<'static> {
    style(size * K)
}

/// A line `width` pixels wide on the page.
fn line(colour: impl Color, width: u32) -> ShapeStyle {
    colour.stroke_width(width * K)
}

fn frame(title: &str) -> Frame<'_> {
    Frame {
        title,
        title_size: 17 * K,
        margin: 10 * K,
        x_label_area: 44 * K,
        y_label_area: 50 * K,
    }
}

fn mesh(chart: &mut Chart<'_, '_>, x: &str, y: &str) -> DrawResult {
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(line(INK, 1))
        .label_style(font(12))
        .set_all_tick_mark_size(5 * K)
        .x_desc(x)
        .y_desc(y)
        .axis_desc_style(font(14))
        .draw()?;
    Ok(())
}

/// The canvas the figure is drawn on, `K` times `SIZE`.
fn canvas(svg: &mut String) -> plot::Area<'_> {
    SVGBackend::with_string(svg, (SIZE.0 * K, SIZE.1 * K)).into_drawing_area()
}

/// The two panels: the (r, θ) rectangle and the plane at equal scales.
fn charts<'a, 'b>(
    panels: &'a [plot::Area<'b>],
) -> DrawResult<(Chart<'a, 'b>, Chart<'a, 'b>)> {
    let left = frame("(r, θ): a rectangular grid").build(
        &panels[0],
        (0.0, 3.0),
        (0.0, 1.6),
    )?;
    // Equal scales, so that circles are round and the rays meet them square.
    let right = frame("(x, y) = (r cos θ, r sin θ)").equal_aspect(
        &panels[1],
        (-0.2, 3.1),
        1.45,
    )?;
    Ok((left, right))
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

fn draw_large(svg: &mut String) -> DrawResult {
    let root = canvas(svg);
    root.fill(&WHITE)?;
    let panels = root.split_evenly((1, 2));
    let (mut left, mut right) = charts(&panels)?;
    let grid = || line(INK.mix(0.5), 1);

    mesh(&mut left, "r", "θ")?;
    plot::rectangle(
        &mut left,
        (R0, T0),
        (R0 + DR, T0 + DT),
        ORANGE.mix(0.6).filled(),
    )?;
    for k in 0..=6 {
        let r = 0.5 * f64::from(k);
        plot::segment(&mut left, (r, 0.0), (r, 1.6), grid())?;
    }
    for k in 0..=4 {
        let t = 0.4 * f64::from(k);
        plot::segment(&mut left, (0.0, t), (3.0, t), grid())?;
    }

    mesh(&mut right, "x", "y")?;
    // The image of the shaded cell, traced along its edges.
    plot::polygon(&mut right, &cell_outline(), ORANGE.mix(0.6).filled())?;
    for k in 1..=6 {
        let r = 0.5 * f64::from(k);
        plot::curve(&mut right, arc(r, 0.0, 1.6), grid())?;
    }
    for k in 0..=4 {
        let t = 0.4 * f64::from(k);
        plot::segment(&mut right, polar(0.0, t), polar(3.0, t), grid())?;
    }
    // The Jacobian's prediction: the parallelogram spanned by J (dr, 0) and J (0, dθ).
    let j = jacobian(
        |v: &DVector<f64>| {
            let (x, y) = polar(v[0], v[1]);
            dvector![x, y]
        },
        &dvector![R0, T0],
    )?;
    let o = polar(R0, T0);
    let a = (o.0 + j[(0, 0)] * DR, o.1 + j[(1, 0)] * DR);
    let b = (o.0 + j[(0, 1)] * DT, o.1 + j[(1, 1)] * DT);
    let c = (a.0 + b.0 - o.0, a.1 + b.1 - o.1);
    plot::curve(&mut right, [o, a, c, b, o], line(BLUE, 2))?;
    plot::text(
        &mut right,
        format!("det J = r = {:.2}", j.determinant()),
        (1.75, 2.95),
        (HPos::Left, VPos::Top),
        font(14),
    )?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawn_at_four_times_its_size_with_arcs_of_short_chords() {
        // Shown at 720 x 380, drawn on a canvas four times as large, so
        // whole-pixel coordinates are a quarter of a pixel on the page.
        let mut svg = String::new();
        draw(&mut svg).unwrap();
        let header = r#"<svg width="720" height="380" viewBox="0 0 2880 1520""#;
        assert!(svg.starts_with(header), "{}", &svg[..100]);
        // Every arc: on its circle, ends included, chords at most ARC_STEP.
        for (r, a, b) in [(3.0, 0.0, 1.6), (2.0, 0.4, 0.8), (1.5, 0.8, 0.4)] {
            let points = arc(r, a, b);
            let (first, last) = (points[0], points[points.len() - 1]);
            assert!(
                (first.0 - r * a.cos()).hypot(first.1 - r * a.sin()) < 1e-12
            );
            assert!((last.0 - r * b.cos()).hypot(last.1 - r * b.sin()) < 1e-12);
            for pair in points.windows(2) {
                let (p, q) = (pair[0], pair[1]);
                assert!((p.0.hypot(p.1) - r).abs() < 1e-12);
                let angle = (q.1.atan2(q.0) - p.1.atan2(p.0)).abs();
                assert!(angle <= ARC_STEP + 1e-12, "a step of {angle}");
            }
        }
    }

    #[test]
    fn the_shaded_patch_is_the_image_of_the_cell_with_its_area() {
        // Its area by the shoelace formula is that of the piece of ring,
        // (R1^2 - R0^2) / 2 * DT = 0.35, less the sliver each chord cuts
        // off the two arcs (relatively about ARC_STEP^2 / 6).
        let q = cell_outline();
        let area: f64 = (0..q.len())
            .map(|i| {
                let (a, b) = (q[i], q[(i + 1) % q.len()]);
                a.0 * b.1 - b.0 * a.1
            })
            .sum::<f64>()
            / 2.0;
        let ring = ((R0 + DR).powi(2) - R0 * R0) / 2.0 * DT;
        assert!((ring - 0.35).abs() < 1e-12);
        assert!((area / ring - 1.0).abs() < 1e-5, "{area} vs {ring}");
        // Its corners are the images of the cell's four corners.
        for corner in
            [(R0, T0), (R0 + DR, T0), (R0 + DR, T0 + DT), (R0, T0 + DT)]
        {
            let p = polar(corner.0, corner.1);
            assert!(
                q.iter().any(|c| (c.0 - p.0).hypot(c.1 - p.1) < 1e-12),
                "{corner:?}"
            );
        }
    }

    #[test]
    fn the_plane_has_equal_scales() {
        let mut svg = String::new();
        let root = canvas(&mut svg);
        let panels = root.split_evenly((1, 2));
        let (_, right) = charts(&panels).unwrap();
        let (x, y) = (right.x_range(), right.y_range());
        let a = right.backend_coord(&(x.start, y.start));
        let b = right.backend_coord(&(x.end, y.end));
        let across = f64::from(b.0 - a.0) / (x.end - x.start);
        let up = f64::from(a.1 - b.1) / (y.end - y.start);
        assert!(
            (across / up - 1.0).abs() < 0.01,
            "{across} px across, {up} px up per unit"
        );
        assert!(plot::window(&right).contains(polar(3.0, 1.6)));
    }
}
