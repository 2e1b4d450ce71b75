//! `secants.svg`: secant lines through (1, 1) on y = x² turning into the
//! tangent (chapter 1's opening figure).

use super::derivative;
use super::plot::{self, Area, Chart};
use super::{BLUE, DrawResult, GREEN, INK, ORANGE, PURPLE, SIZE, mesh, style};
use mvcalc::numeric::forward_difference;
use plotters::prelude::*;

/// A straight line of the figure, as the drawing function receives it.
pub struct Line {
    /// The step of a secant; `None` for the tangent.
    pub h: Option<f64>,
    /// The legend's text, which states the slope.
    pub label: String,
    /// Its two ends, across the whole x range (clipped when drawn).
    pub ends: [(f64, f64); 2],
    pub colour: RGBColor,
}

/// Everything the figure draws.
pub struct Secants {
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    /// The point the lines go through.
    pub point: (f64, f64),
    /// Samples of the parabola.
    pub parabola: Vec<(f64, f64)>,
    /// The secants, then the tangent.
    pub lines: Vec<Line>,
}

fn f(x: f64) -> f64 {
    x * x
}

/// The figure's numbers: lines through (1, 1) with the slopes the crate
/// measures, forward differences for the secants and `derivative` for the
/// tangent.
pub fn data() -> Secants {
    let x_range = (0.0, 2.25);
    let (x0, y0) = (1.0, f(1.0));
    let line = |slope: f64| {
        let at = |x: f64| (x, y0 + slope * (x - x0));
        [at(x_range.0), at(x_range.1)]
    };
    let mut lines: Vec<Line> = [(1.0, PURPLE), (0.5, ORANGE), (0.25, GREEN)]
        .into_iter()
        .map(|(h, colour)| {
            let slope = forward_difference(f, x0, h);
            Line {
                h: Some(h),
                label: format!("secant, h = {h}: slope {slope}"),
                ends: line(slope),
                colour,
            }
        })
        .collect();
    let slope = derivative(f, x0);
    lines.push(Line {
        h: None,
        label: format!("tangent: slope {slope:.0}"),
        ends: line(slope),
        colour: BLUE,
    });
    Secants {
        x_range,
        y_range: (0.0, 5.1),
        point: (x0, y0),
        parabola: (0..=225)
            .map(|i| i as f64 / 100.0)
            .map(|x| (x, f(x)))
            .collect(),
        lines,
    }
}

/// The figure's chart, on the whole canvas.
fn chart<'a, 'b>(
    root: &'a Area<'b>,
    data: &Secants,
) -> DrawResult<Chart<'a, 'b>> {
    Ok(ChartBuilder::on(root)
        .caption(
            "Secants through (1, 1) on y = x² approach the tangent",
            style(20),
        )
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(48)
        .build_cartesian_2d(
            data.x_range.0..data.x_range.1,
            data.y_range.0..data.y_range.1,
        )?)
}

