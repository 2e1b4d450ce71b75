//! The book's figures, drawn as SVG by plotters from the crate's own numbers.
//!
//! Each figure is a function that draws into an SVG string. `cargo xtask
//! figures` writes them to `book/figures/`; CI regenerates them into a
//! scratch folder and fails if any committed file differs.

use crate::Result;
use mvcalc::derivative::{central_difference, derivative, forward_difference};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use std::fs;
use std::path::Path;

/// Size of every figure, in SVG pixels; the page scales it to fit.
const SIZE: (u32, u32) = (720, 440);
/// Colours chosen to read on the white card the book puts figures on, and to
/// stay distinct for the common forms of colour blindness (Okabe-Ito).
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);
const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xb2);
const ORANGE: RGBColor = RGBColor(0xe6, 0x9f, 0x00);
const GREEN: RGBColor = RGBColor(0x00, 0x9e, 0x73);
const VERMILION: RGBColor = RGBColor(0xd5, 0x5e, 0x00);
const PURPLE: RGBColor = RGBColor(0xcc, 0x79, 0xa7);
const FONT: &str = "sans-serif";

/// A function of two variables, as drawn by the heat maps.
type Surface<'a> = &'a dyn Fn(f64, f64) -> f64;

type Draw = fn(&mut String) -> std::result::Result<(), Box<dyn std::error::Error>>;

/// Every figure: file name and drawing function.
const FIGURES: &[(&str, Draw)] = &[
    ("secants.svg", secants),
    ("step-size-error.svg", step_size_error),
    ("function-and-derivative.svg", function_and_derivative),
    ("graph-matching.svg", graph_matching),
    ("product-rule.svg", product_rule),
    ("gradient-field.svg", gradient_field),
    ("polar-map.svg", polar_map),
    ("stationary-points.svg", stationary_points),
    ("noisy-gradient.svg", noisy_gradient),
];

/// Draws every figure into `dir`, returning how many were written.
pub fn write(dir: &Path) -> Result<usize> {
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (name, draw) in FIGURES {
        let svg = render(*draw).map_err(|e| format!("drawing {name}: {e}"))?;
        fs::write(dir.join(name), svg).map_err(|e| format!("writing {name}: {e}"))?;
    }
    Ok(FIGURES.len())
}

/// Regenerates the figures into a scratch folder and fails if any differs
/// from the committed copy in `book/figures`, or if a committed figure has no
/// generator.
pub fn check_fresh() -> Result {
    let committed = crate::root().join("book/figures");
    let scratch = crate::root().join("target/figures-check");
    let _ = fs::remove_dir_all(&scratch);
    write(&scratch)?;
    let mut stale = Vec::new();
    for (name, _) in FIGURES {
        let new = fs::read(scratch.join(name)).map_err(|e| e.to_string())?;
        if fs::read(committed.join(name)).ok().as_deref() != Some(new.as_slice()) {
            stale.push(format!("book/figures/{name}"));
        }
    }
    for entry in fs::read_dir(&committed).map_err(|e| e.to_string())? {
        let name = entry
            .map_err(|e| e.to_string())?
            .file_name()
            .to_string_lossy()
            .into_owned();
        if !FIGURES.iter().any(|(n, _)| *n == name) {
            stale.push(format!("book/figures/{name} (no generator draws it)"));
        }
    }
    if stale.is_empty() {
        println!("figures are up to date ({} files)", FIGURES.len());
        Ok(())
    } else {
        Err(format!(
            "these figures differ from what the code draws; run `cargo xtask figures` and commit:\n  {}",
            stale.join("\n  ")
        ))
    }
}

fn render(draw: Draw) -> std::result::Result<String, Box<dyn std::error::Error>> {
    let mut svg = String::new();
    draw(&mut svg)?;
    Ok(svg)
}

fn style(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().color(&INK)
}

