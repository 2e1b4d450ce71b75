//! `step-size-error.svg`: error of forward and central differences of sin at
//! x = 1 against the step, on log-log axes (chapter 1).

use super::plot::{self, Chart};
use super::{BLUE, DrawResult, GRID, INK, SIZE, VERMILION, style};
use mvcalc::numeric::{central_difference, forward_difference};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

pub fn draw(svg: &mut String) -> DrawResult {
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let exact = 1.0_f64.cos();
    // Steps from 1 down to 1e-16, 20 per decade.
    let steps: Vec<f64> =
        (0..=320).map(|i| 10f64.powf(-(i as f64) / 20.0)).collect();
    // log10 of the error, floored where a difference happens to be exact
    // (the floor lies below the chart, so those dips are cut at its edge).
    let err = |d: f64| (d - exact).abs().max(1e-17).log10();
    let fwd: Vec<(f64, f64)> = steps
        .iter()
        .map(|&h| (h.log10(), err(forward_difference(f64::sin, 1.0, h))))
        .collect();
    let cen: Vec<(f64, f64)> = steps
        .iter()
        .map(|&h| (h.log10(), err(central_difference(f64::sin, 1.0, h))))
        .collect();

    let mut chart: Chart = ChartBuilder::on(&root)
        .caption("Error of finite differences of sin x at x = 1", style(20))
        .margin(16)
        .margin_right(24)
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
    plot::curve(&mut chart, fwd, VERMILION.stroke_width(2))?
        .label("forward difference")
        .legend(plot::legend_line(VERMILION.stroke_width(2)));
    plot::curve(&mut chart, cen, BLUE.stroke_width(2))?
        .label("central difference")
        .legend(plot::legend_line(BLUE.stroke_width(2)));
    // Where each method's two error sources balance: h ~ sqrt(eps) and h ~ cbrt(eps).
    for (h, text, colour) in [
        (f64::EPSILON.sqrt(), "h = √ε", VERMILION),
        (f64::EPSILON.cbrt(), "h = ∛ε", BLUE),
    ] {
        plot::dashed_curve(
            &mut chart,
            [(h.log10(), -13.0), (h.log10(), 0.0)],
            (6, 4),
            colour.stroke_width(1),
        )?;
        plot::text(
            &mut chart,
            text,
            (h.log10() + 0.15, -0.6),
            (HPos::Left, VPos::Top),
            style(14).color(&colour),
        )?;
    }
    plot::legend(&mut chart, SeriesLabelPosition::LowerRight, 14)?;
    root.present()?;
    Ok(())
}
