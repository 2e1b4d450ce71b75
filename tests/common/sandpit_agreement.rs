//! The samples of the crate's Sandpit numbers that the widget's JavaScript
//! is checked against, as JSON: `node xtask/browser/sandpit-agreement.mjs
//! samples.json` reads them (the format is documented at the top of that
//! script) and recomputes every number with `book/widgets/sandpit-core.js`.

use mvcalc::sandpit::{
    Descent, DescentStatus, Dip, Game, Landscape, LandscapeKind, Minimum, Mode,
    Outcome, PIT_SIZE, SandpitError, WIN_DISTANCE, newton, steepest_descent,
};
use nalgebra::{U2, Vector2};
use serde_json::{Value, json};
use std::ops::Range;

/// The format the script expects.
pub const FORMAT: &str = "mvcalc-sandpit-agreement-2";

fn minimum(m: &Minimum) -> Value {
    json!({"x": m.x, "y": m.y, "depth": m.depth})
}

/// The widget's name for how a descent ended: the status's own name, except
/// that the widget, which only ever descends in a pit, says `left-the-pit`
/// where the crate, for any objective, says `left-the-domain`.
fn status(s: DescentStatus) -> String {
    match s {
        DescentStatus::LeftTheDomain => "left-the-pit".to_string(),
        s => s.to_string(),
    }
}

fn descent(
    method: &str,
    start: (f64, f64),
    step: f64,
    max_steps: usize,
    run: &Descent<U2>,
) -> Value {
    let end = run.end();
    json!({
        "method": method,
        "start": [start.0, start.1],
        "step": step,
        "max_steps": max_steps,
        "status": status(run.status()),
        "steps": run.steps(),
        "end": [end.x, end.y],
    })
}

/// The widget's name for what a dip gave.
fn outcome(dip: Result<Dip, SandpitError>) -> &'static str {
    match dip {
        Err(SandpitError::OutsidePit { .. }) => "outside",
        Err(SandpitError::GameOver { .. }) => "game-over",
        Ok(dip) => match dip.outcome {
            Outcome::Continue => "continue",
            Outcome::Won { .. } => "won",
            Outcome::LocalMinimum { .. } => "local-minimum",
            Outcome::OutOfDips => "out-of-dips",
            other => panic!("no widget outcome for {other:?}"),
        },
        Err(e) => panic!("no widget outcome for {e:?}"),
    }
}

fn game(
    l: &Landscape,
    mode: Mode,
    max_dips: usize,
    dips: &[(f64, f64)],
) -> Value {
    let mut game = Game::new(l.clone(), mode, max_dips);
    let dips: Vec<Value> = dips
        .iter()
        .map(|&(x, y)| json!([x, y, outcome(game.dip(x, y))]))
        .collect();
    let mode = match mode {
        Mode::Gradient => "gradient",
        Mode::DepthOnly => "depth-only",
        other => panic!("no widget mode for {other:?}"),
    };
    json!({"max_dips": max_dips, "mode": mode, "dips": dips})
}

/// Readings at `inside` points of the pit, the four corners and two points
/// outside it.
fn points(l: &Landscape, inside: &[(f64, f64)]) -> Vec<Value> {
    let corners = [
        (0.0, 0.0),
        (PIT_SIZE, 0.0),
        (0.0, PIT_SIZE),
        (PIT_SIZE, PIT_SIZE),
    ];
    let outside = [(6.5, 1.0), (2.0, -0.25)];
    let all = inside.iter().chain(&corners).chain(&outside);
    all.map(|&(x, y)| {
        match (l.depth(x, y), l.gradient(x, y), l.hessian(x, y)) {
            (Ok(d), Ok(g), Ok(h)) => json!({
                "x": x,
                "y": y,
                "depth": d,
                "gradient": [g.x, g.y],
                "hessian": [h[(0, 0)], h[(0, 1)], h[(1, 1)]],
            }),
            _ => json!({"x": x, "y": y, "outside": true}),
        }
    })
    .collect()
}

/// The descents of one pit: steepest descent from two starts with a stable
/// step and with a step far too large (for three steps only: along an
/// unstable path the last-digit differences between Rust's and
/// JavaScript's `exp` grow exponentially), with the kind's default step
/// from the start the book uses, and Newton from the two starts and from
/// near the deepest point.
fn descents(l: &Landscape) -> Vec<Value> {
    let starts = [(1.0, 1.0), (4.7, 5.2)];
    // Below 2 / the largest curvature of the kind's hollows.
    let stable = match l.kind() {
        LandscapeKind::Intro => 0.5,
        LandscapeKind::Random => 0.3,
        LandscapeKind::MultipleMinima => 0.1,
        LandscapeKind::Hard => 0.03,
        other => panic!("no stable step chosen for {other} pits"),
    };
    let steepest = |start: (f64, f64), step: f64, max_steps: usize| {
        let at = Vector2::new(start.0, start.1);
        let run = steepest_descent(l, &at, step, max_steps);
        descent("steepest", start, step, max_steps, &run)
    };
    let newton = |start: (f64, f64)| {
        let run = newton(l, &Vector2::new(start.0, start.1), 50);
        descent("newton", start, 0.0, 50, &run)
    };
    let mut out = Vec::new();
    for start in starts {
        out.push(steepest(start, stable, 400));
        out.push(steepest(start, 2.5, 3));
    }
    out.push(steepest((1.0, 5.0), l.kind().default_step(), 2000));
    let deepest = l.deepest();
    let near = ((deepest.x + 0.05).min(PIT_SIZE), deepest.y);
    for start in [starts[0], starts[1], near] {
        out.push(newton(start));
    }
    out
}

/// The samples: for the introductory pit and for every seed in `seeds` of
/// each other kind, the local minima, the deepest point, readings at
/// `inside(seed)` points (plus the four corners and two points outside),
/// a few automatic descents, a scripted game and a short game that runs
/// out of dips.
pub fn samples(
    seeds: Range<u32>,
    inside: impl Fn(u32) -> Vec<(f64, f64)>,
) -> Value {
    let mut pits = vec![Landscape::intro()];
    for kind in [
        LandscapeKind::Random,
        LandscapeKind::MultipleMinima,
        LandscapeKind::Hard,
    ] {
        pits.extend(seeds.clone().map(|seed| Landscape::of_kind(kind, seed)));
    }
    let landscapes: Vec<Value> = pits
        .iter()
        .map(|l| {
            let minima = l.local_minima();
            let deepest = l.deepest();
            // A far dip, a dip near another minimum (if any), a dip just
            // inside the winning distance, and one after the win.
            let mut dips = vec![(0.05, 0.05)];
            if let Some(m) = minima.get(1) {
                dips.push((m.x + 0.1, m.y));
            }
            dips.push((deepest.x, deepest.y - 0.149));
            dips.push((3.0, 3.0));
            let short = [(0.05, 5.95), (5.95, 0.05), (5.95, 5.95)];
            json!({
                "kind": l.kind().to_string(),
                "seed": l.seed(),
                "name": l.name(),
                "default_step": l.kind().default_step(),
                "minima": minima.iter().map(minimum).collect::<Vec<_>>(),
                "deepest": minimum(&deepest),
                "points": points(l, &inside(l.seed().unwrap_or(u32::MAX))),
                "descents": descents(l),
                "game": game(l, Mode::Gradient, 4, &dips),
                "short_game": game(l, Mode::DepthOnly, 2, &short),
            })
        })
        .collect();
    json!({
        "format": FORMAT,
        "pit_size": PIT_SIZE,
        "win_distance": WIN_DISTANCE,
        "landscapes": landscapes,
    })
}
