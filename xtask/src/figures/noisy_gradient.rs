//! `noisy-gradient.svg`: error of a forward-difference gradient in 2-D
//! against the step, for exact values and for values with noise of size
//! σ = 1e-6 (chapter 2, reality).
//!
//! The noise must be noise at every scale: each distinct point gets its own
//! value, drawn afresh. A smooth formula will not do. (An earlier version
//! used `1e-6 * (43758.5453 * sin(12345.678 x + 98765.4321 y)).fract()`,
//! which looks random between points a step of 1e-3 apart but is a smooth
//! function on scales below about 1e-9: there its slope, about 538 along x
//! and 4301 along y at the point drawn, is what a tiny step measures, so the
//! error levelled off near 4.3e3 instead of growing as 2σ/h.)

use super::plot::{self, Chart};
use super::{BLUE, DrawResult, GRID, INK, SIZE, VERMILION, style};
use mvcalc::numeric::forward_difference;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The size of the noise: every value is off by at most this.
pub const SIGMA: f64 = 1e-6;

/// The point where the gradient is measured.
const AT: (f64, f64) = (0.7, 0.4);

/// Scrambles the bits of `z` (the finaliser of the splitmix64 generator):
/// inputs differing in one bit give unrelated outputs.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Noise of size σ: a value in [−σ, σ] for each distinct point (x, y),
/// unrelated to the value at any other point however close, and the same
/// every run.
pub fn noise(x: f64, y: f64) -> f64 {
    let z = mix(x.to_bits() ^ mix(y.to_bits()));
    // The top 53 bits as a number in [0, 1).
    let u = (z >> 11) as f64 / (1u64 << 53) as f64;
    SIGMA * (2.0 * u - 1.0)
}

fn clean(x: f64, y: f64) -> f64 {
    (x * y).sin() + x * x
}

fn noisy(x: f64, y: f64) -> f64 {
    clean(x, y) + noise(x, y)
}

/// The largest error of the two components of the forward-difference
/// gradient of `f` at `AT` with step `h`.
fn error(f: fn(f64, f64) -> f64, h: f64) -> f64 {
    let (x, y) = AT;
    let exact = (y * (x * y).cos() + 2.0 * x, x * (x * y).cos());
    let gx = forward_difference(|t| f(t, y), x, h);
    let gy = forward_difference(|t| f(x, t), y, h);
    (gx - exact.0).abs().max((gy - exact.1).abs())
}

/// The figure's numbers: (h, error) for exact and noisy values, at steps
/// from 1 down to 1e-12, 20 per decade.
pub struct NoisyGradient {
    pub exact: Vec<(f64, f64)>,
    pub noisy: Vec<(f64, f64)>,
}

pub fn data() -> NoisyGradient {
    let steps: Vec<f64> = (0..=240)
        .map(|i| 10f64.powf(-f64::from(i) / 20.0))
        .collect();
    NoisyGradient {
        exact: steps.iter().map(|&h| (h, error(clean, h))).collect(),
        noisy: steps.iter().map(|&h| (h, error(noisy, h))).collect(),
    }
}

/// log10 of both coordinates, for the log-log chart (an error of exactly 0
/// goes to 1e-17, below the chart, where it is cut at the edge).
fn log_log(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    points
        .iter()
        .map(|&(h, e)| (h.log10(), e.max(1e-17).log10()))
        .collect()
}

