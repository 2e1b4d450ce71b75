//! Samples of the crate's numbers, as JSON, that the widget's JavaScript is
//! checked against.

use super::random::Mulberry32;
use super::{
    Descent, Dip, Game, Landscape, LandscapeKind, Minimum, Mode, Outcome,
    PIT_SIZE, SandpitError, WIN_DISTANCE, newton, steepest_descent,
};
use std::fmt::Write as _;
use std::ops::Range;

/// Writes `v` as a JSON number: Rust's shortest round-trip form, which
/// JSON reads back to the same `f64`.
fn json_number(out: &mut String, v: f64) {
    if v.is_finite() {
        let _ = write!(out, "{v:?}");
    } else {
        out.push_str("null");
    }
}

fn json_point(out: &mut String, x: f64, y: f64) {
    out.push('[');
    json_number(out, x);
    out.push(',');
    json_number(out, y);
    out.push(']');
}

fn json_minimum(out: &mut String, m: &Minimum) {
    out.push_str("{\"x\":");
    json_number(out, m.x);
    out.push_str(",\"y\":");
    json_number(out, m.y);
    out.push_str(",\"depth\":");
    json_number(out, m.depth);
    out.push('}');
}

fn json_descent(
    out: &mut String,
    method: &str,
    start: (f64, f64),
    step: f64,
    max_steps: usize,
    run: &Descent,
) {
    let _ = write!(out, "{{\"method\":\"{method}\",\"start\":");
    json_point(out, start.0, start.1);
    out.push_str(",\"step\":");
    json_number(out, step);
    let _ = write!(
        out,
        ",\"max_steps\":{max_steps},\"status\":\"{}\",\"steps\":{},\"end\":",
        run.status.as_str(),
        run.steps()
    );
    let (x, y) = run.end();
    json_point(out, x, y);
    out.push('}');
}

fn json_outcome(out: &mut String, outcome: Result<Dip, SandpitError>) {
    match outcome {
        Err(SandpitError::OutsidePit { .. }) => out.push_str("\"outside\""),
        Err(SandpitError::GameOver { .. }) => out.push_str("\"game-over\""),
        Ok(dip) => match dip.outcome {
            Outcome::Continue => out.push_str("\"continue\""),
            Outcome::Won { .. } => out.push_str("\"won\""),
            Outcome::LocalMinimum { .. } => out.push_str("\"local-minimum\""),
            Outcome::OutOfDips => out.push_str("\"out-of-dips\""),
        },
    }
}

