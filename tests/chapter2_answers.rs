//! Numbers that chapter 2's prose states about the Sandpit and that no
//! snippet on the page checks: the signs of the readings, the step counts
//! of steepest descent in the first pit, Newton's overshoot, and what the
//! hard pits do to a fixed step. Each is computed here from the crate's
//! landscapes; the closed forms behind them (the stability limit
//! $\eta < 2/\lambda$, the Newton step) were checked independently.

use mvcalc::sandpit::{
    DescentStatus, Landscape, LandscapeKind, newton, steepest_descent,
};
use nalgebra::Vector2;

/// The largest and smallest depth reading on a grid of the pit, 5 cm apart.
fn reading_range(pit: &Landscape) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for i in 0..=120 {
        for j in 0..=120 {
            let d = pit
                .depth(i as f64 * 0.05, j as f64 * 0.05)
                .expect("inside the pit");
            lo = lo.min(d);
            hi = hi.max(d);
        }
    }
    (lo, hi)
}

#[test]
fn every_reading_of_the_first_pit_is_negative_and_other_pits_rise_above_the_rim()
 {
    let (_, highest) = reading_range(&Landscape::intro());
    assert!(highest < 0.0, "highest reading of the first pit: {highest}");
    for kind in [
        LandscapeKind::Random,
        LandscapeKind::MultipleMinima,
        LandscapeKind::Hard,
    ] {
        let positive = (0..20)
            .filter(|&seed| {
                reading_range(&Landscape::of_kind(kind, seed)).1 > 0.0
            })
            .count();
        assert!(positive > 0, "{kind:?}: no pit with a positive reading");
    }
}

#[test]
fn steepest_descent_in_the_first_pit_takes_the_steps_the_prose_gives() {
    let pit = Landscape::intro();
    let deepest = pit.deepest();
    // (step size, steps to converge, first step within 15 cm of the bottom)
    for (eta, steps, within) in [(0.25, 148, 58), (2.0, 12, 7), (4.0, 85, 10)] {
        let run = steepest_descent(&pit, &Vector2::new(1.0, 5.0), eta, 2000);
        assert_eq!(run.status(), DescentStatus::Converged, "eta {eta}");
        assert_eq!(run.steps(), steps, "eta {eta}");
        let first = run
            .path()
            .iter()
            .position(|p| deepest.distance_to(p.x, p.y) <= 0.15);
        assert_eq!(first, Some(within), "eta {eta}");
    }
    // From about 4.3 on it never settles: 2 / 0.470 = 4.26.
    for eta in [4.3, 4.5] {
        let run = steepest_descent(&pit, &Vector2::new(1.0, 5.0), eta, 2000);
        assert_eq!(run.status(), DescentStatus::MaxSteps, "eta {eta}");
    }
    let h = pit.hessian(deepest.x, deepest.y).expect("inside");
    let lambda = h.symmetric_eigenvalues();
    assert!(lambda.iter().all(|l| (l - 0.47).abs() < 0.006), "{lambda}");
}

#[test]
fn default_steps_are_those_the_prose_names() {
    assert_eq!(LandscapeKind::Intro.default_step(), 2.0);
    assert_eq!(LandscapeKind::Random.default_step(), 0.5);
    assert_eq!(LandscapeKind::MultipleMinima.default_step(), 0.2);
    assert_eq!(LandscapeKind::Hard.default_step(), 0.5);
}

#[test]
fn newton_from_4_5_3_5_overshoots_from_1_23_m_to_1_98_m() {
    let pit = Landscape::intro();
    let deepest = pit.deepest();
    let start = (4.5, 3.5);
    // The ground curves up in every direction at the start...
    let h = pit.hessian(start.0, start.1).expect("inside");
    assert!(h[(0, 0)] > 0.0 && h.determinant() > 0.0);
    assert!((deepest.distance_to(start.0, start.1) - 1.23).abs() < 0.005);
    // ...and Newton's one step lands 1.98 m away, where it does not.
    let run = newton(&pit, &Vector2::new(start.0, start.1), 20);
    assert_eq!(run.steps(), 1);
    assert_eq!(run.status(), DescentStatus::NotAMinimum);
    let (x, y) = (run.end().x, run.end().y);
    assert!((deepest.distance_to(x, y) - 1.98).abs() < 0.005);
    let h = pit.hessian(x, y).expect("inside");
    assert!(
        h.determinant() < 0.0,
        "the ground curves down one way there"
    );
    // Gently curved sides: both curvatures at the start are below those at
    // the bottom, so the fitted bowl is too wide.
    let bottom = pit.hessian(deepest.x, deepest.y).expect("inside");
    let side = pit.hessian(start.0, start.1).expect("inside");
    assert!(
        side.symmetric_eigenvalues().max()
            < bottom.symmetric_eigenvalues().min()
    );
}

