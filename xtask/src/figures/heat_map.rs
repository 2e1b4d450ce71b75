//! Heat maps with contour lines and their colour key, shared by the
//! two-variable figures.

use super::plot::{self, Area, Chart, Frame};
use super::{DrawResult, INK, style};
use plotters::prelude::*;

/// A diverging colour for `t` in [-1, 1]: blue below zero, white at zero,
/// orange above (readable on white, and for colour-blind readers).
pub fn diverging(t: f64) -> RGBColor {
    let t = t.clamp(-1.0, 1.0);
    let (end, s) = if t < 0.0 {
        ((0x2c, 0x7b, 0xb6), -t)
    } else {
        ((0xe6, 0x7e, 0x22), t)
    };
    let mix = |a: u8| (255.0 + (f64::from(a) - 255.0) * s).round() as u8;
    RGBColor(mix(end.0), mix(end.1), mix(end.2))
}

/// Contour segments at `level` of `values[i][j]`, sampled at
/// `(xs[i], ys[j])`, by marching squares.
pub fn contour_segments(
    values: &[Vec<f64>],
    xs: &[f64],
    ys: &[f64],
    level: f64,
) -> Vec<[(f64, f64); 2]> {
    let mut out = Vec::new();
    for i in 0..xs.len() - 1 {
        for j in 0..ys.len() - 1 {
            // Corners in order round the cell, with their values.
            let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
            let mut crossings = Vec::new();
            for k in 0..4 {
                let (a, b) = (corners[k], corners[(k + 1) % 4]);
                let (va, vb) =
                    (values[a.0][a.1] - level, values[b.0][b.1] - level);
                if (va < 0.0) != (vb < 0.0) {
                    // Always from the lower-numbered corner, so the two
                    // cells sharing an edge find the very same point.
                    let (a, b, va, vb) = if a < b {
                        (a, b, va, vb)
                    } else {
                        (b, a, vb, va)
                    };
                    let t = va / (va - vb);
                    let (pa, pb) = ((xs[a.0], ys[a.1]), (xs[b.0], ys[b.1]));
                    crossings.push((
                        pa.0 + t * (pb.0 - pa.0),
                        pa.1 + t * (pb.1 - pa.1),
                    ));
                }
            }
            for pair in crossings.chunks_exact(2) {
                out.push([pair[0], pair[1]]);
            }
        }
    }
    out
}

/// Joins segments that share ends into polylines (one SVG element per
/// contour line rather than one per cell).
pub fn chain(segments: Vec<[(f64, f64); 2]>) -> Vec<Vec<(f64, f64)>> {
    use std::collections::HashMap;
    let key = |p: (f64, f64)| (p.0.to_bits(), p.1.to_bits());
    // Each end point, and the segments that touch it.
    let mut at: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
    for (i, s) in segments.iter().enumerate() {
        for &p in s {
            at.entry(key(p)).or_default().push(i);
        }
    }
    let mut used = vec![false; segments.len()];
    let mut lines = Vec::new();
    for start in 0..segments.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let mut line =
            std::collections::VecDeque::from(segments[start].to_vec());
        // Grow the line from its back, then from its front.
        for front in [false, true] {
            loop {
                let end = if front { line[0] } else { line[line.len() - 1] };
                let next = at[&key(end)].iter().copied().find(|&i| !used[i]);
                let Some(i) = next else { break };
                used[i] = true;
                let s = segments[i];
                let other = if key(s[0]) == key(end) { s[1] } else { s[0] };
                if front {
                    line.push_front(other);
                } else {
                    line.push_back(other);
                }
            }
        }
        lines.push(line.into_iter().collect());
    }
    lines
}

/// `n` evenly spaced values from `a` to `b`.
fn grid((a, b): (f64, f64), n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| a + (b - a) * i as f64 / (n - 1) as f64)
        .collect()
}