/// Secant lines through (1, 1) on y = x^2 turning into the tangent.
fn secants(svg: &mut String) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Secants through (1, 1) on y = x² approach the tangent",
            style(20),
        )
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(48)
        .build_cartesian_2d(0.0..2.25, 0.0..5.1)?;
    chart
        .configure_mesh()
        .light_line_style(GRID.mix(0.0))
        .bold_line_style(GRID)
        .axis_style(INK)
        .label_style(style(14))
        .x_desc("x")
        .y_desc("y")
        .axis_desc_style(style(16))
        .draw()?;

    let f = |x: f64| x * x;
    let xs: Vec<f64> = (0..=225).map(|i| i as f64 / 100.0).collect();
    chart
        .draw_series(LineSeries::new(
            xs.iter().map(|&x| (x, f(x))),
            INK.stroke_width(3),
        ))?
        .label("y = x²")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 24, y)], INK.stroke_width(3)));

    let (x0, y0) = (1.0, f(1.0));
    for (h, colour) in [(1.0, PURPLE), (0.5, ORANGE), (0.25, GREEN)] {
        let slope = forward_difference(f, x0, h);
        let line = |x: f64| y0 + slope * (x - x0);
        chart
            .draw_series(LineSeries::new(
                [(0.0, line(0.0)), (2.25, line(2.25))],
                colour.stroke_width(2),
            ))?
            .label(format!("secant, h = {h}: slope {slope}"))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 24, y)], colour.stroke_width(2)));
        chart.draw_series([Circle::new((x0 + h, f(x0 + h)), 5, colour.filled())])?;
    }
    let slope = derivative(f, x0);
    chart
        .draw_series(LineSeries::new(
            [(0.0, y0 - slope * x0), (2.25, y0 + slope * (2.25 - x0))],
            BLUE.stroke_width(3),
        ))?
        .label(format!("tangent: slope {:.0}", slope))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 24, y)], BLUE.stroke_width(3)));
    chart.draw_series([Circle::new((x0, y0), 6, INK.filled())])?;

    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(GRID)
        .label_font(style(14))
        .draw()?;
    root.present()?;
    Ok(())
}

/// Error of forward and central differences of sin at x = 1 against the step.
fn step_size_error(svg: &mut String) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let exact = 1.0_f64.cos();
    // Steps from 1 down to 1e-16, 20 per decade.
    let steps: Vec<f64> = (0..=320).map(|i| 10f64.powf(-(i as f64) / 20.0)).collect();
    // log10 of the error, floored where a difference happens to be exact.
    let err = |d: f64| (d - exact).abs().max(1e-17).log10();
    let fwd: Vec<(f64, f64)> = steps
        .iter()
        .map(|&h| (h.log10(), err(forward_difference(f64::sin, 1.0, h))))
        .collect();
    let cen: Vec<(f64, f64)> = steps
        .iter()
        .map(|&h| (h.log10(), err(central_difference(f64::sin, 1.0, h))))
        .collect();

    let mut chart = ChartBuilder::on(&root)
        .caption("Error of finite differences of sin x at x = 1", style(20))
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d(-16.0..0.0, -13.0..0.0)?;
    chart
        .configure_mesh()
        .light_line_style(GRID.mix(0.0))
        .bold_line_style(GRID)
        .axis_style(INK)
        .label_style(style(14))
        .x_labels(9)
        .y_labels(8)
        .x_label_formatter(&|v| format!("1e{v:.0}"))
        .y_label_formatter(&|v| format!("1e{v:.0}"))
        .x_desc("step h")
        .y_desc("absolute error")
        .axis_desc_style(style(16))
        .draw()?;
    chart
        .draw_series(LineSeries::new(fwd, VERMILION.stroke_width(2)))?
        .label("forward difference")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 24, y)], VERMILION.stroke_width(2)));
    chart
        .draw_series(LineSeries::new(cen, BLUE.stroke_width(2)))?
        .label("central difference")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 24, y)], BLUE.stroke_width(2)));
    // Where each method's two error sources balance: h ~ sqrt(eps) and h ~ cbrt(eps).
    for (h, colour) in [
        (f64::EPSILON.sqrt(), VERMILION),
        (f64::EPSILON.cbrt(), BLUE),
    ] {
        chart.draw_series(DashedLineSeries::new(
            [(h.log10(), -13.0), (h.log10(), 0.0)],
            6,
            4,
            colour.stroke_width(1),
        ))?;
    }
    for (h, text, colour) in [
        (f64::EPSILON.sqrt(), "h = √ε", VERMILION),
        (f64::EPSILON.cbrt(), "h = ∛ε", BLUE),
    ] {
        chart.draw_series([Text::new(
            text,
            (h.log10() + 0.15, -0.6),
            style(14).color(&colour),
        )])?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.9))
        .border_style(GRID)
        .label_font(style(14))
        .draw()?;
    root.present()?;
    Ok(())
}

