//! `derivative-pairs.svg`: four functions drawn with their derivatives,
//! measured by the crate: 1/x, eˣ, sin x and cos x (chapter 1).

use super::derivative;
use super::plot::{self, Chart};
use super::{BLUE, DrawResult, VERMILION, mesh, style};
use plotters::prelude::*;
use std::f64::consts::PI;

/// One panel: a function and its derivative, sampled.
pub struct Pair {
    pub title: &'static str,
    pub f_label: &'static str,
    pub d_label: &'static str,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    /// Samples of f, one list per piece of its domain (1/x has two).
    pub f: Vec<Vec<(f64, f64)>>,
    /// Samples of the derivative the crate measures, at the same x.
    pub d: Vec<Vec<(f64, f64)>>,
    pub legend: SeriesLabelPosition,
}

/// `n + 1` evenly spaced points from `a` to `b`.
fn grid(a: f64, b: f64, n: u32) -> Vec<f64> {
    (0..=n)
        .map(|i| a + (b - a) * f64::from(i) / f64::from(n))
        .collect()
}

pub fn data() -> Vec<Pair> {
    let pair = |title,
                f_label,
                d_label,
                f: fn(f64) -> f64,
                pieces: Vec<Vec<f64>>,
                x_range,
                y_range,
                legend| {
        let sample = |g: &dyn Fn(f64) -> f64| -> Vec<Vec<(f64, f64)>> {
            pieces
                .iter()
                .map(|xs| xs.iter().map(|&x| (x, g(x))).collect())
                .collect()
        };
        Pair {
            title,
            f_label,
            d_label,
            x_range,
            y_range,
            f: sample(&f),
            d: sample(&|x| derivative(f, x)),
            legend,
        }
    };
    let trig = (-2.0 * PI, 2.0 * PI);
    vec![
        pair(
            "1/x and its derivative",
            "f = 1/x",
            "f′ = −1/x²",
            |x| 1.0 / x,
            // Both branches, each stopping short of the pole at 0 (the
            // curves leave the chart long before and are cut at its edge).
            vec![grid(-3.0, -0.05, 400), grid(0.05, 3.0, 400)],
            (-3.0, 3.0),
            (-4.0, 4.0),
            SeriesLabelPosition::UpperLeft,
        ),
        pair(
            "eˣ and its derivative",
            "f = eˣ",
            "f′ = eˣ, the same curve",
            f64::exp,
            vec![grid(-2.0, 2.0, 400)],
            (-2.0, 2.0),
            (-0.5, 8.0),
            SeriesLabelPosition::UpperLeft,
        ),
        pair(
            "sin x and its derivative",
            "f = sin x",
            "f′ = cos x",
            f64::sin,
            vec![grid(trig.0, trig.1, 400)],
            trig,
            (-1.3, 2.2),
            SeriesLabelPosition::UpperMiddle,
        ),
        pair(
            "cos x and its derivative",
            "f = cos x",
            "f′ = −sin x",
            f64::cos,
            vec![grid(trig.0, trig.1, 400)],
            trig,
            (-1.3, 2.2),
            SeriesLabelPosition::UpperMiddle,
        ),
    ]
}

/// The derivative's dashes, in pixels.
const DASH: (i32, i32) = (7, 4);

pub fn draw(svg: &mut String) -> DrawResult {
    let root = SVGBackend::with_string(svg, (720, 560)).into_drawing_area();
    root.fill(&WHITE)?;
    let panels = root.split_evenly((2, 2));
    for (area, pair) in panels.iter().zip(data()) {
        let mut chart: Chart = ChartBuilder::on(area)
            .caption(pair.title, style(17))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(36)
            .build_cartesian_2d(
                pair.x_range.0..pair.x_range.1,
                pair.y_range.0..pair.y_range.1,
            )?;
        mesh(&mut chart, "x", "", 12)?;
        let axis = super::INK.mix(0.5).stroke_width(1);
        plot::segment(
            &mut chart,
            (pair.x_range.0, 0.0),
            (pair.x_range.1, 0.0),
            axis,
        )?;
        plot::segment(
            &mut chart,
            (0.0, pair.y_range.0),
            (0.0, pair.y_range.1),
            axis,
        )?;
        let solid = BLUE.stroke_width(3);
        for (i, piece) in pair.f.into_iter().enumerate() {
            let series = plot::curve(&mut chart, piece, solid)?;
            if i == 0 {
                series.label(pair.f_label).legend(plot::legend_line(solid));
            }
        }
        let dashed = VERMILION.stroke_width(2);
        for (i, piece) in pair.d.into_iter().enumerate() {
            let series = plot::dashed_curve(&mut chart, piece, DASH, dashed)?;
            if i == 0 {
                series
                    .label(pair.d_label)
                    .legend(plot::legend_dashes(DASH, dashed));
            }
        }
        plot::legend(&mut chart, pair.legend, 12)?;
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_derivative_drawn_matches_its_closed_form() {
        let exact: [fn(f64) -> f64; 4] =
            [|x| -1.0 / (x * x), f64::exp, f64::cos, |x| -x.sin()];
        let pairs = data();
        assert_eq!(pairs.len(), 4);
        for (pair, exact) in pairs.iter().zip(exact) {
            let samples: Vec<&(f64, f64)> = pair.d.iter().flatten().collect();
            assert!(samples.len() > 400, "{}", pair.title);
            for &&(x, d) in &samples {
                let want = exact(x);
                assert!(
                    (d - want).abs() <= 1e-8 * want.abs().max(1.0),
                    "{}: at x = {x}, {d} against {want}",
                    pair.title
                );
            }
            // And each function's own samples are the function.
            assert_eq!(pair.f.len(), pair.d.len());
        }
    }

    #[test]
    fn one_over_x_is_drawn_on_both_sides_of_the_pole_and_never_across_it() {
        let pair = &data()[0];
        assert_eq!(pair.f.len(), 2);
        assert!(
            pair.f[0].iter().all(|&(x, _)| x < 0.0)
                && pair.f[1].iter().all(|&(x, _)| x > 0.0)
        );
        // Near the pole the curves leave the chart and are cut at its edge.
        let w = super::super::clip::Window::new(pair.x_range, pair.y_range);
        for piece in pair.f.iter().chain(&pair.d) {
            for run in w.clip_polyline(piece) {
                assert!(
                    run.iter().all(|&(x, y)| x != 0.0 && w.contains((x, y)))
                );
            }
        }
    }
}
