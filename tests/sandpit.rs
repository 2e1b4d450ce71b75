//! The Sandpit: the rules of the game, the minima search against an
//! independent brute-force search, the exact gradient and Hessian against
//! finite differences, honest statuses from the automatic players (on
//! landscapes and on other objectives), property tests over seeds, and
//! agreement with the widget's JavaScript.

#[path = "common/sandpit_agreement.rs"]
mod agreement;

use mvcalc::objective::{Hessian, Objective};
use mvcalc::sandpit::{
    Descent, DescentStatus, GRADIENT_TOLERANCE, Game, Landscape, LandscapeKind,
    Minimum, Mode, Outcome, PIT_SIZE, SandpitError, WIN_DISTANCE, newton,
    steepest_descent,
};
use nalgebra::{
    DMatrix, DVector, Matrix2, Matrix3, U2, U3, Vector2, Vector3, dvector,
};
use proptest::prelude::*;
use std::convert::Infallible;
use std::path::PathBuf;
use std::process::Command;

const SEEDED: [LandscapeKind; 3] = [
    LandscapeKind::Random,
    LandscapeKind::MultipleMinima,
    LandscapeKind::Hard,
];

fn pits(seeds: std::ops::Range<u32>) -> Vec<Landscape> {
    let mut out = vec![Landscape::intro()];
    for kind in SEEDED {
        for seed in seeds.clone() {
            out.push(Landscape::of_kind(kind, seed));
        }
    }
    out
}

fn is_positive_definite(h: &Matrix2<f64>) -> bool {
    h[(0, 0)] > 0.0 && h.determinant() > 0.0
}

/// A point of the pit as the automatic players take it.
fn point(p: (f64, f64)) -> Vector2<f64> {
    Vector2::new(p.0, p.1)
}

/// A point of a path as `(x, y)`.
fn xy(p: &Vector2<f64>) -> (f64, f64) {
    (p.x, p.y)
}

// ---------------------------------------------------------------- the rules

#[test]
fn a_dip_within_0_15_m_of_the_deepest_point_wins_and_0_16_m_does_not() {
    for l in pits(0..10) {
        let m = l.deepest();
        for angle in [0.0_f64, 1.0, 2.0, 3.0, 4.0, 5.0] {
            let (c, s) = (angle.cos(), angle.sin());
            let mut game = Game::new(l.clone(), Mode::Gradient, 10);
            let miss = game.dip(m.x + 0.16 * c, m.y + 0.16 * s).unwrap();
            assert_eq!(miss.outcome, Outcome::Continue, "{}", l.name());
            let hit = game.dip(m.x + 0.149 * c, m.y + 0.149 * s).unwrap();
            assert_eq!(hit.outcome, Outcome::Won { dips: 2 }, "{}", l.name());
            assert!(game.has_won() && game.is_over());
            assert_eq!(game.dips_left(), 0);
            let again = game.dip(m.x, m.y).unwrap_err();
            assert!(matches!(
                again,
                SandpitError::GameOver { won: true, dips: 2 }
            ));
            assert!(again.to_string().contains("start a new game"), "{again}");
        }
    }
}

