//! `noisy-gradient.svg`: error of a finite-difference gradient in 2-D, with
//! and without noise (chapter 2, reality).

use super::plot::{self, Chart};
use super::{BLUE, DrawResult, GRID, INK, SIZE, VERMILION, style};
use mvcalc::derivative::forward_difference;
use plotters::prelude::*;

pub fn draw(svg: &mut String) -> DrawResult {
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
    let mut chart: Chart = ChartBuilder::on(&root)
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
    plot::curve(
        &mut chart,
        steps.iter().map(|&h| (h.log10(), err(&clean, h))),
        BLUE.stroke_width(2),
    )?
    .label("exact values")
    .legend(plot::legend_line(BLUE.stroke_width(2)));
    plot::curve(
        &mut chart,
        steps.iter().map(|&h| (h.log10(), err(&noisy, h))),
        VERMILION.stroke_width(2),
    )?
    .label("values with noise of size 1e-6")
    .legend(plot::legend_line(VERMILION.stroke_width(2)));
    plot::legend(&mut chart, SeriesLabelPosition::LowerRight, 14)?;
    root.present()?;
    Ok(())
}
