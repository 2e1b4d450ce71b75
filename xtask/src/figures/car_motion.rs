//! `car-motion.svg`: a car's position, speed and acceleration against time,
//! the speed and acceleration measured from the position by the crate
//! (chapter 1, rise over run).
//!
//! The car starts from rest at 2 m/s² for 10 s, cruises at 20 m/s until
//! 30 s, brakes at 4 m/s² to a stop at 35 s and stands until 40 s.

use super::derivative;
use super::plot::{self, Area, Chart};
use super::{BLUE, DrawResult, GREEN, GRID, INK, VERMILION, style};
use mvcalc::numeric::central_difference;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The car's position s (m) at time t (s).
pub fn position(t: f64) -> f64 {
    if t <= 10.0 {
        t * t
    } else if t <= 30.0 {
        100.0 + 20.0 * (t - 10.0)
    } else if t <= 35.0 {
        let u = t - 30.0;
        500.0 + 20.0 * u - 2.0 * u * u
    } else {
        550.0
    }
}

/// The phases of the trip: start, end, and a name.
pub const PHASES: [(f64, f64, &str); 4] = [
    (0.0, 10.0, "speeding up"),
    (10.0, 30.0, "cruising"),
    (30.0, 35.0, "braking"),
    (35.0, 40.0, "stopped"),
];

/// The step of the central difference that turns speed into acceleration.
///
/// The acceleration jumps where one phase meets the next, so the speed has
/// corners there; the adaptive `derivative`, applied to a speed that is
/// itself an estimate, takes the estimate's last-digit wobble for a corner
/// within a few tenths of a second of a jump and reports no derivative. A
/// central difference with a fixed small step has no such test: it is
/// exact for the straight pieces of the speed, up to rounding.
pub const STEP: f64 = 1e-3;

/// The figure's numbers.
pub struct CarMotion {
    /// (t, s) every 0.05 s.
    pub position: Vec<(f64, f64)>,
    /// (t, v) with v = ds/dt measured by `derivative`, at the same times.
    pub speed: Vec<(f64, f64)>,
    /// (t, a) with a = dv/dt, one run per phase, each stopping two steps
    /// short of a jump.
    pub acceleration: Vec<Vec<(f64, f64)>>,
}

fn speed(t: f64) -> f64 {
    derivative(position, t)
}

fn acceleration(t: f64) -> f64 {
    central_difference(speed, t, STEP)
}

pub fn data() -> CarMotion {
    let times: Vec<f64> = (0..=800).map(|i| f64::from(i) / 20.0).collect();
    let acceleration = PHASES
        .iter()
        .map(|&(a, b, _)| {
            // Inset from the jumps between phases (not from 0 and 40 s).
            let a = if a > 0.0 { a + 2.0 * STEP } else { a };
            let b = if b < 40.0 { b - 2.0 * STEP } else { b };
            (0..=200)
                .map(|i| a + (b - a) * f64::from(i) / 200.0)
                .map(|t| (t, acceleration(t)))
                .collect()
        })
        .collect();
    CarMotion {
        position: times.iter().map(|&t| (t, position(t))).collect(),
        speed: times.iter().map(|&t| (t, speed(t))).collect(),
        acceleration,
    }
}

/// One of the three stacked charts, over the whole trip.
fn chart<'a, 'b>(
    area: &'a Area<'b>,
    y: (f64, f64),
    y_desc: &str,
    bottom: bool,
) -> DrawResult<Chart<'a, 'b>> {
    let mut chart: Chart = ChartBuilder::on(area)
        .margin_left(10)
        .margin_right(16)
        .margin_top(6)
        .margin_bottom(4)
        .x_label_area_size(if bottom { 40 } else { 0 })
        .y_label_area_size(64)
        .build_cartesian_2d(0.0..40.0, y.0..y.1)?;
    let mut mesh = chart.configure_mesh();
    mesh.light_line_style(GRID.mix(0.0))
        .bold_line_style(GRID)
        .axis_style(INK)
        .label_style(style(13))
        .x_labels(9)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .y_labels(6)
        .y_desc(y_desc)
        .axis_desc_style(style(14));
    if bottom {
        mesh.x_desc("time t (s)");
    }
    mesh.draw()?;
    // Where the phases change.
    for &(_, end, _) in &PHASES[..3] {
        plot::dashed_curve(
            &mut chart,
            [(end, y.0), (end, y.1)],
            (3, 4),
            INK.mix(0.4).stroke_width(1),
        )?;
    }
    plot::segment(
        &mut chart,
        (0.0, 0.0),
        (40.0, 0.0),
        INK.mix(0.5).stroke_width(1),
    )?;
    Ok(chart)
}