#[test]
fn a_dip_near_another_local_minimum_is_told_so_and_the_game_goes_on() {
    let mut checked = 0;
    for seed in 0..20 {
        let l = Landscape::multiple_minima(seed);
        let minima = l.local_minima();
        let deepest = minima[0];
        for other in &minima[1..] {
            let mut game = Game::new(l.clone(), Mode::DepthOnly, 5);
            let dip = game.dip(other.x + 0.1, other.y - 0.05).unwrap();
            let expected = deepest.distance_to(other.x + 0.1, other.y - 0.05);
            match dip.outcome {
                Outcome::LocalMinimum {
                    distance_to_deepest,
                } => assert!((distance_to_deepest - expected).abs() < 1e-12),
                o => panic!("{}: {o:?} at a local minimum", l.name()),
            }
            assert!(dip.gradient.is_none());
            assert!(!game.is_over());
            // Just outside 0.15 m of it: nothing special.
            let dip = game.dip(other.x, other.y + 0.16).unwrap();
            assert_eq!(dip.outcome, Outcome::Continue);
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} local minima checked");
}

#[test]
fn the_last_dip_allowed_ends_the_game_unless_it_wins() {
    let l = Landscape::intro();
    let m = l.deepest();
    let mut game = Game::new(l.clone(), Mode::Gradient, 3);
    assert_eq!(game.dip(0.2, 0.2).unwrap().outcome, Outcome::Continue);
    assert_eq!(game.dip(0.2, 5.8).unwrap().outcome, Outcome::Continue);
    assert_eq!(game.dips_left(), 1);
    let last = game.dip(5.8, 5.8).unwrap();
    assert_eq!(last.outcome, Outcome::OutOfDips);
    assert_eq!(last.number, 3);
    assert!(game.is_over() && !game.has_won());
    let e = game.dip(m.x, m.y).unwrap_err();
    assert_eq!(
        e,
        SandpitError::GameOver {
            won: false,
            dips: 3
        }
    );
    assert!(e.to_string().contains("all 3 dips are used"), "{e}");
    assert_eq!(game.dips().len(), 3);

    // Winning on the last dip is a win.
    let mut game = Game::new(l, Mode::Gradient, 1);
    assert_eq!(
        game.dip(m.x, m.y).unwrap().outcome,
        Outcome::Won { dips: 1 }
    );
}

#[test]
fn dips_outside_the_pit_are_refused_and_do_not_count() {
    let mut game = Game::new(Landscape::random(4), Mode::Gradient, 2);
    for (x, y) in [
        (-0.01, 3.0),
        (6.01, 3.0),
        (3.0, -1e-9),
        (3.0, 6.5),
        (f64::NAN, 1.0),
        (1.0, f64::INFINITY),
        (f64::NEG_INFINITY, 1.0),
    ] {
        let e = game.dip(x, y).unwrap_err();
        assert!(matches!(e, SandpitError::OutsidePit { .. }), "{e:?}");
        assert!(e.to_string().contains("spans 0..6 m in x and y"), "{e}");
        let l = game.landscape();
        assert!(l.depth(x, y).is_err());
        assert!(l.gradient(x, y).is_err());
        assert!(l.hessian(x, y).is_err());
        assert!(l.downhill(x, y).is_err());
    }
    assert!(game.dips().is_empty());
    assert_eq!(game.dips_left(), 2);
    // The edges and corners are inside.
    for (x, y) in [
        (0.0, 0.0),
        (PIT_SIZE, PIT_SIZE),
        (0.0, 3.0),
        (3.0, PIT_SIZE),
    ] {
        game.landscape().depth(x, y).unwrap();
    }
    assert_eq!(game.dip(0.0, PIT_SIZE).unwrap().number, 1);
}

#[test]
fn a_game_with_no_dips_says_so() {
    let mut game = Game::new(Landscape::intro(), Mode::Gradient, 0);
    assert!(game.is_over());
    let e = game.dip(3.0, 3.0).unwrap_err();
    assert!(e.to_string().contains("at least 1"), "{e}");
}

#[test]
fn dips_report_the_landscape_and_the_mode() {
    let l = Landscape::hard(3);
    let mut gradient = Game::new(l.clone(), Mode::Gradient, 5);
    let mut depth_only = Game::new(l.clone(), Mode::DepthOnly, 5);
    let a = gradient.dip(1.3, 4.2).unwrap();
    let b = depth_only.dip(1.3, 4.2).unwrap();
    assert_eq!(a.depth, l.depth(1.3, 4.2).unwrap());
    assert_eq!(a.depth, b.depth);
    assert_eq!(a.gradient, Some(l.gradient(1.3, 4.2).unwrap()));
    assert_eq!(b.gradient, None);
    assert_eq!((a.number, a.x, a.y), (1, 1.3, 4.2));
}

// ------------------------------------------------------ the minima search

/// Newton's method on the gradient, with the exact Hessian, from `(x, y)`:
/// the nearby stationary point, whatever its kind (None if it leaves the
/// pit or does not settle).
fn stationary_point_near(
    l: &Landscape,
    mut x: f64,
    mut y: f64,
) -> Option<(f64, f64)> {
    for _ in 0..100 {
        let g = l.gradient(x, y).ok()?;
        if g.norm() < 1e-12 {
            return Some((x, y));
        }
        let step = l.hessian(x, y).ok()?.try_inverse()? * g;
        x -= step.x;
        y -= step.y;
    }
    let g = l.gradient(x, y).ok()?;
    (g.norm() < 1e-9).then_some((x, y))
}

/// Every interior local minimum that a 601 x 601 grid (every 0.01 m) sees,
/// refined by Newton's method, and the lowest grid value.
fn brute_force(l: &Landscape) -> (Vec<Minimum>, f64) {
    let n = 601;
    let at = |i: usize| i as f64 * 0.01;
    let mut grid = vec![0.0; n * n];
    for j in 0..n {
        for i in 0..n {
            grid[j * n + i] = l.depth(at(i), at(j)).unwrap();
        }
    }
    let lowest = grid.iter().copied().fold(f64::INFINITY, f64::min);
    let mut minima: Vec<Minimum> = Vec::new();
    for j in 1..n - 1 {
        for i in 1..n - 1 {
            let v = grid[j * n + i];
            let is_min = (j - 1..=j + 1).all(|nj| {
                (i - 1..=i + 1)
                    .all(|ni| (ni, nj) == (i, j) || grid[nj * n + ni] > v)
            });
            if !is_min {
                continue;
            }
            let Some((x, y)) = stationary_point_near(l, at(i), at(j)) else {
                continue;
            };
            if !is_positive_definite(&l.hessian(x, y).unwrap()) {
                continue;
            }
            if minima.iter().all(|m| m.distance_to(x, y) > 1e-6) {
                minima.push(Minimum {
                    x,
                    y,
                    depth: l.depth(x, y).unwrap(),
                });
            }
        }
    }
    (minima, lowest)
}

#[test]
fn deepest_agrees_with_a_brute_force_search_on_a_fine_grid() {
    let mut count = 0;
    for l in pits(0..20) {
        let deepest = l.deepest();
        let found = l.local_minima();
        let (brute, lowest) = brute_force(&l);
        // Nothing on the fine grid is deeper than the deepest point...
        assert!(
            lowest >= deepest.depth - 1e-12,
            "{}: the grid has {lowest}, deeper than {deepest:?}",
            l.name()
        );
        // ...which the brute force finds too, as its lowest minimum.
        let best = brute
            .iter()
            .min_by(|a, b| a.depth.total_cmp(&b.depth))
            .unwrap();
        assert!(
            best.distance_to(deepest.x, deepest.y) < 1e-6,
            "{}: brute force {best:?}, search {deepest:?}",
            l.name()
        );
        assert!((best.depth - deepest.depth).abs() < 1e-12);
        // Every minimum the brute force sees is listed, and no others.
        assert_eq!(
            brute.len(),
            found.len(),
            "{}: {brute:?} vs {found:?}",
            l.name()
        );
        for b in &brute {
            assert!(
                found.iter().any(|m| m.distance_to(b.x, b.y) < 1e-6),
                "{}: the search missed {b:?}",
                l.name()
            );
        }
        count += 1;
    }
    assert_eq!(count, 61);
}

#[test]
fn no_pit_is_degenerate() {
    // The checks the generators promise, over many seeds.
    for kind in SEEDED {
        for seed in 0..400 {
            let l = Landscape::of_kind(kind, seed);
            assert_eq!(l.kind(), kind);
            assert_eq!(l.seed(), Some(seed));
            let minima = l.local_minima();
            let d = minima[0];
            let name = l.name();
            assert_eq!(d, l.deepest());
            assert!(
                d.x >= 0.4 && d.x <= 5.6 && d.y >= 0.4 && d.y <= 5.6,
                "{name}: {d:?}"
            );
            let rim =
                [(0.0, 0.0), (6.0, 0.0), (0.0, 6.0), (6.0, 6.0), (3.0, 0.0)]
                    .iter()
                    .map(|&(x, y)| l.depth(x, y).unwrap())
                    .fold(f64::NEG_INFINITY, f64::max);
            assert!(rim - d.depth >= 0.3, "{name}: too flat");
            for (k, m) in minima.iter().enumerate().skip(1) {
                assert!(
                    m.depth - d.depth >= 0.05,
                    "{name}: two nearly deepest minima"
                );
                assert!(d.distance_to(m.x, m.y) >= 0.5, "{name}");
                for o in &minima[1..k] {
                    assert!(o.distance_to(m.x, m.y) >= 0.4, "{name}");
                }
                assert!(!m.on_edge());
            }
            match kind {
                LandscapeKind::MultipleMinima => {
                    assert!(minima.len() >= 2, "{name}")
                }
                LandscapeKind::Hard => {
                    assert!(minima.len() >= 2, "{name}");
                    assert!(minima[1].depth - d.depth >= 0.1, "{name}");
                    // The deepest hole is narrow: 0.3 m away it is much shallower.
                    let x = if d.x < 3.0 { d.x + 0.3 } else { d.x - 0.3 };
                    assert!(l.depth(x, d.y).unwrap() - d.depth > 0.3, "{name}");
                }
                _ => {}
            }
        }
    }
    // Different seeds and kinds give different pits.
    assert_ne!(Landscape::random(1), Landscape::random(2));
    assert_ne!(Landscape::random(1).deepest(), Landscape::hard(1).deepest());
}

#[test]
fn the_intro_pit_is_one_easy_bowl() {
    let l = Landscape::intro();
    assert_eq!(l.kind(), LandscapeKind::Intro);
    assert_eq!(l.seed(), None);
    let minima = l.local_minima();
    assert_eq!(minima.len(), 1);
    let m = minima[0];
    // Not in the centre.
    assert!(m.distance_to(3.0, 3.0) > 0.5);
    // Steepest descent from every corner and edge midpoint finds it.
    for start in [(0.0, 0.0), (6.0, 0.0), (0.0, 6.0), (6.0, 6.0), (3.0, 6.0)] {
        let run = steepest_descent(&l, &point(start), 0.5, 5000);
        assert_eq!(run.status(), DescentStatus::Converged, "from {start:?}");
        let (x, y) = xy(run.end());
        assert!(m.distance_to(x, y) < 1e-4);
    }
}

/// The number of steps after which a descent's path first comes within the
/// winning distance of the deepest point (`None` if it never does).
fn steps_to_win(l: &Landscape, run: &Descent<U2>) -> Option<usize> {
    let m = l.deepest();
    run.path()
        .iter()
        .position(|p| m.distance_to(p.x, p.y) <= WIN_DISTANCE)
}

#[test]
fn the_default_step_wins_the_intro_pit_within_the_books_20_dips() {
    // The book's game allows 20 dips: the start and 19 steps.
    let l = Landscape::intro();
    let eta = LandscapeKind::Intro.default_step();
    let run = steepest_descent(&l, &Vector2::new(1.0, 5.0), eta, 2000);
    assert_eq!(run.status(), DescentStatus::Converged);
    let won =
        steps_to_win(&l, &run).expect("the path reaches the deepest point");
    assert!(won <= 19, "{won} steps to come within 0.15 m");
    assert!(run.steps() <= 19, "{} steps to converge", run.steps());
    // The step it replaces was far too timid for this bowl.
    let timid = steepest_descent(&l, &Vector2::new(1.0, 5.0), 0.25, 2000);
    assert!(steps_to_win(&l, &timid).is_some_and(|n| n > 19));
    // And from every start on a coarse grid, the default converges quickly.
    for i in 0..=6 {
        for j in 0..=6 {
            let start = (f64::from(i), f64::from(j));
            let run = steepest_descent(&l, &point(start), eta, 2000);
            assert_eq!(
                run.status(),
                DescentStatus::Converged,
                "from {start:?}"
            );
            assert!(run.steps() <= 40, "{} steps from {start:?}", run.steps());
        }
    }
}

/// The largest eigenvalue of a symmetric 2 x 2 matrix, in closed form.
fn largest_eigenvalue(h: &Matrix2<f64>) -> f64 {
    let mean = (h[(0, 0)] + h[(1, 1)]) / 2.0;
    let half_gap =
        ((h[(0, 0)] - h[(1, 1)]).powi(2) / 4.0 + h[(0, 1)].powi(2)).sqrt();
    mean + half_gap
}

#[test]
fn the_default_step_settles_into_every_hollow_but_the_hard_pits_hole() {
    // Near a minimum, one step multiplies the offset along an eigenvector
    // of the Hessian by 1 - eta * lambda; it shrinks only if eta < 2 / lambda.
    for kind in LandscapeKind::ALL {
        let eta = kind.default_step();
        assert!(eta.is_finite() && eta > 0.0);
        let seeds = if kind == LandscapeKind::Intro {
            0..1
        } else {
            0..300
        };
        for seed in seeds {
            let l = Landscape::of_kind(kind, seed);
            for (k, m) in l.local_minima().iter().enumerate() {
                if kind == LandscapeKind::Hard && k == 0 {
                    continue; // the narrow hole
                }
                let lambda = largest_eigenvalue(&l.hessian(m.x, m.y).unwrap());
                assert!(
                    eta * lambda < 2.0,
                    "{}: eta {eta} is unstable at {m:?} (curvature {lambda})",
                    l.name()
                );
            }
        }
    }
    // The hard pit's hole is too narrow for it: that is what makes it hard.
    let l = Landscape::hard(0);
    let m = l.deepest();
    let lambda = largest_eigenvalue(&l.hessian(m.x, m.y).unwrap());
    assert!(LandscapeKind::Hard.default_step() * lambda > 2.0);
}

#[test]
fn the_default_step_usually_reaches_the_bottom_of_a_hollow() {
    // From starts spread over the middle of each pit, most runs converge
    // (the others leave the pit down a tilt, or stop at the step limit).
    for kind in [
        LandscapeKind::Random,
        LandscapeKind::MultipleMinima,
        LandscapeKind::Hard,
    ] {
        let eta = kind.default_step();
        let (mut converged, mut total) = (0, 0);
        for seed in 0..30 {
            let l = Landscape::of_kind(kind, seed);
            for (x, y) in points(seed, 10).into_iter().skip(4) {
                let start = (0.5 + x * 5.0 / 6.0, 0.5 + y * 5.0 / 6.0);
                let run = steepest_descent(&l, &point(start), eta, 2000);
                total += 1;
                if run.status() == DescentStatus::Converged {
                    converged += 1;
                }
            }
        }
        assert!(
            converged * 4 >= total * 3,
            "{kind:?}: {converged} of {total} converged with eta {eta}"
        );
    }
}

// --------------------------------------------- derivatives, checked twice

fn points(seed: u32, n: usize) -> Vec<(f64, f64)> {
    // A small deterministic spread, with points 1 mm from the edges and
    // corners (a central difference needs both sides of the point).
    let mut pts =
        vec![(0.001, 0.001), (5.999, 5.999), (0.001, 3.3), (4.1, 5.999)];
    let mut s = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    for _ in 0..n {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        let x = f64::from(s % 5999 + 1) / 1000.0;
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        let y = f64::from(s % 5999 + 1) / 1000.0;
        pts.push((x, y));
    }
    pts
}

/// The slope of `f` at `x` by the five-point central difference
/// $(f(x - 2h) - 8 f(x - h) + 8 f(x + h) - f(x + 2h)) / 12h$, whose error
/// is of order $h^4$; with $h = 0.25$ mm it stays inside the pit at points
/// 1 mm from its edges.
fn slope(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    let h = 2.5e-4;
    (f(x - 2.0 * h) - 8.0 * f(x - h) + 8.0 * f(x + h) - f(x + 2.0 * h))
        / (12.0 * h)
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + b.abs())
}