#[test]
fn a_step_of_0_5_is_thrown_out_of_the_hard_pits_hole_and_newton_is_not() {
    let (mut lowest, mut highest) = (f64::INFINITY, 0.0_f64);
    let mut thrown = 0;
    let seeds = 0..200;
    let n = seeds.len();
    for seed in seeds {
        let pit = Landscape::hard(seed);
        let hole = pit.deepest();
        let h = pit.hessian(hole.x, hole.y).expect("inside");
        let lambda = h.symmetric_eigenvalues();
        lowest = lowest.min(lambda.min());
        highest = highest.max(lambda.max());
        // 5 cm from the bottom of the hole.
        let start = Vector2::new(hole.x + 0.03, hole.y + 0.04);
        let end = *steepest_descent(&pit, &start, 0.5, 2000).end();
        if hole.distance_to(end.x, end.y) > 0.5 {
            thrown += 1;
        }
        let run = newton(&pit, &start, 20);
        assert_eq!(run.status(), DescentStatus::Converged, "seed {seed}");
        assert!(run.steps() <= 3, "seed {seed}: {} steps", run.steps());
        let (x, y) = (run.end().x, run.end().y);
        assert!(hole.distance_to(x, y) < 1e-6, "seed {seed}");
    }
    // "between 16 and 42" (to the nearest whole number), so 2 / lambda is
    // at most 0.13.
    assert!(lowest >= 15.5 && highest < 42.5, "{lowest} to {highest}");
    assert!(2.0 / lowest <= 0.13);
    // "almost always".
    assert!(thrown >= n * 95 / 100, "{thrown} of {n}");
}

#[test]
fn the_hard_pits_hole_is_35_to_52_cm_across_at_half_its_depth() {
    // A Gaussian a e^{-r^2 / (2 s^2)} changes from curving up to curving
    // down at r = s, and is at half its depth at r = s sqrt(2 ln 2). So the
    // width s of the hole is measured where the ground along a line through
    // its bottom stops curving up, averaged over eight directions.
    let (mut narrowest, mut widest) = (f64::INFINITY, 0.0_f64);
    for seed in 0..200 {
        let pit = Landscape::hard(seed);
        let hole = pit.deepest();
        let mut sum = 0.0;
        for k in 0..8 {
            let a = f64::from(k) * std::f64::consts::FRAC_PI_4;
            let (ux, uy) = (a.cos(), a.sin());
            let curvature = |r: f64| {
                let h = pit
                    .hessian(hole.x + r * ux, hole.y + r * uy)
                    .expect("inside the pit");
                h[(0, 0)] * ux * ux
                    + 2.0 * h[(0, 1)] * ux * uy
                    + h[(1, 1)] * uy * uy
            };
            let mut r = 0.0;
            while curvature(r) > 0.0 {
                r += 5e-4;
            }
            sum += r;
        }
        let s = sum / 8.0;
        narrowest = narrowest.min(s);
        widest = widest.max(s);
    }
    // "s = 15 to 22 cm"...
    assert!(
        narrowest > 0.147 && widest < 0.223,
        "{narrowest} to {widest}"
    );
    // ..."about 35 to 52 cm across at half its depth".
    let half = 2.0 * (2.0 * std::f64::consts::LN_2).sqrt();
    assert!((half - 2.35).abs() < 0.005);
    let (a, b) = (half * narrowest, half * widest);
    assert!(
        (a - 0.35).abs() < 0.01 && (b - 0.52).abs() < 0.01,
        "{a} to {b}"
    );
}