pub fn draw(svg: &mut String) -> DrawResult {
    let data = data();
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = chart(&root, &data)?;
    mesh(&mut chart, "x", "y", 14)?;

    plot::curve(
        &mut chart,
        data.parabola.iter().copied(),
        INK.stroke_width(3),
    )?
    .label("y = x²")
    .legend(plot::legend_line(INK.stroke_width(3)));
    for line in &data.lines {
        let width = if line.h.is_some() { 2 } else { 3 };
        plot::segment(
            &mut chart,
            line.ends[0],
            line.ends[1],
            line.colour.stroke_width(width),
        )?
        .label(line.label.as_str())
        .legend(plot::legend_line(line.colour.stroke_width(width)));
        if let Some(h) = line.h {
            let x = data.point.0 + h;
            plot::dot(&mut chart, (x, f(x)), 5, line.colour.filled())?;
        }
    }
    plot::dot(&mut chart, data.point, 6, INK.filled())?;
    plot::legend(&mut chart, SeriesLabelPosition::UpperLeft, 14)?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::clip::Window;
    use super::*;
    use plotters::coord::ReverseCoordTranslate;

    /// The part of each line the figure draws: its ends clipped to the
    /// chart, as `plot::segment` clips them.
    fn drawn(data: &Secants, line: &Line) -> ((f64, f64), (f64, f64)) {
        let window = Window::new(data.x_range, data.y_range);
        let runs = window.clip_polyline(&line.ends);
        assert_eq!(runs.len(), 1, "{}: one visible piece", line.label);
        (runs[0][0], *runs[0].last().unwrap())
    }

    /// The slope the legend states, read back from its text.
    fn legend_slope(label: &str) -> f64 {
        label.rsplit("slope ").next().unwrap().parse().unwrap()
    }

    #[test]
    fn each_secant_joins_the_point_to_its_second_point_with_the_stated_slope() {
        let data = data();
        let secants: Vec<&Line> =
            data.lines.iter().filter(|l| l.h.is_some()).collect();
        let hs: Vec<f64> = secants.iter().map(|l| l.h.unwrap()).collect();
        assert_eq!(hs, [1.0, 0.5, 0.25]);
        for line in secants {
            let h = line.h.unwrap();
            let (a, b) = drawn(&data, line);
            let slope = (b.1 - a.1) / (b.0 - a.0);
            // Rise over run on y = x^2 from 1 to 1 + h: ((1 + h)^2 - 1) / h = 2 + h.
            assert!(
                (slope - (2.0 + h)).abs() < 1e-12,
                "h = {h}: drawn slope {slope}"
            );
            assert!(
                (legend_slope(&line.label) - slope).abs() < 1e-12,
                "{}",
                line.label
            );
            // The drawn line passes through (1, 1) and (1 + h, (1 + h)^2).
            let y = |x: f64| a.1 + slope * (x - a.0);
            assert!((y(1.0) - 1.0).abs() < 1e-12, "h = {h}");
            assert!((y(1.0 + h) - (1.0 + h).powi(2)).abs() < 1e-12, "h = {h}");
            // Both points lie within the drawn piece, which lies in the chart.
            assert!(a.0 <= 1.0 && 1.0 + h <= b.0, "h = {h}: {a:?} to {b:?}");
        }
    }

    #[test]
    fn the_tangent_touches_at_the_point_with_slope_two_and_starts_where_it_enters()
     {
        let data = data();
        let tangent = data.lines.iter().find(|l| l.h.is_none()).unwrap();
        assert_eq!(tangent.label, "tangent: slope 2");
        let (a, b) = drawn(&data, tangent);
        let slope = (b.1 - a.1) / (b.0 - a.0);
        assert!((slope - 2.0).abs() < 1e-9, "{slope}");
        // y = 2x - 1 enters the chart through the x axis at x = 0.5, not
        // at the origin, and leaves at the right edge, x = 2.25, y = 3.5.
        assert!((a.0 - 0.5).abs() < 1e-9 && a.1 == 0.0, "starts at {a:?}");
        assert!(b.0 == 2.25 && (b.1 - 3.5).abs() < 1e-9, "ends at {b:?}");
        // It touches the parabola at (1, 1) and nowhere else: x^2 - (2x - 1)
        // = (x - 1)^2 is zero only there, and the drawn line agrees.
        let y = |x: f64| a.1 + slope * (x - a.0);
        assert!((y(1.0) - 1.0).abs() < 1e-9);
        for &(x, px) in &data.parabola {
            let gap = px - y(x);
            assert!(
                gap >= -1e-9,
                "the tangent crosses the parabola at x = {x}"
            );
            assert!((gap - (x - 1.0).powi(2)).abs() < 1e-8, "x = {x}");
        }
    }

    /// The first polyline drawn in `colour` in the SVG, as pixel points.
    fn polyline(svg: &str, colour: RGBColor) -> Vec<(i32, i32)> {
        let stroke = format!(
            "stroke=\"#{:02X}{:02X}{:02X}\"",
            colour.0, colour.1, colour.2
        );
        let tag = svg
            .split("<polyline")
            .find(|t| t.contains(&stroke))
            .unwrap_or_else(|| panic!("no line in {stroke}"));
        let points = tag
            .split("points=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        points
            .split_whitespace()
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect()
    }

    /// Reads the lines back from the SVG the figure really draws and maps
    /// their pixels back to data: a line pinned to the chart's corner (as
    /// plotters does with an end outside the range) would start at x = 0.
    #[test]
    fn the_drawn_svg_shows_the_lines_where_the_data_says() {
        let data = data();
        let mut svg = String::new();
        draw(&mut svg).unwrap();
        let mut scratch = String::new();
        let root =
            SVGBackend::with_string(&mut scratch, SIZE).into_drawing_area();
        let chart = chart(&root, &data).unwrap();
        let to_data = |p: (i32, i32)| {
            let back = chart.as_coord_spec().reverse_translate(p);
            back.unwrap_or_else(|| {
                panic!("pixel {p:?} lies outside the plotting area")
            })
        };
        // One pixel, in data units.
        let (px, py) = (2.25 / 640.0, 5.1 / 340.0);
        for line in &data.lines {
            let points = polyline(&svg, line.colour);
            assert_eq!(points.len(), 2, "{}", line.label);
            let (a, b) = (to_data(points[0]), to_data(points[1]));
            let slope = (b.1 - a.1) / (b.0 - a.0);
            let stated = legend_slope(&line.label);
            assert!(
                (slope - stated).abs() < 0.03,
                "{}: drawn slope {slope}",
                line.label
            );
            // The line enters through the x axis where y = 1 + m (x - 1) = 0.
            let enters = 1.0 - 1.0 / stated;
            assert!(
                (a.0 - enters).abs() < 2.0 * px && a.1.abs() < 2.0 * py,
                "{}: starts at {a:?}",
                line.label
            );
            // And passes through (1, 1).
            let y1 = a.1 + slope * (1.0 - a.0);
            assert!((y1 - 1.0).abs() < 3.0 * py, "{}: y(1) = {y1}", line.label);
        }
    }
}