#[test]
fn gradient_and_hessian_match_finite_differences() {
    for l in pits(0..8) {
        for (x, y) in points(l.seed().unwrap_or(99), 40) {
            let g = l.gradient(x, y).unwrap();
            let h = l.hessian(x, y).unwrap();
            let depth = |px: f64, py: f64| l.depth(px, py).unwrap_or(f64::NAN);
            let grad = |px: f64, py: f64| {
                l.gradient(px, py)
                    .unwrap_or(Vector2::new(f64::NAN, f64::NAN))
            };
            let fd_gx = slope(|t| depth(t, y), x);
            let fd_gy = slope(|t| depth(x, t), y);
            let fd_hxx = slope(|t| grad(t, y).x, x);
            let fd_hxy = slope(|t| grad(x, t).x, y);
            let fd_hyx = slope(|t| grad(t, y).y, x);
            let fd_hyy = slope(|t| grad(x, t).y, y);
            let at = format!("{} at ({x}, {y})", l.name());
            assert!(close(g.x, fd_gx, 1e-7), "{at}: d_x {} vs {fd_gx}", g.x);
            assert!(close(g.y, fd_gy, 1e-7), "{at}: d_y {} vs {fd_gy}", g.y);
            assert!(
                close(h[(0, 0)], fd_hxx, 1e-6),
                "{at}: d_xx {} vs {fd_hxx}",
                h[(0, 0)]
            );
            assert!(
                close(h[(0, 1)], fd_hxy, 1e-6),
                "{at}: d_xy {} vs {fd_hxy}",
                h[(0, 1)]
            );
            assert!(
                close(h[(1, 0)], fd_hyx, 1e-6),
                "{at}: d_yx {} vs {fd_hyx}",
                h[(1, 0)]
            );
            assert!(
                close(h[(1, 1)], fd_hyy, 1e-6),
                "{at}: d_yy {} vs {fd_hyy}",
                h[(1, 1)]
            );
            assert_eq!(h[(0, 1)], h[(1, 0)]);
        }
    }
}

