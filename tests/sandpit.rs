//! The Sandpit: the rules of the game, the minima search against an
//! independent brute-force search, the exact gradient and Hessian against
//! finite differences, honest statuses from the automatic players, property
//! tests over seeds, and agreement with the widget's JavaScript.

use mvcalc::sandpit::{
    DescentStatus, GRADIENT_TOLERANCE, Game, Landscape, LandscapeKind, Minimum,
    Mode, Outcome, PIT_SIZE, SandpitError, WIN_DISTANCE, agreement_samples,
    newton, steepest_descent,
};
use nalgebra::{Matrix2, Vector2};
use proptest::prelude::*;
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
        let run = steepest_descent(&l, start, 0.5, 5000);
        assert_eq!(run.status, DescentStatus::Converged, "from {start:?}");
        let (x, y) = run.end();
        assert!(m.distance_to(x, y) < 1e-4);
    }
}

/// The number of steps after which a descent's path first comes within the
/// winning distance of the deepest point (`None` if it never does).
fn steps_to_win(
    l: &Landscape,
    run: &mvcalc::sandpit::Descent,
) -> Option<usize> {
    let m = l.deepest();
    run.path
        .iter()
        .position(|&(x, y)| m.distance_to(x, y) <= WIN_DISTANCE)
}

#[test]
fn the_default_step_wins_the_intro_pit_within_the_books_20_dips() {
    // The book's game allows 20 dips: the start and 19 steps.
    let l = Landscape::intro();
    let eta = LandscapeKind::Intro.default_step();
    let run = steepest_descent(&l, (1.0, 5.0), eta, 2000);
    assert_eq!(run.status, DescentStatus::Converged);
    let won =
        steps_to_win(&l, &run).expect("the path reaches the deepest point");
    assert!(won <= 19, "{won} steps to come within 0.15 m");
    assert!(run.steps() <= 19, "{} steps to converge", run.steps());
    // The step it replaces was far too timid for this bowl.
    let timid = steepest_descent(&l, (1.0, 5.0), 0.25, 2000);
    assert!(steps_to_win(&l, &timid).is_some_and(|n| n > 19));
    // And from every start on a coarse grid, the default converges quickly.
    for i in 0..=6 {
        for j in 0..=6 {
            let start = (f64::from(i), f64::from(j));
            let run = steepest_descent(&l, start, eta, 2000);
            assert_eq!(run.status, DescentStatus::Converged, "from {start:?}");
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
                let run = steepest_descent(&l, start, eta, 2000);
                total += 1;
                if run.status == DescentStatus::Converged {
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
            let fd_gx = derivative(|t| depth(t, y), x);
            let fd_gy = derivative(|t| depth(x, t), y);
            let fd_hxx = derivative(|t| grad(t, y).x, x);
            let fd_hxy = derivative(|t| grad(x, t).x, y);
            let fd_hyx = derivative(|t| grad(t, y).y, x);
            let fd_hyy = derivative(|t| grad(x, t).y, y);
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
        let run = newton(&l, (x + 0.01, y - 0.01), 50);
        assert_eq!(run.status, DescentStatus::NotAMinimum, "{}", l.name());
        assert_eq!(run.steps(), 0);
        // Steepest descent from the saddle itself cannot move, and says so.
        let run = steepest_descent(&l, (x, y), 0.1, 100);
        assert_eq!(run.status, DescentStatus::NotAMinimum, "{}", l.name());
        saddles += 1;
    }
    assert!(saddles >= 10, "only {saddles} saddles found");
    // The top of a lone bump is a maximum.
    let l = Landscape::intro();
    let m = l.deepest();
    assert_eq!(
        newton(&l, (6.0, 6.0), 10).status,
        DescentStatus::NotAMinimum
    );
    assert_eq!(newton(&l, (m.x, m.y), 10).status, DescentStatus::Converged);
}

#[test]
fn a_huge_step_never_claims_convergence() {
    for l in pits(0..20) {
        for start in [(1.0, 1.0), (5.0, 2.0), (2.5, 5.5)] {
            let run = steepest_descent(&l, start, 40.0, 200);
            assert_ne!(run.status, DescentStatus::Converged, "{}", l.name());
            assert!(matches!(
                run.status,
                DescentStatus::LeftThePit
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
        let run = steepest_descent(&l, (1.0, 1.0), step, 10);
        assert_eq!(run.status, DescentStatus::InvalidInput);
        assert_eq!(run.steps(), 0);
    }
    for start in [(-1.0, 1.0), (1.0, 7.0), (f64::NAN, 1.0)] {
        assert_eq!(
            steepest_descent(&l, start, 0.1, 10).status,
            DescentStatus::InvalidInput
        );
        assert_eq!(newton(&l, start, 10).status, DescentStatus::InvalidInput);
    }
    // No steps allowed: converged only if already there.
    let m = l.deepest();
    assert_eq!(
        steepest_descent(&l, (1.0, 1.0), 0.1, 0).status,
        DescentStatus::MaxSteps
    );
    assert_eq!(
        steepest_descent(&l, (m.x, m.y), 0.1, 0).status,
        DescentStatus::Converged
    );
    assert!(!DescentStatus::MaxSteps.to_string().is_empty());
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
            let run = steepest_descent(&l, (x, y), 0.02, 20_000);
            if run.status == DescentStatus::Converged {
                total += 1;
                let (ex, ey) = run.end();
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
    run: &mvcalc::sandpit::Descent,
    next: impl Fn((f64, f64)) -> (f64, f64),
) {
    let (x, y) = run.end();
    match run.status {
        DescentStatus::Converged => {
            assert!(l.gradient(x, y).unwrap().norm() <= GRADIENT_TOLERANCE);
            assert!(is_positive_definite(&l.hessian(x, y).unwrap()));
        }
        DescentStatus::MaxSteps => {
            assert!(l.gradient(x, y).unwrap().norm() > GRADIENT_TOLERANCE);
        }
        DescentStatus::LeftThePit => {
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
    }
    for &(px, py) in &run.path {
        assert!(l.depth(px, py).is_ok());
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
        for m in &minima {
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
        let run = steepest_descent(&l, (x, y), step, max_steps);
        prop_assert!(run.steps() <= max_steps);
        honest(&l, &run, |(px, py)| {
            let g = l.gradient(px, py).unwrap();
            (px - step * g.x, py - step * g.y)
        });
        let run = newton(&l, (x, y), max_steps.min(60));
        prop_assert!(run.steps() <= max_steps.min(60));
        honest(&l, &run, |(px, py)| {
            let step = l.hessian(px, py).unwrap().try_inverse().unwrap() * l.gradient(px, py).unwrap();
            (px - step.x, py - step.y)
        });
    }
}

// ------------------------------------------------ agreement with the widget

#[test]
fn agreement_samples_cover_every_kind_and_are_well_formed() {
    let json = agreement_samples(0..3, 5);
    for kind in LandscapeKind::ALL {
        assert!(json.contains(&format!("\"kind\":\"{}\"", kind.as_str())));
    }
    assert_eq!(json.matches("\"kind\":").count(), 10);
    // 5 random points, 4 corners and 2 outside, for each of the 10 pits.
    assert_eq!(json.matches("\"hessian\":").count(), 90);
    assert_eq!(json.matches("\"outside\":true").count(), 20);
    let opens = json.matches(['{', '[']).count();
    let closes = json.matches(['}', ']']).count();
    assert_eq!(opens, closes);
    assert!(!json.contains("NaN") && !json.contains("inf"));
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
    std::fs::write(&file, agreement_samples(0..40, 12)).unwrap();
    let out = Command::new("node")
        .arg(&script)
        .arg(&file)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("OK: the JavaScript Sandpit agrees"),
        "{stdout}"
    );
}

/// The finite-difference derivative, NaN where it cannot be estimated (a
/// comparison with NaN fails, so a failure shows as a mismatch).
fn derivative(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    mvcalc::numeric::derivative(f, x).unwrap_or(f64::NAN)
}
