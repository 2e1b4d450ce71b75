//! The book's figures, drawn as SVG by plotters from the crate's own numbers.
//!
//! Each figure is a function that draws into an SVG string. `cargo xtask
//! figures` writes them to `book/figures/`; CI regenerates them into a
//! scratch folder and fails if any committed file differs.

use crate::Result;
use mvcalc::derivative::{central_difference, derivative, forward_difference};
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

type Draw = fn(&mut String) -> std::result::Result<(), Box<dyn std::error::Error>>;

/// Every figure: file name and drawing function.
const FIGURES: &[(&str, Draw)] = &[
    ("secants.svg", secants),
    ("step-size-error.svg", step_size_error),
    ("function-and-derivative.svg", function_and_derivative),
    ("graph-matching.svg", graph_matching),
    ("product-rule.svg", product_rule),
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