pub fn draw(svg: &mut String) -> DrawResult {
    let d = data();
    let root = SVGBackend::with_string(svg, (720, 640)).into_drawing_area();
    root.fill(&WHITE)?;
    let body =
        root.titled("A car's position, speed and acceleration", style(20))?;
    let h = body.dim_in_pixel().1;
    let rows = body
        .split_by_breakpoints([] as [u32; 0], [(h - 40) / 3, 2 * (h - 40) / 3]);

    let mut top = chart(&rows[0], (0.0, 600.0), "position s (m)", false)?;
    plot::curve(&mut top, d.position, BLUE.stroke_width(3))?;
    for &(a, b, name) in &PHASES {
        plot::text(
            &mut top,
            name,
            ((a + b) / 2.0, 590.0),
            (HPos::Center, VPos::Top),
            style(13),
        )?;
    }

    let mut middle = chart(&rows[1], (-2.0, 24.0), "speed v (m/s)", false)?;
    plot::curve(&mut middle, d.speed, GREEN.stroke_width(3))?;

    let mut bottom =
        chart(&rows[2], (-5.0, 3.0), "acceleration a (m/s²)", true)?;
    for pair in d.acceleration.windows(2) {
        // A dotted riser where the acceleration jumps.
        let (from, to) = (*pair[0].last().unwrap(), pair[1][0]);
        let t = (from.0 + to.0) / 2.0;
        plot::dashed_curve(
            &mut bottom,
            [(t, from.1), (t, to.1)],
            (2, 3),
            VERMILION.stroke_width(1),
        )?;
    }
    for run in d.acceleration {
        plot::curve(&mut bottom, run, VERMILION.stroke_width(3))?;
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The speed and acceleration of the model, by hand: v = 2t, 20,
    /// 20 − 4 (t − 30), 0 and a = 2, 0, −4, 0.
    fn exact(t: f64) -> (f64, f64) {
        if t <= 10.0 {
            (2.0 * t, 2.0)
        } else if t <= 30.0 {
            (20.0, 0.0)
        } else if t <= 35.0 {
            (20.0 - 4.0 * (t - 30.0), -4.0)
        } else {
            (0.0, 0.0)
        }
    }

    #[test]
    fn speed_is_the_slope_of_position() {
        let d = data();
        assert_eq!(d.speed.len(), 801);
        for &(t, v) in &d.speed {
            let (want, _) = exact(t);
            // Within a millionth of a metre per second, even at the corners
            // of the speed (10, 30 and 35 s), where s'' jumps.
            assert!((v - want).abs() < 1e-6, "t = {t}: v = {v}, not {want}");
        }
        // The position is continuous where the phases meet.
        for &(_, end, _) in &PHASES[..3] {
            assert!(
                (position(end - 1e-9) - position(end + 1e-9)).abs() < 1e-6,
                "{end}"
            );
        }
        assert_eq!(position(40.0), 550.0);
    }

    #[test]
    fn acceleration_is_the_slope_of_speed_and_jumps_between_phases() {
        let d = data();
        assert_eq!(d.acceleration.len(), 4);
        for (run, &(start, end, name)) in d.acceleration.iter().zip(&PHASES) {
            let (_, want) = exact((start + end) / 2.0);
            for &(t, a) in run {
                assert!(start <= t && t <= end, "{name}: t = {t}");
                assert!(
                    (a - want).abs() < 1e-6,
                    "{name}, t = {t}: a = {a}, not {want}"
                );
            }
            // Each run covers its phase to within two steps of the jumps.
            assert!(
                run[0].0 - start <= 2.0 * STEP + 1e-12
                    && end - run.last().unwrap().0 <= 2.0 * STEP + 1e-12
            );
        }
    }
}
