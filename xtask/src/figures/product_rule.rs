//! `product-rule.svg`: the product rule as area, a rectangle of sides f and
//! g grown by a step (chapter 1, rules).

use super::plot::{self, CENTRE, Chart};
use super::{BLUE, DrawResult, GREEN, INK, ORANGE, SIZE, VERMILION, style};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

pub fn draw(svg: &mut String) -> DrawResult {
    let root = SVGBackend::with_string(svg, (SIZE.0, 420)).into_drawing_area();
    root.fill(&WHITE)?;
    // f(x) = x^2 and g(x) = 1 + x at x = 1.2, stepped by h = 0.25.
    let (x, h) = (1.2_f64, 0.25);
    let (f, g) = (|x: f64| x * x, |x: f64| 1.0 + x);
    let (f0, f1, g0, g1) = (f(x), f(x + h), g(x), g(x + h));
    let mut chart: Chart = ChartBuilder::on(&root)
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
        ((0.0, 0.0), (g0, f0), BLUE.mix(0.25), "f·g"),
        ((g0, 0.0), (g1, f0), ORANGE.mix(0.6), "f·δg"),
        ((0.0, f0), (g0, f1), GREEN.mix(0.5), "g·δf"),
        ((g0, f0), (g1, f1), VERMILION.mix(0.8), "δf·δg"),
    ];
    for (a, b, colour, label) in pieces {
        plot::rectangle(&mut chart, a, b, colour.filled())?;
        plot::rectangle(&mut chart, a, b, INK.stroke_width(1))?;
        let centre = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        plot::text(&mut chart, label, centre, CENTRE, style(15))?;
    }
    let note = format!(
        "x = {x}, h = {h}: f = x² grows from {f0:.2} to {f1:.4}, g = 1 + x from {g0:.2} to {g1:.2}"
    );
    plot::text(
        &mut chart,
        note,
        (0.05, 2.3),
        (HPos::Left, VPos::Top),
        style(14),
    )?;
    root.present()?;
    Ok(())
}