/// The samples the JavaScript widget is checked against, as JSON text:
/// for the introductory pit and for every seed in `seeds` of each other
/// kind, the local minima, the deepest point, readings at
/// `points_per_landscape` random points (plus the four corners and two
/// points outside), a few automatic descents and a scripted game.
///
/// `node xtask/browser/sandpit-agreement.mjs samples.json` checks them all
/// against `book/widgets/sandpit-core.js`; the format is documented at the
/// top of that script. In short:
///
/// ```text
/// {"format": "mvcalc-sandpit-agreement-2", "pit_size": 6.0, "win_distance": 0.15,
///  "landscapes": [{"kind": "random", "seed": 3, "name": "random pit 3", "default_step": 0.5,
///    "minima": [{"x": .., "y": .., "depth": ..}, ..], "deepest": {..},
///    "points": [{"x": .., "y": .., "depth": .., "gradient": [gx, gy],
///                "hessian": [hxx, hxy, hyy]}, {"x": 6.5, "y": 1.0, "outside": true}, ..],
///    "descents": [{"method": "steepest", "start": [x, y], "step": 0.3, "max_steps": 400,
///                  "status": "converged", "steps": 57, "end": [x, y]}, ..],
///    "game": {"max_dips": 4, "mode": "gradient", "dips": [[x, y, "continue"], ..]}}, ..]}
/// ```
///
/// # Examples
///
/// ```
/// use mvcalc::sandpit::agreement_samples;
///
/// let json = agreement_samples(0..2, 3);
/// assert!(json.starts_with("{\"format\":\"mvcalc-sandpit-agreement-2\""));
/// // The introductory pit, and two seeds of each of the three other kinds.
/// assert_eq!(json.matches("\"kind\":").count(), 7);
/// ```
pub fn agreement_samples(
    seeds: Range<u32>,
    points_per_landscape: usize,
) -> String {
    let mut pits = vec![Landscape::intro()];
    for kind in [
        LandscapeKind::Random,
        LandscapeKind::MultipleMinima,
        LandscapeKind::Hard,
    ] {
        for seed in seeds.clone() {
            pits.push(Landscape::of_kind(kind, seed));
        }
    }
    let mut out = String::new();
    out.push_str("{\"format\":\"mvcalc-sandpit-agreement-2\",\"pit_size\":");
    json_number(&mut out, PIT_SIZE);
    out.push_str(",\"win_distance\":");
    json_number(&mut out, WIN_DISTANCE);
    out.push_str(",\"landscapes\":[\n");
    for (n, l) in pits.iter().enumerate() {
        if n > 0 {
            out.push_str(",\n");
        }
        let _ = write!(out, "{{\"kind\":\"{}\",\"seed\":", l.kind().as_str());
        match l.seed() {
            Some(s) => {
                let _ = write!(out, "{s}");
            }
            None => out.push_str("null"),
        }
        let _ = write!(out, ",\"name\":\"{}\",\"default_step\":", l.name());
        json_number(&mut out, l.kind().default_step());
        out.push_str(",\"minima\":[");
        for (k, m) in l.local_minima().iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            json_minimum(&mut out, m);
        }
        out.push_str("],\"deepest\":");
        json_minimum(&mut out, &l.deepest());
        // Points: random ones from a generator of their own, the corners,
        // and two outside the pit.
        let mut rng =
            Mulberry32::new(0xA11C_E5ED ^ l.seed().unwrap_or(0xFFFF_FFFF));
        let mut points: Vec<(f64, f64)> = (0..points_per_landscape)
            .map(|_| (rng.uniform(0.0, PIT_SIZE), rng.uniform(0.0, PIT_SIZE)))
            .collect();
        points.extend([
            (0.0, 0.0),
            (PIT_SIZE, 0.0),
            (0.0, PIT_SIZE),
            (PIT_SIZE, PIT_SIZE),
        ]);
        points.extend([(6.5, 1.0), (2.0, -0.25)]);
        out.push_str(",\"points\":[");
        for (k, &(x, y)) in points.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            out.push_str("{\"x\":");
            json_number(&mut out, x);
            out.push_str(",\"y\":");
            json_number(&mut out, y);
            match (l.depth(x, y), l.gradient(x, y), l.hessian(x, y)) {
                (Ok(d), Ok(g), Ok(h)) => {
                    out.push_str(",\"depth\":");
                    json_number(&mut out, d);
                    out.push_str(",\"gradient\":");
                    json_point(&mut out, g.x, g.y);
                    out.push_str(",\"hessian\":[");
                    json_number(&mut out, h[(0, 0)]);
                    out.push(',');
                    json_number(&mut out, h[(0, 1)]);
                    out.push(',');
                    json_number(&mut out, h[(1, 1)]);
                    out.push_str("]}");
                }
                _ => out.push_str(",\"outside\":true}"),
            }
        }
        // Descents from two of the points, plus Newton from near the
        // deepest point.
        out.push_str("],\"descents\":[");
        let starts = [(1.0, 1.0), (4.7, 5.2)];
        let deepest = l.deepest();
        let near = ((deepest.x + 0.05).min(PIT_SIZE), deepest.y);
        // A stable step for the kind (below 2 / the largest curvature of its
        // hollows), and a step far too large, for a few steps only: along
        // an unstable path the last-digit differences between Rust's and
        // JavaScript's `exp` grow exponentially.
        let stable = match l.kind() {
            LandscapeKind::Intro => 0.5,
            LandscapeKind::Random => 0.3,
            LandscapeKind::MultipleMinima => 0.1,
            LandscapeKind::Hard => 0.03,
        };
        let mut first = true;
        for start in starts {
            for (step, max_steps) in [(stable, 400), (2.5, 3)] {
                if !first {
                    out.push(',');
                }
                first = false;
                let run = steepest_descent(l, start, step, max_steps);
                json_descent(
                    &mut out, "steepest", start, step, max_steps, &run,
                );
            }
        }
        // The widget's default step, from the start the book uses, for as
        // many steps as the widget allows.
        let default = l.kind().default_step();
        let run = steepest_descent(l, (1.0, 5.0), default, 2000);
        out.push(',');
        json_descent(&mut out, "steepest", (1.0, 5.0), default, 2000, &run);
        for start in [starts[0], starts[1], near] {
            out.push(',');
            let run = newton(l, start, 50);
            json_descent(&mut out, "newton", start, 0.0, 50, &run);
        }
        // A scripted game: a far dip, a dip near another minimum (if any),
        // a dip just inside the winning distance, and one after the win.
        let minima = l.local_minima();
        let mut dips = vec![(0.05, 0.05)];
        if let Some(m) = minima.get(1) {
            dips.push((m.x + 0.1, m.y));
        }
        dips.push((deepest.x, deepest.y - 0.149));
        dips.push((3.0, 3.0));
        let mut game = Game::new(l.clone(), Mode::Gradient, 4);
        out.push_str(
            "],\"game\":{\"max_dips\":4,\"mode\":\"gradient\",\"dips\":[",
        );
        for (k, &(x, y)) in dips.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            json_point(&mut out, x, y);
            out.pop();
            out.push(',');
            json_outcome(&mut out, game.dip(x, y));
            out.push(']');
        }
        // A short game that runs out of dips.
        let mut short = Game::new(l.clone(), Mode::DepthOnly, 2);
        out.push_str("]},\"short_game\":{\"max_dips\":2,\"mode\":\"depth-only\",\"dips\":[");
        for (k, &(x, y)) in [(0.05, 5.95), (5.95, 0.05), (5.95, 5.95)]
            .iter()
            .enumerate()
        {
            if k > 0 {
                out.push(',');
            }
            json_point(&mut out, x, y);
            out.pop();
            out.push(',');
            json_outcome(&mut out, short.dip(x, y));
            out.push(']');
        }
        out.push_str("]}}");
    }
    out.push_str("\n]}\n");
    out
}