#[test]
fn downhill_is_the_unit_vector_against_the_gradient() {
    let l = Landscape::random(5);
    for (x, y) in points(5, 30) {
        let g = l.gradient(x, y).unwrap();
        let d = l.downhill(x, y).unwrap();
        assert!((d.norm() - 1.0).abs() < 1e-12);
        assert!((d + g / g.norm()).norm() < 1e-12);
        // A small step downhill lowers the reading.
        let (nx, ny) = (x + 1e-4 * d.x, y + 1e-4 * d.y);
        if let Ok(after) = l.depth(nx, ny) {
            assert!(after < l.depth(x, y).unwrap());
        }
    }
}

// ------------------------------------------------- honest automatic play

/// The saddle between the two deepest hollows of a pit with several.
fn saddle(l: &Landscape) -> Option<(f64, f64)> {
    let m = l.local_minima();
    let (a, b) = (m[0], m[1]);
    let (x, y) =
        stationary_point_near(l, (a.x + b.x) / 2.0, (a.y + b.y) / 2.0)?;
    (l.hessian(x, y).unwrap().determinant() < 0.0).then_some((x, y))
}

#[test]
fn newton_near_a_saddle_or_a_hump_says_it_is_not_heading_for_a_minimum() {
    let mut saddles = 0;
    for seed in 0..30 {
        let l = Landscape::multiple_minima(seed);
        let Some((x, y)) = saddle(&l) else { continue };
        let run = newton(&l, &Vector2::new(x + 0.01, y - 0.01), 50);
        assert_eq!(run.status(), DescentStatus::NotAMinimum, "{}", l.name());
        assert_eq!(run.steps(), 0);
        // Steepest descent from the saddle itself cannot move, and says so.
        let run = steepest_descent(&l, &Vector2::new(x, y), 0.1, 100);
        assert_eq!(run.status(), DescentStatus::NotAMinimum, "{}", l.name());
        saddles += 1;
    }
    assert!(saddles >= 10, "only {saddles} saddles found");
    // The top of a lone bump is a maximum.
    let l = Landscape::intro();
    let m = l.deepest();
    assert_eq!(
        newton(&l, &Vector2::new(6.0, 6.0), 10).status(),
        DescentStatus::NotAMinimum
    );
    assert_eq!(
        newton(&l, &Vector2::new(m.x, m.y), 10).status(),
        DescentStatus::Converged
    );
}

#[test]
fn a_huge_step_never_claims_convergence() {
    for l in pits(0..20) {
        for start in [(1.0, 1.0), (5.0, 2.0), (2.5, 5.5)] {
            let run = steepest_descent(&l, &point(start), 40.0, 200);
            assert_ne!(run.status(), DescentStatus::Converged, "{}", l.name());
            assert!(matches!(
                run.status(),
                DescentStatus::LeftTheDomain
                    | DescentStatus::MaxSteps
                    | DescentStatus::NotAMinimum
            ));
        }
    }
}

#[test]
fn invalid_starts_and_steps_are_reported() {
    let l = Landscape::intro();
    for step in [0.0, -0.1, f64::NAN, f64::INFINITY] {
        let run = steepest_descent(&l, &Vector2::new(1.0, 1.0), step, 10);
        assert_eq!(run.status(), DescentStatus::InvalidInput);
        assert_eq!(run.steps(), 0);
    }
    for start in [(-1.0, 1.0), (1.0, 7.0), (f64::NAN, 1.0)] {
        assert_eq!(
            steepest_descent(&l, &point(start), 0.1, 10).status(),
            DescentStatus::InvalidInput
        );
        assert_eq!(
            newton(&l, &point(start), 10).status(),
            DescentStatus::InvalidInput
        );
    }
    // No steps allowed: converged only if already there.
    let m = l.deepest();
    assert_eq!(
        steepest_descent(&l, &Vector2::new(1.0, 1.0), 0.1, 0).status(),
        DescentStatus::MaxSteps
    );
    assert_eq!(
        steepest_descent(&l, &Vector2::new(m.x, m.y), 0.1, 0).status(),
        DescentStatus::Converged
    );
}