/// A small chart of `f` on `[x0, x1]` in `area`, its y range found from the
/// values, with a title and a zero line.
fn panel(
    area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    title: &str,
    f: &dyn Fn(f64) -> f64,
    (x0, x1): (f64, f64),
    colour: RGBColor,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let xs: Vec<f64> = (0..=400)
        .map(|i| x0 + (x1 - x0) * i as f64 / 400.0)
        .collect();
    let ys: Vec<f64> = xs.iter().map(|&x| f(x)).collect();
    let (lo, hi) = ys
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &y| {
            (a.min(y), b.max(y))
        });
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
    chart.draw_series(LineSeries::new(
        [(x0, 0.0), (x1, 0.0)],
        INK.mix(0.5).stroke_width(1),
    ))?;
    chart.draw_series(LineSeries::new(
        xs.into_iter().zip(ys),
        colour.stroke_width(3),
    ))?;
    Ok(())
}

/// f(x) = x^3/3 - x beside its derivative, computed numerically.
fn function_and_derivative(
    svg: &mut String,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, (SIZE.0, 300)).into_drawing_area();
    root.fill(&WHITE)?;
    let f = |x: f64| x.powi(3) / 3.0 - x;
    let panels = root.split_evenly((1, 2));
    panel(&panels[0], "f(x) = x³/3 − x", &f, (-2.5, 2.5), BLUE)?;
    panel(
        &panels[1],
        "its slope f′(x), measured",
        &|x| derivative(f, x),
        (-2.5, 2.5),
        VERMILION,
    )?;
    root.present()?;
    Ok(())
}

/// Three functions, and their derivatives in a shuffled order.
fn graph_matching(svg: &mut String) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, (SIZE.0, 440)).into_drawing_area();
    root.fill(&WHITE)?;
    let fa = |x: f64| x * x - 2.0;
    let fb = |x: f64| (x / 2.0).exp();
    let fc = |x: f64| x.sin() + x / 3.0;
    let fs: [(&str, &dyn Fn(f64) -> f64); 3] = [("A", &fa), ("B", &fb), ("C", &fc)];
    // Derivative panels in the order C, A, B, labelled 1, 2, 3.
    let ds: [(&str, &dyn Fn(f64) -> f64); 3] = [
        ("1", &|x| derivative(fc, x)),
        ("2", &|x| derivative(fa, x)),
        ("3", &|x| derivative(fb, x)),
    ];
    let panels = root.split_evenly((2, 3));
    for (i, (name, f)) in fs.iter().enumerate() {
        panel(
            &panels[i],
            &format!("function {name}"),
            *f,
            (-3.0, 3.0),
            BLUE,
        )?;
    }
    for (i, (name, d)) in ds.iter().enumerate() {
        panel(
            &panels[3 + i],
            &format!("derivative {name}"),
            *d,
            (-3.0, 3.0),
            VERMILION,
        )?;
    }
    root.present()?;
    Ok(())
}

/// The product rule as area: a rectangle of sides f and g, grown by a step.
fn product_rule(svg: &mut String) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, (SIZE.0, 420)).into_drawing_area();
    root.fill(&WHITE)?;
    // f(x) = x^2 and g(x) = 1 + x at x = 1.2, stepped by h = 0.25.
    let (x, h) = (1.2_f64, 0.25);
    let (f, g) = (|x: f64| x * x, |x: f64| 1.0 + x);
    let (f0, f1, g0, g1) = (f(x), f(x + h), g(x), g(x + h));
    let mut chart = ChartBuilder::on(&root)
        .caption("The product rule: how the area f·g grows", style(20))
        .margin(16)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .build_cartesian_2d(0.0..2.8, 0.0..2.4)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(INK)
        .label_style(style(13))
        .x_desc("g")
        .y_desc("f")
        .axis_desc_style(style(16))
        .draw()?;
    let pieces = [
        ((0.0, 0.0), (g0, f0), BLUE.mix(0.25), "f·g".to_string()),
        ((g0, 0.0), (g1, f0), ORANGE.mix(0.6), "f·δg".to_string()),
        ((0.0, f0), (g0, f1), GREEN.mix(0.5), "g·δf".to_string()),
        ((g0, f0), (g1, f1), VERMILION.mix(0.8), "δf·δg".to_string()),
    ];
    for (a, b, colour, label) in pieces {
        chart.draw_series([Rectangle::new([a, b], colour.filled())])?;
        chart.draw_series([Rectangle::new([a, b], INK.stroke_width(1))])?;
        let centre = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        chart.draw_series([Text::new(
            label,
            centre,
            style(15).pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Center,
            )),
        )])?;
    }
    let note = format!(
        "x = {x}, h = {h}: f = x² grows from {f0:.2} to {f1:.4}, g = 1 + x from {g0:.2} to {g1:.2}"
    );
    chart.draw_series([Text::new(note, (0.05, 2.3), style(14))])?;
    root.present()?;
    Ok(())
}