pub fn draw(svg: &mut String) -> DrawResult {
    let d = data();
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart: Chart = ChartBuilder::on(&root)
        .caption(
            "Error of a finite-difference gradient, with and without noise",
            style(20),
        )
        .margin(16)
        .margin_right(24)
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
        .y_desc("largest error in a component")
        .axis_desc_style(style(16))
        .draw()?;
    plot::curve(&mut chart, log_log(&d.exact), BLUE.stroke_width(2))?
        .label("exact values")
        .legend(plot::legend_line(BLUE.stroke_width(2)));
    plot::curve(&mut chart, log_log(&d.noisy), VERMILION.stroke_width(2))?
        .label("values with noise of size σ = 1e-6")
        .legend(plot::legend_line(VERMILION.stroke_width(2)));
    // The most the noise can add: two values each off by up to σ, over h.
    let bound = |lh: f64| (lh, (2.0 * SIGMA).log10() - lh);
    let dashes = (6, 4);
    plot::dashed_curve(
        &mut chart,
        [bound(-12.0), bound(0.0)],
        dashes,
        INK.stroke_width(1),
    )?
    .label("2σ/h, the most the noise can add")
    .legend(plot::legend_dashes(dashes, INK.stroke_width(1)));
    plot::text(
        &mut chart,
        "2σ/h",
        (-11.2, (2.0 * SIGMA).log10() + 11.2 + 0.3),
        (HPos::Left, VPos::Bottom),
        style(14),
    )?;
    plot::legend(&mut chart, SeriesLabelPosition::UpperRight, 14)?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The least-squares slope of log10(error) against log10(h).
    fn slope(points: &[(f64, f64)]) -> f64 {
        let pts: Vec<(f64, f64)> = points
            .iter()
            .map(|&(h, e)| (h.log10(), e.log10()))
            .collect();
        let n = pts.len() as f64;
        let (mx, my) = pts
            .iter()
            .fold((0.0, 0.0), |(a, b), p| (a + p.0 / n, b + p.1 / n));
        let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
        sxy / sxx
    }

    #[test]
    fn the_noise_is_of_size_sigma_and_unrelated_between_neighbours() {
        // Points a rounding apart, as a tiny step produces.
        let mut x = 0.7_f64;
        let mut values = Vec::new();
        for _ in 0..2000 {
            values.push(noise(x, 0.4));
            x = x.next_up();
        }
        assert!(values.iter().all(|v| v.abs() <= SIGMA));
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        // Uniform on [−σ, σ]: mean 0, variance σ²/3.
        assert!(mean.abs() < 0.05 * SIGMA, "mean {mean}");
        assert!(
            (var / (SIGMA * SIGMA / 3.0) - 1.0).abs() < 0.1,
            "variance {var}"
        );
        // Neighbours are uncorrelated.
        let lag1: f64 = values
            .windows(2)
            .map(|w| (w[0] - mean) * (w[1] - mean))
            .sum::<f64>()
            / (n - 1.0);
        assert!((lag1 / var).abs() < 0.1, "correlation {}", lag1 / var);
    }

    #[test]
    fn with_noise_the_error_grows_as_one_over_h_and_stays_under_two_sigma_over_h()
     {
        let d = data();
        let small: Vec<(f64, f64)> = d
            .noisy
            .iter()
            .copied()
            .filter(|&(h, _)| h <= 1e-6)
            .collect();
        assert!(small.len() >= 120);
        // Slope -1 on the log-log plot, all the way down to h = 1e-12.
        let s = slope(&small);
        assert!((s + 1.0).abs() < 0.1, "slope {s}");
        let tail: Vec<(f64, f64)> =
            small.iter().copied().filter(|&(h, _)| h <= 1e-10).collect();
        let s = slope(&tail);
        assert!((s + 1.0).abs() < 0.2, "slope below 1e-10: {s}");
        // Never more than the noise can explain: 2σ/h, plus the truncation
        // h |f''| / 2 (|f''| < 2.1 here) and rounding, a few ε / h.
        for &(h, e) in &d.noisy {
            let bound = 2.0 * SIGMA / h + 1.05 * h + 1e-15 / h;
            assert!(e <= bound, "h = {h}: error {e} above {bound}");
        }
        // And typically of that size: the median of error h / σ is near
        // the mean |u − v| of two uniform draws on [−1, 1], 2/3.
        let mut ratio: Vec<f64> =
            small.iter().map(|&(h, e)| e * h / SIGMA).collect();
        ratio.sort_by(f64::total_cmp);
        let median = ratio[ratio.len() / 2];
        assert!((0.3..1.5).contains(&median), "median {median}");
    }

    #[test]
    fn the_best_noisy_step_and_error_are_near_the_prose_estimates() {
        // h* = 2 sqrt(σ / |f''|) and an error of about 2 sqrt(σ |f''|), with
        // f_xx = 2 − y² sin(xy) ≈ 1.955 at (0.7, 0.4).
        let d = data();
        let (h, e) = d
            .noisy
            .iter()
            .copied()
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap();
        let fxx = 2.0 - 0.16 * 0.28_f64.sin();
        let (h_star, e_star) =
            (2.0 * (SIGMA / fxx).sqrt(), 2.0 * (SIGMA * fxx).sqrt());
        assert!(
            (h / h_star).log10().abs() < 1.0,
            "best step {h}, estimate {h_star}"
        );
        assert!(
            e <= e_star && e > e_star / 30.0,
            "best error {e}, estimate {e_star}"
        );
        // Without noise the error keeps falling to well below: about 1e-8.
        let (_, clean_best) = d
            .exact
            .iter()
            .copied()
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap();
        assert!(clean_best < 1e-7, "{clean_best}");
    }
}