#[test]
fn kinds_and_statuses_are_written_and_read_by_the_names_the_widget_uses() {
    // The widget's names (book/widgets/sandpit-core.js), except that it says
    // "left-the-pit" where the crate, for any objective, says
    // "left-the-domain" (the agreement samples translate that one).
    let kinds = ["intro", "random", "multiple", "hard"];
    assert_eq!(LandscapeKind::ALL.len(), kinds.len());
    for (kind, name) in LandscapeKind::ALL.into_iter().zip(kinds) {
        assert_eq!(kind.to_string(), name);
        assert_eq!(name.parse::<LandscapeKind>(), Ok(kind));
    }
    let statuses = [
        (DescentStatus::Converged, "converged"),
        (DescentStatus::MaxSteps, "max-steps"),
        (DescentStatus::LeftTheDomain, "left-the-domain"),
        (DescentStatus::NotAMinimum, "not-a-minimum"),
        (DescentStatus::InvalidInput, "invalid-input"),
    ];
    for (status, name) in statuses {
        assert_eq!(status.to_string(), name);
        assert_eq!(name.parse::<DescentStatus>(), Ok(status));
        // The sentence is for people, and is not the name.
        assert!(status.explanation().contains(' '), "{status}");
    }
    assert!(DescentStatus::MaxSteps.explanation().contains("step limit"));
    // Widths and alignment work as for any string.
    assert_eq!(format!("[{:>6}]", LandscapeKind::Hard), "[  hard]");
    assert_eq!(format!("[{:<10}]", DescentStatus::MaxSteps), "[max-steps ]");

    // Any other name is refused, and the error lists the names there are.
    for text in ["Intro", " intro", "multiple-minima", ""] {
        let e = text.parse::<LandscapeKind>().unwrap_err();
        assert_eq!(e.name, text);
        let message = e.to_string();
        assert!(message.contains(&format!("'{text}'")), "{message}");
        for name in kinds {
            assert!(message.contains(name), "{message}");
        }
    }
    for text in ["left-the-pit", "Converged", "done"] {
        let e = text.parse::<DescentStatus>().unwrap_err();
        assert_eq!(e.name, text);
        let message = e.to_string();
        assert!(message.contains(&format!("'{text}'")), "{message}");
        for (_, name) in statuses {
            assert!(message.contains(name), "{message}");
        }
        let _: &dyn std::error::Error = &e;
    }
}

#[test]
fn the_hard_pit_traps_steepest_descent_in_a_broad_hollow_from_most_starts() {
    // What makes it hard: most starts lead to a local minimum that is not
    // the deepest.
    let mut trapped = 0;
    let mut total = 0;
    for seed in 0..10 {
        let l = Landscape::hard(seed);
        let d = l.deepest();
        for (x, y) in points(seed, 10) {
            let run = steepest_descent(&l, &Vector2::new(x, y), 0.02, 20_000);
            if run.status() == DescentStatus::Converged {
                total += 1;
                let (ex, ey) = xy(run.end());
                if d.distance_to(ex, ey) > WIN_DISTANCE {
                    trapped += 1;
                }
            }
        }
    }
    assert!(total >= 60, "only {total} runs converged");
    assert!(trapped * 3 >= total * 2, "{trapped} of {total} trapped");
}

/// Checks what a descent's status claims against the landscape.
fn honest(
    l: &Landscape,
    run: &Descent<U2>,
    next: impl Fn((f64, f64)) -> (f64, f64),
) {
    let (x, y) = xy(run.end());
    match run.status() {
        DescentStatus::Converged => {
            assert!(l.gradient(x, y).unwrap().norm() <= GRADIENT_TOLERANCE);
            assert!(is_positive_definite(&l.hessian(x, y).unwrap()));
        }
        DescentStatus::MaxSteps => {
            assert!(l.gradient(x, y).unwrap().norm() > GRADIENT_TOLERANCE);
        }
        DescentStatus::LeftTheDomain => {
            let (nx, ny) = next((x, y));
            assert!(
                l.depth(nx, ny).is_err(),
                "the next step ({nx}, {ny}) is inside"
            );
        }
        DescentStatus::NotAMinimum => {
            let h = l.hessian(x, y).unwrap();
            let g = l.gradient(x, y).unwrap();
            assert!(!is_positive_definite(&h) || g.norm() > GRADIENT_TOLERANCE);
        }
        DescentStatus::InvalidInput => panic!("a valid start was refused"),
        other => panic!("a status the tests do not know: {other:?}"),
    }
    for p in run.path() {
        assert!(l.depth(p.x, p.y).is_ok());
    }
}

// -------------------------------------------------------------- properties

