//! The only place where figures hand shapes in data coordinates to plotters.
//!
//! Every line, curve, polygon, rectangle, marker and label goes through a
//! function here, which clips it to the chart's own ranges first (see
//! `clip.rs`), so nothing is ever pinned to an edge. A test in `mod.rs` fails
//! if any other figure file calls plotters' drawing functions directly.

use super::clip::{Point, Window};
use super::{DrawResult, GRID, INK, style};
use plotters::chart::SeriesAnno;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A chart with `f64` axes drawing into an SVG string.
pub type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<RangedCoordf64, RangedCoordf64>,
>;
/// A part of a figure's SVG canvas.
pub type Area<'b> = DrawingArea<SVGBackend<'b>, Shift>;
/// What a drawing call returns: the series, to give it a legend entry.
type Series<'c, 'a, 'b> = DrawResult<&'c mut SeriesAnno<'a, SVGBackend<'b>>>;

/// The rectangle the chart shows.
pub fn window(chart: &Chart<'_, '_>) -> Window {
    let (x, y) = (chart.x_range(), chart.y_range());
    Window::new((x.start, x.end), (y.start, y.end))
}

/// The curve through `points`, clipped to the chart: cut where it leaves,
/// resumed where it comes back, broken at points that are not finite.
pub fn curve<'c, 'a, 'b>(
    chart: &'c mut Chart<'a, 'b>,
    points: impl IntoIterator<Item = Point>,
    style: impl Into<ShapeStyle>,
) -> Series<'c, 'a, 'b> {
    let style = style.into();
    let points: Vec<Point> = points.into_iter().collect();
    let runs = window(chart).clip_polyline(&points);
    Ok(chart.draw_series(
        runs.into_iter()
            .map(move |run| PathElement::new(run, style)),
    )?)
}

/// As [`curve`], drawn in dashes of `dash` pixels with gaps of `gap`.
pub fn dashed_curve<'c, 'a, 'b>(
    chart: &'c mut Chart<'a, 'b>,
    points: impl IntoIterator<Item = Point>,
    (dash, gap): (i32, i32),
    style: impl Into<ShapeStyle>,
) -> Series<'c, 'a, 'b> {
    let style = style.into();
    let points: Vec<Point> = points.into_iter().collect();
    let runs = window(chart).clip_polyline(&points);
    Ok(chart.draw_series(
        runs.into_iter()
            .map(move |run| DashedPathElement::new(run, dash, gap, style)),
    )?)
}

/// The straight line from `a` to `b`, clipped to the chart.
pub fn segment<'c, 'a, 'b>(
    chart: &'c mut Chart<'a, 'b>,
    a: Point,
    b: Point,
    style: impl Into<ShapeStyle>,
) -> Series<'c, 'a, 'b> {
    curve(chart, [a, b], style)
}

/// The polygon with corners `points`, clipped to the chart.
pub fn polygon<'c, 'a, 'b>(
    chart: &'c mut Chart<'a, 'b>,
    points: &[Point],
    style: impl Into<ShapeStyle>,
) -> Series<'c, 'a, 'b> {
    let style = style.into();
    let clipped = window(chart).clip_polygon(points);
    let shapes = (clipped.len() >= 3).then(|| Polygon::new(clipped, style));
    Ok(chart.draw_series(shapes)?)
}

/// The axis-parallel rectangle with opposite corners `a` and `b`, clipped to
/// the chart.
pub fn rectangle<'c, 'a, 'b>(
    chart: &'c mut Chart<'a, 'b>,
    a: Point,
    b: Point,
    style: impl Into<ShapeStyle>,
) -> Series<'c, 'a, 'b> {
    let w = window(chart);
    let (x0, x1) = (a.0.min(b.0).max(w.x.0), a.0.max(b.0).min(w.x.1));
    let (y0, y1) = (a.1.min(b.1).max(w.y.0), a.1.max(b.1).min(w.y.1));
    let style = style.into();
    let shapes = (x0 < x1 && y0 < y1)
        .then(|| Rectangle::new([(x0, y0), (x1, y1)], style));
    Ok(chart.draw_series(shapes)?)
}

/// A round marker of `radius` pixels at `p`, which must lie in the chart: a
/// marker pinned to the edge would show a point that is not there.
pub fn dot<'c, 'a, 'b>(
    chart: &'c mut Chart<'a, 'b>,
    p: Point,
    radius: i32,
    style: impl Into<ShapeStyle>,
) -> Series<'c, 'a, 'b> {
    inside(chart, p, "a marker")?;
    let style = style.into();
    Ok(chart.draw_series([Circle::new(p, radius, style)])?)
}

/// Text anchored at `p` (which must lie in the chart) by `anchor`.
pub fn text(
    chart: &mut Chart<'_, '_>,
    label: impl Into<String>,
    p: Point,
    anchor: (HPos, VPos),
    font: TextStyle<'_>,
) -> DrawResult {
    let label = label.into();
    inside(chart, p, &format!("the label {label:?}"))?;
    let font = font.pos(Pos::new(anchor.0, anchor.1));
    chart.draw_series([Text::new(label, p, font)])?;
    Ok(())
}