/// A diverging colour for `t` in [-1, 1]: blue below zero, white at zero,
/// orange above (readable on white, and for colour-blind readers).
fn diverging(t: f64) -> RGBColor {
    let t = t.clamp(-1.0, 1.0);
    let (end, s) = if t < 0.0 {
        ((0x2c, 0x7b, 0xb6), -t)
    } else {
        ((0xe6, 0x7e, 0x22), t)
    };
    let mix = |a: u8| (255.0 + (f64::from(a) - 255.0) * s).round() as u8;
    RGBColor(mix(end.0), mix(end.1), mix(end.2))
}

/// Contour segments of `values` (sampled on an `n` by `n` grid over
/// `[lo, hi]` squared) at `level`, by marching squares.
fn contour_segments(values: &[Vec<f64>], (lo, hi): (f64, f64), level: f64) -> Vec<[(f64, f64); 2]> {
    let n = values.len();
    let step = (hi - lo) / (n - 1) as f64;
    let at = |i: usize, j: usize| (lo + i as f64 * step, lo + j as f64 * step);
    let mut out = Vec::new();
    for i in 0..n - 1 {
        for j in 0..n - 1 {
            // Corners in order round the cell, with their values.
            let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
            let mut crossings = Vec::new();
            for k in 0..4 {
                let (a, b) = (corners[k], corners[(k + 1) % 4]);
                let (va, vb) = (values[a.0][a.1] - level, values[b.0][b.1] - level);
                if (va < 0.0) != (vb < 0.0) {
                    let t = va / (va - vb);
                    let (pa, pb) = (at(a.0, a.1), at(b.0, b.1));
                    crossings.push((pa.0 + t * (pb.0 - pa.0), pa.1 + t * (pb.1 - pa.1)));
                }
            }
            for pair in crossings.chunks_exact(2) {
                out.push([pair[0], pair[1]]);
            }
        }
    }
    out
}

/// A heat map with contour lines of `f` over `[lo, hi]` squared.
fn heat_map<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    f: &dyn Fn(f64, f64) -> f64,
    (lo, hi): (f64, f64),
    levels: &[f64],
) -> std::result::Result<(), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let n = 81;
    let step = (hi - lo) / (n - 1) as f64;
    let values: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| f(lo + i as f64 * step, lo + j as f64 * step))
                .collect()
        })
        .collect();
    let scale = values
        .iter()
        .flatten()
        .fold(0.0_f64, |m, v| m.max(v.abs()))
        .max(1e-12);
    chart.draw_series(
        (0..n)
            .flat_map(|i| (0..n).map(move |j| (i, j)))
            .map(|(i, j)| {
                let (x, y) = (lo + (i as f64 - 0.5) * step, lo + (j as f64 - 0.5) * step);
                Rectangle::new(
                    [(x, y), (x + step, y + step)],
                    diverging(values[i][j] / scale).filled(),
                )
            }),
    )?;
    for &level in levels {
        let colour = if level == 0.0 {
            INK.mix(0.8)
        } else {
            INK.mix(0.45)
        };
        for seg in contour_segments(&values, (lo, hi), level) {
            chart.draw_series(LineSeries::new(seg, colour.stroke_width(1)))?;
        }
    }
    Ok(())
}

/// An arrow from `from` to `to` in data coordinates, with a small head.
fn arrow<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    from: (f64, f64),
    to: (f64, f64),
    colour: RGBColor,
) -> std::result::Result<(), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1e-12 {
        return Ok(());
    }
    let (ux, uy) = (dx / len, dy / len);
    let head = 0.35 * len.min(0.25);
    let left = (to.0 - head * (ux - 0.5 * uy), to.1 - head * (uy + 0.5 * ux));
    let right = (to.0 - head * (ux + 0.5 * uy), to.1 - head * (uy - 0.5 * ux));
    chart.draw_series(LineSeries::new([from, to], colour.stroke_width(2)))?;
    chart.draw_series([Polygon::new(vec![to, left, right], colour.filled())])?;
    Ok(())
}