fn kind_of(k: u8) -> LandscapeKind {
    LandscapeKind::ALL[usize::from(k % 4)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn local_minima_really_are_minima(k in 0u8..4, seed in any::<u32>()) {
        let l = Landscape::of_kind(kind_of(k), seed);
        let minima = l.local_minima();
        prop_assert!(!minima.is_empty());
        prop_assert_eq!(minima[0], l.deepest());
        for w in minima.windows(2) {
            prop_assert!(w[0].depth <= w[1].depth);
        }
        for m in minima {
            prop_assert!(!m.on_edge());
            prop_assert!(l.gradient(m.x, m.y).unwrap().norm() <= 1e-8);
            prop_assert!(is_positive_definite(&l.hessian(m.x, m.y).unwrap()));
            prop_assert_eq!(l.depth(m.x, m.y).unwrap(), m.depth);
            // Every point of two small circles around it is higher.
            for r in [1e-3, 2e-2] {
                for i in 0..16 {
                    let a = f64::from(i) * std::f64::consts::PI / 8.0;
                    let d = l.depth(m.x + r * a.cos(), m.y + r * a.sin()).unwrap();
                    prop_assert!(d > m.depth, "{}: lower point near {:?}", l.name(), m);
                }
            }
        }
    }

    #[test]
    fn playing_never_panics_and_follows_the_rules(
        k in 0u8..4,
        seed in any::<u32>(),
        max_dips in 0usize..8,
        depth_only in any::<bool>(),
        dips in prop::collection::vec((-1.0f64..7.0, -1.0f64..7.0), 0..12),
    ) {
        let l = Landscape::of_kind(kind_of(k), seed);
        let mode = if depth_only { Mode::DepthOnly } else { Mode::Gradient };
        let deepest = l.deepest();
        let mut game = Game::new(l.clone(), mode, max_dips);
        for (x, y) in dips {
            let over = game.is_over();
            let before = game.dips().len();
            match game.dip(x, y) {
                Ok(dip) => {
                    prop_assert!(!over);
                    prop_assert_eq!(dip.number, before + 1);
                    prop_assert_eq!(dip.gradient.is_some(), !depth_only);
                    let won = deepest.distance_to(x, y) <= WIN_DISTANCE;
                    prop_assert_eq!(matches!(dip.outcome, Outcome::Won { .. }), won);
                    if dip.number == max_dips && !won {
                        prop_assert_eq!(dip.outcome, Outcome::OutOfDips);
                    }
                }
                Err(SandpitError::OutsidePit { .. }) => {
                    prop_assert!(l.depth(x, y).is_err());
                    prop_assert_eq!(game.dips().len(), before);
                }
                Err(SandpitError::GameOver { .. }) => prop_assert!(over),
                Err(e) => prop_assert!(false, "an error the tests do not know: {e:?}"),
            }
            prop_assert!(game.dips().len() <= max_dips);
        }
    }

    #[test]
    fn automatic_players_are_honest(
        k in 0u8..4,
        seed in 0u32..1000,
        x in 0.0f64..=6.0,
        y in 0.0f64..=6.0,
        step in prop_oneof![0.001f64..0.5, 0.5f64..60.0],
        max_steps in 0usize..300,
    ) {
        let l = Landscape::of_kind(kind_of(k), seed);
        let run = steepest_descent(&l, &Vector2::new(x, y), step, max_steps);
        prop_assert!(run.steps() <= max_steps);
        honest(&l, &run, |(px, py)| {
            let g = l.gradient(px, py).unwrap();
            (px - step * g.x, py - step * g.y)
        });
        let run = newton(&l, &Vector2::new(x, y), max_steps.min(60));
        prop_assert!(run.steps() <= max_steps.min(60));
        honest(&l, &run, |(px, py)| {
            let step = l.hessian(px, py).unwrap().try_inverse().unwrap() * l.gradient(px, py).unwrap();
            (px - step.x, py - step.y)
        });
    }
}

// ---------------------------------------------------------- any objective

#[test]
fn a_landscape_as_an_objective_gives_its_own_readings() {
    for l in pits(0..4) {
        for (x, y) in points(l.seed().unwrap_or(7), 10) {
            let p = Vector2::new(x, y);
            assert_eq!(l.cost(&p), l.depth(x, y));
            assert_eq!(Objective::gradient(&l, &p), l.gradient(x, y));
            assert_eq!(Hessian::hessian(&l, &p), l.hessian(x, y));
        }
        let outside = Vector2::new(6.2, 1.0);
        let e = l.cost(&outside).unwrap_err();
        assert_eq!(e, SandpitError::OutsidePit { x: 6.2, y: 1.0 });
        assert!(Objective::gradient(&l, &outside).is_err());
        assert!(Hessian::hessian(&l, &outside).is_err());
    }
}

/// A quadratic in three dimensions,
/// $f(\mathbf{x}) = \tfrac12 \mathbf{x}^\mathsf{T} \mathbf{A} \mathbf{x} - \mathbf{b}^\mathsf{T} \mathbf{x}$:
/// its minimum is $\mathbf{A}^{-1} \mathbf{b}$.
struct Quadratic {
    a: Matrix3<f64>,
    b: Vector3<f64>,
}

impl Objective<U3> for Quadratic {
    type Error = Infallible;
    fn cost(&self, x: &Vector3<f64>) -> Result<f64, Infallible> {
        Ok(0.5 * x.dot(&(self.a * x)) - self.b.dot(x))
    }
    fn gradient(&self, x: &Vector3<f64>) -> Result<Vector3<f64>, Infallible> {
        Ok(self.a * x - self.b)
    }
}

impl Hessian<U3> for Quadratic {
    fn hessian(&self, _: &Vector3<f64>) -> Result<Matrix3<f64>, Infallible> {
        Ok(self.a)
    }
}

#[test]
fn the_players_find_the_minimum_of_a_quadratic_in_three_dimensions() {
    let a = Matrix3::new(4.0, 1.0, 0.0, 1.0, 3.0, -1.0, 0.0, -1.0, 2.0);
    let b = Vector3::new(1.0, -2.0, 0.5);
    let best = a.try_inverse().unwrap() * b;
    let f = Quadratic { a, b };
    let start = Vector3::new(2.0, 2.0, -3.0);
    // Newton's step lands on the minimum of a quadratic at once, and the
    // gradient there is zero to rounding.
    let run = newton(&f, &start, 10);
    assert_eq!(run.status(), DescentStatus::Converged);
    assert_eq!(run.steps(), 1);
    assert!((run.end() - best).norm() < 1e-14);
    // Steepest descent is stable below 2 / (the largest eigenvalue).
    let lambda = a.symmetric_eigenvalues().max();
    let run = steepest_descent(&f, &start, 1.0 / lambda, 1000);
    assert_eq!(run.status(), DescentStatus::Converged);
    assert!((run.end() - best).norm() < 1e-5);
    assert!(f.gradient(run.end()).unwrap().norm() <= GRADIENT_TOLERANCE);
    let run = steepest_descent(&f, &start, 2.1 / lambda, 1000);
    assert_eq!(run.status(), DescentStatus::MaxSteps);
    // A view of a larger vector is a start as good as any.
    let padded = DVector::from_vec(vec![9.0, 2.0, 2.0, -3.0]);
    let view = padded.fixed_rows::<3>(1);
    assert_eq!(newton(&f, &view, 10), newton(&f, &start, 10));
}

/// Rosenbrock's valley $(1 - x)^2 + 100 (y - x^2)^2$, with points as
/// `DVector`s: its minimum is $(1, 1)$.
struct Rosenbrock;

impl Objective for Rosenbrock {
    type Error = Infallible;
    fn cost(&self, p: &DVector<f64>) -> Result<f64, Infallible> {
        Ok((1.0 - p[0]).powi(2) + 100.0 * (p[1] - p[0] * p[0]).powi(2))
    }
    fn gradient(&self, p: &DVector<f64>) -> Result<DVector<f64>, Infallible> {
        let w = p[1] - p[0] * p[0];
        Ok(dvector![-2.0 * (1.0 - p[0]) - 400.0 * p[0] * w, 200.0 * w])
    }
}

impl Hessian for Rosenbrock {
    fn hessian(&self, p: &DVector<f64>) -> Result<DMatrix<f64>, Infallible> {
        let (x, y) = (p[0], p[1]);
        let off = -400.0 * x;
        Ok(DMatrix::from_row_slice(
            2,
            2,
            &[1200.0 * x * x - 400.0 * y + 2.0, off, off, 200.0],
        ))
    }
}

#[test]
fn newton_reaches_the_bottom_of_rosenbrocks_valley() {
    // The Hessian by hand, checked against the gradient by differences.
    for p in [dvector![-1.2, 1.0], dvector![0.5, 0.3], dvector![1.0, 1.0]] {
        let h = Rosenbrock.hessian(&p).unwrap();
        for k in 0..2 {
            let g = |t: f64| {
                let mut q = p.clone();
                q[k] = t;
                q
            };
            for i in 0..2 {
                let fd =
                    slope(|t| Rosenbrock.gradient(&g(t)).unwrap()[i], p[k]);
                assert!(
                    close(h[(i, k)], fd, 1e-8),
                    "{p}: {} vs {fd}",
                    h[(i, k)]
                );
            }
        }
    }
    let run = newton(&Rosenbrock, &dvector![-1.2, 1.0], 50);
    assert_eq!(run.status(), DescentStatus::Converged);
    assert!((run.end() - dvector![1.0, 1.0]).norm() < 1e-8);
    assert!(run.steps() <= 10, "{} steps", run.steps());
    assert_eq!(Rosenbrock.cost(&dvector![1.0, 1.0]).unwrap(), 0.0);
}

/// $f(\mathbf{x}) = \sum_i (x_i - \ln x_i)$, defined only where every
/// $x_i > 0$; its minimum is at $x_i = 1$.
struct LogBarrier;

#[derive(Debug, PartialEq)]
struct NotPositive(f64);

impl std::fmt::Display for NotPositive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} is not positive: ln is defined only for x > 0",
            self.0
        )
    }
}