fn inside(chart: &Chart<'_, '_>, p: Point, what: &str) -> DrawResult {
    if window(chart).contains(p) {
        Ok(())
    } else {
        Err(format!(
            "{what} at {p:?} lies outside the chart {:?}",
            window(chart)
        )
        .into())
    }
}

/// The legend's sample of a solid line.
pub fn legend_line(
    style: impl Into<ShapeStyle>,
) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> {
    let style = style.into();
    move |(x, y)| PathElement::new([(x, y), (x + 24, y)], style)
}

/// The legend's sample of a dashed line.
pub fn legend_dashes(
    (dash, gap): (i32, i32),
    style: impl Into<ShapeStyle>,
) -> impl Fn((i32, i32)) -> DashedPathElement<std::vec::IntoIter<(i32, i32)>, i32>
{
    let style = style.into();
    move |(x, y)| {
        DashedPathElement::new(vec![(x, y), (x + 24, y)], dash, gap, style)
    }
}

/// Draws the legend box of `chart` at `position`.
pub fn legend<'a, 'b: 'a>(
    chart: &mut Chart<'a, 'b>,
    position: SeriesLabelPosition,
    size: u32,
) -> DrawResult {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(GRID)
        .label_font(style(size))
        .draw()?;
    Ok(())
}

/// Centre anchoring for labels.
pub const CENTRE: (HPos, VPos) = (HPos::Center, VPos::Center);

/// A small chart of `f` on `[x0, x1]` in `area`, its y range found from the
/// values, with a title and a zero line.
pub fn function_panel(
    area: &Area<'_>,
    title: &str,
    f: &dyn Fn(f64) -> f64,
    (x0, x1): (f64, f64),
    colour: RGBColor,
) -> DrawResult {
    let xs: Vec<f64> = (0..=400)
        .map(|i| x0 + (x1 - x0) * i as f64 / 400.0)
        .collect();
    let ys: Vec<f64> = xs.iter().map(|&x| f(x)).collect();
    let (lo, hi) = ys
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &y| {
            (a.min(y), b.max(y))
        });
    if !(lo.is_finite() && hi.is_finite()) {
        return Err(format!(
            "{title}: the function is not finite on [{x0}, {x1}]"
        )
        .into());
    }
    let pad = 0.1 * (hi - lo).max(1e-9);
    let mut chart = ChartBuilder::on(area)
        .caption(title, style(18))
        .margin(10)
        .x_label_area_size(28)
        .y_label_area_size(40)
        .build_cartesian_2d(x0..x1, (lo - pad)..(hi + pad))?;
    chart
        .configure_mesh()
        .light_line_style(GRID.mix(0.0))
        .bold_line_style(GRID)
        .axis_style(INK)
        .label_style(style(12))
        .x_labels(5)
        .y_labels(5)
        .draw()?;
    segment(
        &mut chart,
        (x0, 0.0),
        (x1, 0.0),
        INK.mix(0.5).stroke_width(1),
    )?;
    curve(&mut chart, xs.into_iter().zip(ys), colour.stroke_width(3))?;
    Ok(())
}

/// How a chart sits in its area: title, margin and label space, in pixels.
pub struct Frame<'t> {
    pub title: &'t str,
    pub title_size: u32,
    pub margin: u32,
    pub x_label_area: u32,
    pub y_label_area: u32,
}

impl Frame<'_> {
    /// A chart in `area` showing `x` by `y`, without a mesh.
    pub fn build<'a, 'b>(
        &self,
        area: &'a Area<'b>,
        x: (f64, f64),
        y: (f64, f64),
    ) -> DrawResult<Chart<'a, 'b>> {
        Ok(ChartBuilder::on(area)
            .caption(self.title, style(self.title_size))
            .margin(self.margin)
            .x_label_area_size(self.x_label_area)
            .y_label_area_size(self.y_label_area)
            .build_cartesian_2d(x.0..x.1, y.0..y.1)?)
    }

    /// A chart in `area` showing `x` across and, centred on `y_centre`,
    /// whatever height makes one unit as long upwards as across, so that
    /// circles are round and right angles square.
    pub fn equal_aspect<'a, 'b>(
        &self,
        area: &'a Area<'b>,
        x: (f64, f64),
        y_centre: f64,
    ) -> DrawResult<Chart<'a, 'b>> {
        // Measure the plotting area's pixels on a scratch canvas of the same size.
        let mut scratch = String::new();
        let (w, h) = {
            let probe_root =
                SVGBackend::with_string(&mut scratch, area.dim_in_pixel())
                    .into_drawing_area();
            let probe = self.build(&probe_root, (0.0, 1.0), (0.0, 1.0))?;
            let (a, b) = (
                probe.backend_coord(&(0.0, 0.0)),
                probe.backend_coord(&(1.0, 1.0)),
            );
            (f64::from(b.0 - a.0), f64::from(a.1 - b.1))
        };
        let half = 0.5 * (x.1 - x.0) * h / w;
        self.build(area, x, (y_centre - half, y_centre + half))
    }
}