fn square_chart<'a, 'b>(
    area: &'a DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    title: &str,
    (lo, hi): (f64, f64),
) -> std::result::Result<
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    Box<dyn std::error::Error>,
> {
    let mut chart = ChartBuilder::on(area)
        .caption(title, style(17))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(36)
        .build_cartesian_2d(lo..hi, lo..hi)?;
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

/// The gradient of x e^(-(x^2 + y^2)) as arrows over its heat map.
fn gradient_field(svg: &mut String) -> std::result::Result<(), Box<dyn std::error::Error>> {
    use mvcalc::multivariate::gradient;
    use nalgebra::{DVector, dvector};
    let root = SVGBackend::with_string(svg, (560, 540)).into_drawing_area();
    root.fill(&WHITE)?;
    let f = |x: f64, y: f64| x * (-(x * x + y * y)).exp();
    let fv = |v: &DVector<f64>| f(v[0], v[1]);
    let range = (-2.0, 2.0);
    let mut chart = square_chart(&root, "f(x, y) = x·exp(−(x² + y²)) and its gradient", range)?;
    heat_map(
        &mut chart,
        &f,
        range,
        &[-0.4, -0.3, -0.2, -0.1, 0.0, 0.1, 0.2, 0.3, 0.4],
    )?;
    for i in 0..9 {
        for j in 0..9 {
            let (x, y) = (-1.8 + 0.45 * i as f64, -1.8 + 0.45 * j as f64);
            let g = gradient(fv, &dvector![x, y]);
            arrow(&mut chart, (x, y), (x + 0.4 * g[0], y + 0.4 * g[1]), INK)?;
        }
    }
    root.present()?;
    Ok(())
}

/// Polar coordinates mapped to the plane, with the Jacobian's parallelogram.
fn polar_map(svg: &mut String) -> std::result::Result<(), Box<dyn std::error::Error>> {
    use mvcalc::multivariate::jacobian;
    use nalgebra::{DVector, dvector};
    let root = SVGBackend::with_string(svg, (SIZE.0, 380)).into_drawing_area();
    root.fill(&WHITE)?;
    let panels = root.split_evenly((1, 2));
    let polar = |r: f64, t: f64| (r * t.cos(), r * t.sin());
    let (r0, t0, dr, dt) = (1.5, 0.4, 0.5, 0.4);

    let mut left = ChartBuilder::on(&panels[0])
        .caption("(r, θ): a rectangular grid", style(17))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(36)
        .build_cartesian_2d(0.0..3.0, 0.0..1.6)?;
    left.configure_mesh()
        .disable_mesh()
        .axis_style(INK)
        .label_style(style(12))
        .x_desc("r")
        .y_desc("θ")
        .axis_desc_style(style(14))
        .draw()?;
    left.draw_series([Rectangle::new(
        [(r0, t0), (r0 + dr, t0 + dt)],
        ORANGE.mix(0.6).filled(),
    )])?;
    for k in 0..=6 {
        let r = 0.5 * k as f64;
        left.draw_series(LineSeries::new(
            [(r, 0.0), (r, 1.6)],
            INK.mix(0.5).stroke_width(1),
        ))?;
    }
    for k in 0..=4 {
        let t = 0.4 * k as f64;
        left.draw_series(LineSeries::new(
            [(0.0, t), (3.0, t)],
            INK.mix(0.5).stroke_width(1),
        ))?;
    }

    let mut right = ChartBuilder::on(&panels[1])
        .caption("(x, y) = (r cos θ, r sin θ)", style(17))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(36)
        .build_cartesian_2d(-0.2..3.1, -0.2..3.1)?;
    right
        .configure_mesh()
        .disable_mesh()
        .axis_style(INK)
        .label_style(style(12))
        .x_desc("x")
        .y_desc("y")
        .axis_desc_style(style(14))
        .draw()?;
    // The image of the shaded cell, traced along its edges.
    let mut outline = Vec::new();
    for k in 0..=20 {
        outline.push(polar(r0 + dr * k as f64 / 20.0, t0));
    }
    for k in 0..=20 {
        outline.push(polar(r0 + dr, t0 + dt * k as f64 / 20.0));
    }
    for k in (0..=20).rev() {
        outline.push(polar(r0 + dr * k as f64 / 20.0, t0 + dt));
    }
    for k in (0..=20).rev() {
        outline.push(polar(r0, t0 + dt * k as f64 / 20.0));
    }
    right.draw_series([Polygon::new(outline, ORANGE.mix(0.6).filled())])?;
    for k in 1..=6 {
        let r = 0.5 * k as f64;
        right.draw_series(LineSeries::new(
            (0..=40).map(|i| polar(r, 1.6 * i as f64 / 40.0)),
            INK.mix(0.5).stroke_width(1),
        ))?;
    }
    for k in 0..=4 {
        let t = 0.4 * k as f64;
        right.draw_series(LineSeries::new(
            [polar(0.0, t), polar(3.0, t)],
            INK.mix(0.5).stroke_width(1),
        ))?;
    }
    // The Jacobian's prediction: the parallelogram spanned by J (dr, 0) and J (0, dθ).
    let j = jacobian(
        |v: &DVector<f64>| {
            let (x, y) = polar(v[0], v[1]);
            dvector![x, y]
        },
        &dvector![r0, t0],
    );
    let o = polar(r0, t0);
    let a = (o.0 + j[(0, 0)] * dr, o.1 + j[(1, 0)] * dr);
    let b = (o.0 + j[(0, 1)] * dt, o.1 + j[(1, 1)] * dt);
    let c = (a.0 + b.0 - o.0, a.1 + b.1 - o.1);
    right.draw_series(LineSeries::new([o, a, c, b, o], BLUE.stroke_width(2)))?;
    right.draw_series([Text::new(
        format!("det J = r = {:.2}", j.determinant()),
        (0.1, 2.9),
        style(14),
    )])?;
    root.present()?;
    Ok(())
}

/// Minimum, maximum and saddle side by side.
fn stationary_points(svg: &mut String) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, (SIZE.0, 270)).into_drawing_area();
    root.fill(&WHITE)?;
    let panels = root.split_evenly((1, 3));
    let levels = [-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5];
    let cases: [(&str, Surface); 3] = [
        ("minimum: x² + y²", &|x, y| x * x + y * y),
        ("maximum: −x² − y²", &|x, y| -x * x - y * y),
        ("saddle: x² − y²", &|x, y| x * x - y * y),
    ];
    for (panel, (title, f)) in panels.iter().zip(cases) {
        let mut chart = square_chart(panel, title, (-1.2, 1.2))?;
        heat_map(&mut chart, f, (-1.2, 1.2), &levels)?;
        chart.draw_series([Circle::new((0.0, 0.0), 4, INK.filled())])?;
    }
    root.present()?;
    Ok(())
}