impl std::error::Error for NotPositive {}

impl LogBarrier {
    fn check(x: &DVector<f64>) -> Result<(), NotPositive> {
        match x.iter().find(|v| **v <= 0.0) {
            Some(&v) => Err(NotPositive(v)),
            None => Ok(()),
        }
    }
}

impl Objective for LogBarrier {
    type Error = NotPositive;
    fn cost(&self, x: &DVector<f64>) -> Result<f64, NotPositive> {
        LogBarrier::check(x)?;
        Ok(x.iter().map(|v| v - v.ln()).sum())
    }
    fn gradient(&self, x: &DVector<f64>) -> Result<DVector<f64>, NotPositive> {
        LogBarrier::check(x)?;
        Ok(x.map(|v| 1.0 - 1.0 / v))
    }
}

impl Hessian for LogBarrier {
    fn hessian(&self, x: &DVector<f64>) -> Result<DMatrix<f64>, NotPositive> {
        LogBarrier::check(x)?;
        Ok(DMatrix::from_diagonal(&x.map(|v| 1.0 / (v * v))))
    }
}

#[test]
fn a_step_out_of_the_domain_is_named_and_the_path_stops_before_it() {
    let f = LogBarrier;
    let ones = dvector![1.0, 1.0];
    let run = steepest_descent(&f, &dvector![3.0, 0.2], 0.5, 500);
    assert_eq!(run.status(), DescentStatus::Converged);
    assert!((run.end() - &ones).norm() < 1e-5);
    // From x = 3 the slope is 1 - 1/3, so a step of 10 lands at -11/3.
    let run = steepest_descent(&f, &dvector![3.0, 3.0], 10.0, 500);
    assert_eq!(run.status(), DescentStatus::LeftTheDomain);
    assert_eq!(run.path(), &[dvector![3.0, 3.0]]);
    assert!(f.cost(&dvector![3.0 - 10.0 * (2.0 / 3.0), 3.0]).is_err());
    // Newton's step there is x^2 - x = 6: to -3, outside too.
    let run = newton(&f, &dvector![3.0, 1.0], 50);
    assert_eq!(run.status(), DescentStatus::LeftTheDomain);
    assert_eq!(run.steps(), 0);
    // From 0.5 or 1.5, Newton's x <- 2x - x^2 squares the distance to 1:
    // 1/2, 1/4, ..., 2^-32 after five steps, where the slope is below 1e-6.
    let run = newton(&f, &dvector![0.5, 1.5], 50);
    assert_eq!(run.status(), DescentStatus::Converged);
    assert_eq!(run.steps(), 5);
    let error = 0.5_f64.powi(32);
    assert!(((run.end() - &ones).norm() - error * 2f64.sqrt()).abs() < 1e-12);
    assert!(run.path().iter().all(|x| f.cost(x).is_ok()));
    // A start outside the domain, or not finite, or with no coordinates.
    for start in [dvector![-1.0, 1.0], dvector![f64::NAN, 1.0], dvector![]] {
        let run = steepest_descent(&f, &start, 0.1, 10);
        assert_eq!(run.status(), DescentStatus::InvalidInput, "{start}");
        assert_eq!(
            newton(&f, &start, 10).status(),
            DescentStatus::InvalidInput
        );
    }
}

/// $x^2 - y^2$: a saddle at the origin; optionally with a gradient that
/// turns NaN beyond $\lvert x \rvert = 10$, or results of the wrong size.
#[derive(Clone, Copy)]
enum Saddle {
    Plain,
    NanBeyondTen,
    LongGradient,
    WideHessian,
}

impl Objective<U2> for Saddle {
    type Error = Infallible;
    fn cost(&self, p: &Vector2<f64>) -> Result<f64, Infallible> {
        Ok(p.x * p.x - p.y * p.y)
    }
    fn gradient(&self, p: &Vector2<f64>) -> Result<Vector2<f64>, Infallible> {
        match self {
            Saddle::NanBeyondTen if p.x.abs() > 10.0 => {
                Ok(Vector2::new(f64::NAN, 0.0))
            }
            _ => Ok(Vector2::new(2.0 * p.x, -2.0 * p.y)),
        }
    }
}

impl Hessian<U2> for Saddle {
    fn hessian(&self, _: &Vector2<f64>) -> Result<Matrix2<f64>, Infallible> {
        Ok(Matrix2::new(2.0, 0.0, 0.0, -2.0))
    }
}

/// The same saddle with points as `DVector`s, so results can be the wrong size.
impl Objective for Saddle {
    type Error = Infallible;
    fn cost(&self, p: &DVector<f64>) -> Result<f64, Infallible> {
        Ok(p[0] * p[0] - p[1] * p[1])
    }
    fn gradient(&self, p: &DVector<f64>) -> Result<DVector<f64>, Infallible> {
        Ok(match self {
            Saddle::LongGradient => dvector![2.0 * p[0], -2.0 * p[1], 0.0],
            _ => dvector![2.0 * p[0], -2.0 * p[1]],
        })
    }
}

impl Hessian for Saddle {
    fn hessian(&self, _: &DVector<f64>) -> Result<DMatrix<f64>, Infallible> {
        Ok(match self {
            Saddle::WideHessian => DMatrix::from_element(2, 3, 1.0),
            _ => DMatrix::from_row_slice(2, 2, &[2.0, 0.0, 0.0, -2.0]),
        })
    }
}