/// Draws a heat map with contour lines at `levels` of `f` over the whole
/// chart, and returns the value the colours are scaled to: full blue at
/// `-scale`, white at zero, full orange at `+scale`, where `scale` is the
/// one given (for panels that share a key) or else the largest |f| on the
/// chart.
pub fn heat_map(
    chart: &mut Chart<'_, '_>,
    f: &dyn Fn(f64, f64) -> f64,
    levels: &[f64],
    scale: Option<f64>,
) -> DrawResult<f64> {
    let w = plot::window(chart);
    let sample = |n: usize| {
        let (xs, ys) = (grid(w.x, n), grid(w.y, n));
        let values: Vec<Vec<f64>> = xs
            .iter()
            .map(|&x| ys.iter().map(|&y| f(x, y)).collect())
            .collect();
        (xs, ys, values)
    };
    // Contours from a fine grid; colour cells about 4 pixels wide, smooth
    // to the eye, and no more of them than that, to keep the file small.
    let (xs, ys, values) = sample(81);
    let largest = values.iter().flatten().fold(0.0_f64, |m, v| m.max(v.abs()));
    let scale = scale.unwrap_or(largest).max(1e-12);
    let width = chart.plotting_area().dim_in_pixel().0;
    let n = (width / 4).clamp(21, 81) as usize;
    let (cx, cy, cells) = sample(n);
    let (dx, dy) = (
        (w.x.1 - w.x.0) / (n - 1) as f64,
        (w.y.1 - w.y.0) / (n - 1) as f64,
    );
    for (row, &x) in cells.iter().zip(&cx) {
        for (v, &y) in row.iter().zip(&cy) {
            let (a, b) =
                ((x - dx / 2.0, y - dy / 2.0), (x + dx / 2.0, y + dy / 2.0));
            plot::rectangle(chart, a, b, diverging(v / scale).filled())?;
        }
    }
    for &level in levels {
        let colour = if level == 0.0 {
            INK.mix(0.8)
        } else {
            INK.mix(0.45)
        };
        for line in chain(contour_segments(&values, &xs, &ys, level)) {
            plot::curve(chart, line, colour.stroke_width(1))?;
        }
    }
    Ok(scale)
}

/// A vertical colour bar for a heat map scaled to `scale`, with its values
/// on the left and the contour `levels` marked across it.
pub fn colour_key(
    area: &Area<'_>,
    title: &str,
    scale: f64,
    levels: &[f64],
) -> DrawResult {
    // The title, then room for the end labels, which stick out half a line.
    let body = area
        .margin(6, 12, 10, 10)
        .titled(title, style(14))?
        .margin(10, 0, 0, 0);
    let mut chart: Chart = ChartBuilder::on(&body)
        .y_label_area_size(44)
        .build_cartesian_2d(0.0..1.0, -scale..scale)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .axis_style(INK)
        .label_style(style(12))
        .y_labels(9)
        .y_label_formatter(&|v| format!("{v:.1}"))
        .draw()?;
    let n = 200;
    for i in 0..n {
        let (y0, y1) = (
            -scale + 2.0 * scale * i as f64 / n as f64,
            -scale + 2.0 * scale * (i + 1) as f64 / n as f64,
        );
        plot::rectangle(
            &mut chart,
            (0.0, y0),
            (1.0, y1),
            diverging((y0 + y1) / (2.0 * scale)).filled(),
        )?;
    }
    for &level in levels {
        let colour = if level == 0.0 {
            INK.mix(0.8)
        } else {
            INK.mix(0.45)
        };
        plot::segment(
            &mut chart,
            (0.0, level),
            (1.0, level),
            colour.stroke_width(1),
        )?;
    }
    plot::rectangle(
        &mut chart,
        (0.0, -scale),
        (1.0, scale),
        INK.stroke_width(1),
    )?;
    Ok(())
}

/// A square chart over `[lo, hi]` both ways with a title and plain axes,
/// one unit the same length across and up; an error if `area` does not
/// have the shape for it.
pub fn square_chart<'a, 'b>(
    area: &'a Area<'b>,
    title: &str,
    (lo, hi): (f64, f64),
) -> DrawResult<Chart<'a, 'b>> {
    let frame = Frame {
        title,
        title_size: 17,
        margin: 10,
        x_label_area: 30,
        y_label_area: 36,
    };
    let mut chart = frame.equal_aspect(area, (lo, hi), (lo + hi) / 2.0)?;
    // The area is sized so that this is a square: say so if it is not.
    let y = chart.y_range();
    if (y.start - lo).abs() > 0.005 * (hi - lo)
        || (y.end - hi).abs() > 0.005 * (hi - lo)
    {
        return Err(format!("{title}: the chart shows y from {} to {}, not the square [{lo}, {hi}]; resize the figure", y.start, y.end).into());
    }
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(INK)
        .label_style(style(12))
        .x_labels(5)
        .y_labels(5)
        .draw()?;
    Ok(chart)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contours_of_a_circle_join_into_one_closed_line() {
        let xs: Vec<f64> = grid((-1.5, 1.5), 31);
        let values: Vec<Vec<f64>> = xs
            .iter()
            .map(|&x| xs.iter().map(|&y| x * x + y * y).collect())
            .collect();
        // (A level through grid points could split the line where it touches
        // one, harmlessly: the pieces meet.)
        let segments = contour_segments(&values, &xs, &xs, 1.1);
        let n = segments.len();
        let lines = chain(segments);
        assert_eq!(lines.len(), 1, "{} pieces", lines.len());
        let line = &lines[0];
        assert_eq!(line.len(), n + 1, "every segment used once");
        assert_eq!(line[0], line[n], "closed");
        // On the circle of radius √1.1, to within the grid's chord error.
        assert!(
            line.iter()
                .all(|p| (p.0.hypot(p.1) - 1.1_f64.sqrt()).abs() < 0.01)
        );
    }
}