/// Error of a finite-difference gradient in 2-D, with and without noise.
fn noisy_gradient(svg: &mut String) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let noise =
        |x: f64, y: f64| 1e-6 * ((x * 12345.678 + y * 98765.4321).sin() * 43758.5453).fract();
    let clean = |x: f64, y: f64| (x * y).sin() + x * x;
    let (x, y) = (0.7_f64, 0.4_f64);
    let exact = (y * (x * y).cos() + 2.0 * x, x * (x * y).cos());
    let err = |f: &dyn Fn(f64, f64) -> f64, h: f64| {
        let gx = forward_difference(|t| f(t, y), x, h);
        let gy = forward_difference(|t| f(x, t), y, h);
        ((gx - exact.0).powi(2) + (gy - exact.1).powi(2))
            .sqrt()
            .max(1e-17)
            .log10()
    };
    let steps: Vec<f64> = (0..=240).map(|i| 10f64.powf(-(i as f64) / 20.0)).collect();
    let noisy = |a: f64, b: f64| clean(a, b) + noise(a, b);
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Error of a finite-difference gradient, with and without noise",
            style(20),
        )
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d(-12.0..0.0, -10.0..7.0)?;
    chart
        .configure_mesh()
        .light_line_style(GRID.mix(0.0))
        .bold_line_style(GRID)
        .axis_style(INK)
        .label_style(style(14))
        .x_label_formatter(&|v| format!("1e{v:.0}"))
        .y_label_formatter(&|v| format!("1e{v:.0}"))
        .x_desc("step h")
        .y_desc("error of the gradient")
        .axis_desc_style(style(16))
        .draw()?;
    chart
        .draw_series(LineSeries::new(
            steps.iter().map(|&h| (h.log10(), err(&clean, h))),
            BLUE.stroke_width(2),
        ))?
        .label("exact values")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 24, y)], BLUE.stroke_width(2)));
    chart
        .draw_series(LineSeries::new(
            steps.iter().map(|&h| (h.log10(), err(&noisy, h))),
            VERMILION.stroke_width(2),
        ))?
        .label("values with noise of size 1e-6")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 24, y)], VERMILION.stroke_width(2)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.9))
        .border_style(GRID)
        .label_font(style(14))
        .draw()?;
    root.present()?;
    Ok(())
}