#[test]
fn saddles_and_bad_numbers_never_pass_for_a_minimum() {
    let f = Saddle::Plain;
    // Newton refuses at once: the quadratic is a saddle.
    let run = newton(&f, &Vector2::new(0.3, 0.2), 20);
    assert_eq!(run.status(), DescentStatus::NotAMinimum);
    assert_eq!(run.steps(), 0);
    // Steepest descent along y = 0 halves x at every step (eta = 1/4), so
    // |grad| = 2 x first falls to 1e-6 at x = 2^-21, after 21 steps, on
    // the saddle point's level ground: not a minimum.
    let run = steepest_descent(&f, &Vector2::new(1.0, 0.0), 0.25, 100);
    assert_eq!(run.status(), DescentStatus::NotAMinimum);
    assert_eq!(run.steps(), 21);
    assert_eq!(run.end().x, 0.5_f64.powi(21));
    // Through a trait object too.
    let object: &dyn Hessian<U2, Error = Infallible> = &f;
    let again = steepest_descent(object, &Vector2::new(1.0, 0.0), 0.25, 100);
    assert_eq!(again, run);
    // eta = 3/2 doubles x and flips its sign: 1, -2, 4, -8, then 16, where
    // the gradient is NaN, so the path stops at -8.
    let f = Saddle::NanBeyondTen;
    let run = steepest_descent(&f, &Vector2::new(1.0, 0.0), 1.5, 100);
    assert_eq!(run.status(), DescentStatus::LeftTheDomain);
    assert_eq!(run.steps(), 3);
    assert_eq!(run.end(), &Vector2::new(-8.0, 0.0));
    // Results of the wrong size are refused, without a panic.
    for f in [Saddle::LongGradient, Saddle::WideHessian] {
        let start = dvector![1.0, 0.5];
        let run = steepest_descent(&f, &start, 0.1, 10);
        assert_eq!(run.status(), DescentStatus::InvalidInput);
        assert_eq!(
            newton(&f, &start, 10).status(),
            DescentStatus::InvalidInput
        );
    }
    let run = steepest_descent(&Saddle::Plain, &dvector![1.0, 0.0], 0.25, 100);
    assert_eq!(run.steps(), 21);
}

// ------------------------------------------------ agreement with the widget

/// The points inside the pit at which the samples give readings.
fn sample_points(seed: u32) -> Vec<(f64, f64)> {
    points(seed, 8)
}

#[test]
fn agreement_samples_cover_every_kind_and_are_well_formed() {
    let samples = agreement::samples(0..3, sample_points);
    // Written as JSON text that reads back, with no NaN or infinity.
    let text = serde_json::to_string(&samples).unwrap();
    assert!(!text.contains("NaN") && !text.contains("inf"));
    serde_json::from_str::<serde_json::Value>(&text).unwrap();
    // The numbers as written (serde_json's own parser is not correctly
    // rounded by default; Node's is).
    let json = samples;
    assert_eq!(json["format"], agreement::FORMAT);
    assert_eq!(json["pit_size"], PIT_SIZE);
    let sampled = json["landscapes"].as_array().unwrap();
    // The introductory pit and three seeds of each of the three other kinds.
    assert_eq!(sampled.len(), 10);
    for kind in LandscapeKind::ALL {
        let n = sampled
            .iter()
            .filter(|p| p["kind"] == kind.to_string())
            .count();
        let expected = if kind == LandscapeKind::Intro { 1 } else { 3 };
        assert_eq!(n, expected, "{kind:?}");
    }
    for (p, l) in sampled.iter().zip(pits(0..3)) {
        assert_eq!(p["name"], l.name());
        assert_eq!(p["seed"].as_u64(), l.seed().map(u64::from));
        assert_eq!(
            p["minima"].as_array().unwrap().len(),
            l.local_minima().len()
        );
        let deepest = l.deepest();
        assert_eq!(p["deepest"]["depth"], deepest.depth);
        // 4 points near the edges, 8 inside, 4 corners and 2 outside.
        let points = p["points"].as_array().unwrap();
        assert_eq!(points.len(), 18);
        let outside = points.iter().filter(|q| q["outside"] == true).count();
        assert_eq!(outside, 2);
        for q in points.iter().filter(|q| q["outside"].is_null()) {
            let (x, y) = (q["x"].as_f64().unwrap(), q["y"].as_f64().unwrap());
            assert_eq!(q["depth"], l.depth(x, y).unwrap());
            assert_eq!(q["hessian"].as_array().unwrap().len(), 3);
        }
        let descents = p["descents"].as_array().unwrap();
        assert_eq!(descents.len(), 8);
        for d in descents {
            let status = d["status"].as_str().unwrap();
            assert!(
                ["converged", "max-steps", "left-the-pit", "not-a-minimum"]
                    .contains(&status),
                "{status}"
            );
        }
        // Newton from 5 cm beside the deepest point reaches it.
        assert_eq!(descents[7]["status"], "converged", "{}", l.name());
        assert_eq!(
            p["game"]["dips"].as_array().unwrap().len(),
            if l.local_minima().len() > 1 { 4 } else { 3 }
        );
        let last_won = &p["game"]["dips"]
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .nth(1)
            .unwrap()[2];
        assert_eq!(*last_won, "won", "{}", l.name());
    }
}

/// Runs `node xtask/browser/sandpit-agreement.mjs` on fresh samples, so the
/// JavaScript of the widget is checked by `cargo test`. Skipped (loudly)
/// without Node, unless `MVCALC_REQUIRE_BROWSER` is set, as in CI.
#[test]
fn the_widget_javascript_agrees_with_the_crate() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("xtask/browser/sandpit-agreement.mjs");
    let has_node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_node {
        assert!(
            std::env::var_os("MVCALC_REQUIRE_BROWSER").is_none(),
            "Node.js is required to check the Sandpit widget's JavaScript"
        );
        eprintln!(
            "SKIPPED: Node.js is not installed, so the Sandpit widget's JavaScript was not checked"
        );
        return;
    }
    let file = std::env::temp_dir().join(format!(
        "mvcalc-sandpit-samples-{}.json",
        std::process::id()
    ));
    let samples = agreement::samples(0..40, |seed| points(seed, 12));
    std::fs::write(&file, samples.to_string()).unwrap();
    let out = Command::new("node")
        .arg(&script)
        .arg(&file)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    eprintln!("{stdout}");
    assert!(
        stdout.contains("OK: the JavaScript Sandpit agrees"),
        "{stdout}"
    );
}
