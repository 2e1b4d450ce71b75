//! The book's figures, drawn as SVG by plotters from the crate's own numbers.
//!
//! Each figure has a file here named by what it draws, with a drawing
//! function (and, where the picture makes a claim a test can check, a data
//! function the drawing uses). `cargo xtask figures` writes them to
//! `book/figures/`; CI regenerates them into a scratch folder and fails if
//! any committed file differs.
//!
//! plotters pins a point outside a chart's range to the nearest edge instead
//! of clipping, so every shape is drawn through `plot.rs`, which clips it to
//! the chart in data coordinates first (`clip.rs`). A test below fails if a
//! figure calls plotters' drawing functions any other way.

mod car_motion;
mod clip;
mod derivative_pairs;
mod function_and_derivative;
mod gradient_field;
mod graph_matching;
mod heat_map;
mod noisy_gradient;
mod plot;
mod polar_map;
mod product_rule;
mod secants;
mod stationary_points;
mod step_size_error;
mod unit_circle;

use crate::Result;
use plotters::prelude::*;
use std::fs;
use std::path::Path;

/// Size of most figures, in SVG pixels; the page scales it to fit.
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

/// What a drawing step returns.
type DrawResult<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

type Draw = fn(&mut String) -> DrawResult;

/// Every figure: file name and drawing function.
const FIGURES: &[(&str, Draw)] = &[
    ("secants.svg", secants::draw),
    ("step-size-error.svg", step_size_error::draw),
    ("function-and-derivative.svg", function_and_derivative::draw),
    ("unit-circle.svg", unit_circle::draw),
    ("derivative-pairs.svg", derivative_pairs::draw),
    ("car-motion.svg", car_motion::draw),
    ("graph-matching.svg", graph_matching::draw),
    ("product-rule.svg", product_rule::draw),
    ("gradient-field.svg", gradient_field::draw),
    ("polar-map.svg", polar_map::draw),
    ("stationary-points.svg", stationary_points::draw),
    ("noisy-gradient.svg", noisy_gradient::draw),
];

/// The slope of `f` at `x` by finite differences, NaN where there is none:
/// a curve of slopes breaks there instead of drawing a guess.
fn derivative(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    mvcalc::numeric::derivative(f, x).unwrap_or(f64::NAN)
}

/// Draws every figure into `dir`, returning how many were written.
pub fn write(dir: &Path) -> Result<usize> {
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (name, draw) in FIGURES {
        let svg = render(*draw).map_err(|e| format!("drawing {name}: {e}"))?;
        fs::write(dir.join(name), svg)
            .map_err(|e| format!("writing {name}: {e}"))?;
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
        if fs::read(committed.join(name)).ok().as_deref()
            != Some(new.as_slice())
        {
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

fn render(draw: Draw) -> DrawResult<String> {
    let mut svg = String::new();
    draw(&mut svg)?;
    Ok(svg)
}

/// Text of nominal size `size`, drawn a fifth larger: plotters writes a font
/// size of about 0.8 times the size asked for, and the figures are read at
/// half size on a phone.
fn style(size: u32) -> TextStyle<'static> {
    (FONT, f64::from(size) * TEXT_SCALE).into_font().color(&INK)
}

/// How much larger than asked text is drawn.
const TEXT_SCALE: f64 = 1.2;

/// Draws the usual mesh on `chart`: light grid, axes, labels and their
/// descriptions.
fn mesh(
    chart: &mut plot::Chart<'_, '_>,
    x_desc: &str,
    y_desc: &str,
    label_size: u32,
) -> DrawResult {
    chart
        .configure_mesh()
        .light_line_style(GRID.mix(0.0))
        .bold_line_style(GRID)
        .axis_style(INK)
        .label_style(style(label_size))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .axis_desc_style(style(label_size + 2))
        .draw()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every figure draws without error, and into well-formed SVG.
    #[test]
    fn every_figure_draws() {
        for (name, draw) in FIGURES {
            let svg = render(*draw).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(
                svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
                "{name}"
            );
        }
    }

    /// No figure hands shapes to plotters except through `plot.rs`, which
    /// clips them: a direct call could pin an out-of-range point to the
    /// chart's edge again.
    #[test]
    fn every_shape_goes_through_the_clipping_helpers() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/figures");
        let forbidden = [
            "draw_series",
            "LineSeries",
            "PointSeries",
            "PathElement::new",
            "Polygon::new",
            "Rectangle::new",
            "Circle::new",
            "Text::new",
            ".draw(&",
        ];
        let mut checked = 0;
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name == "plot.rs" || name == "clip.rs" || !name.ends_with(".rs")
            {
                continue;
            }
            let source = fs::read_to_string(&path).unwrap();
            // The forbidden names may appear in this test's own list.
            let source = match name.as_str() {
                "mod.rs" => {
                    source.split("mod tests").next().unwrap().to_string()
                }
                _ => source,
            };
            for word in forbidden {
                assert!(
                    !source.contains(word),
                    "{name} uses `{word}`; draw through plot.rs so the shape is clipped"
                );
            }
            checked += 1;
        }
        assert!(
            checked >= FIGURES.len(),
            "only {checked} figure files found"
        );
    }
}
