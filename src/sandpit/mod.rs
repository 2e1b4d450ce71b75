//! The Sandpit: a hidden landscape, a stick to dip into it, and the hunt for
//! its deepest point.
//!
//! A sandpit 6 m by 6 m has been raked into hollows and bumps that you cannot
//! see. Dip a stick at a point $(x, y)$ and you learn the depth reading there
//! and, in the default mode, the gradient; find the deepest point in as few
//! dips as you can.
//!
//! # Depths are heights
//!
//! The reading $d(x, y)$ is the **level of the sand** in metres relative to
//! the rim of the pit: $0$ at the rim, negative below it. So a reading of
//! $-1.2$ is deeper than $-0.5$, and **the deepest point is where $d$ is
//! smallest**. Finding it is a minimisation, exactly like training a machine
//! learning model by minimising its loss. The gradient $\nabla d$ points
//! uphill (the way the sand rises fastest) and $-\nabla d$ points
//! **downhill**; [`Landscape::downhill`] gives that direction as a unit
//! vector. Local minima of $d$ are the bottoms of hollows, where
//! $\nabla d = \mathbf{0}$ and the Hessian is positive definite.
//!
//! # The landscape
//!
//! Every pit is a gentle tilt plus a few Gaussian hollows ($a_i < 0$) and
//! bumps ($a_i > 0$),
//! $$d(x, y) = t_x (x - 3) + t_y (y - 3) + \sum_i a_i \exp\left(-\frac{(x - p_i)^2 + (y - q_i)^2}{2 s_i^2}\right),$$
//! with centres $(p_i, q_i)$ and widths $s_i$ drawn from a seeded
//! pseudo-random generator (mulberry32), so a seed always gives the same pit.
//! The widget in the book (`book/widgets/sandpit-core.js`) implements the
//! same generator and formulas in JavaScript, operation for operation, and
//! a test checks that both agree.
//!
//! ```
//! use mvcalc::sandpit::{Game, Landscape, Mode, Outcome};
//!
//! let pit = Landscape::intro();
//! let deepest = pit.deepest();
//! let mut game = Game::new(pit, Mode::Gradient, 20);
//! let first = game.dip(1.0, 1.0).unwrap();
//! assert_eq!(first.outcome, Outcome::Continue);
//! let second = game.dip(deepest.x, deepest.y).unwrap();
//! assert_eq!(second.outcome, Outcome::Won { dips: 2 });
//! ```
//!
//! # Any objective
//!
//! A [`Landscape`] is an [`Objective`](crate::objective::Objective) of two
//! variables with an exact [`Hessian`](crate::objective::Hessian), and the
//! automatic players, [`steepest_descent`] and [`newton`], take any such
//! objective, of any dimension: the same descent that plays the game
//! minimises a formula or a model's cost.

// Where things are, named by the mathematics they hold:
//
// - landscape.rs: a pit's depth formula and its exact gradient and Hessian;
// - kinds.rs: the four kinds of pit and the seeded generators that draw them;
// - random.rs: the pseudo-random generator (mulberry32) behind the seeds;
// - minima.rs: the search for every local minimum and the deepest point;
// - rules.rs: the game (dips, modes, outcomes);
// - strategies.rs: the automatic players, steepest descent and Newton's
//   method on any objective, and the step size each kind of pit starts
//   with.

mod kinds;
mod landscape;
mod minima;
mod random;
mod rules;
mod strategies;

pub use kinds::{LandscapeKind, ParseKindError};
pub use landscape::{Landscape, Minimum};
pub use rules::{Dip, Game, Mode, Outcome};
pub use strategies::{
    Descent, DescentStatus, ParseStatusError, newton, steepest_descent,
};

use crate::readable::Num;
use std::fmt;

/// The side of the square pit in metres: points $(x, y)$ with
/// $0 \le x \le 6$ and $0 \le y \le 6$ are inside.
pub const PIT_SIZE: f64 = 6.0;

/// A dip at most this far (in metres) from the deepest point wins.
pub const WIN_DISTANCE: f64 = 0.15;

/// The automatic players ([`steepest_descent`] and [`newton`]) have
/// converged when the length of the gradient, $\lVert \nabla d \rVert$, is
/// at most this (metres of depth per metre).
pub const GRADIENT_TOLERANCE: f64 = 1e-6;

/// Why the sandpit could not do what was asked.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SandpitError {
    /// The point is outside the pit, or not a finite number.
    OutsidePit {
        /// The $x$ that was asked for.
        x: f64,
        /// The $y$ that was asked for.
        y: f64,
    },
    /// The game is over: it was won, or every dip has been used.
    GameOver {
        /// Whether the game ended with a win.
        won: bool,
        /// How many dips were used.
        dips: usize,
    },
}

impl fmt::Display for SandpitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SandpitError::OutsidePit { x, y } => write!(
                f,
                "({}, {}) is outside the sandpit, which spans 0..6 m in x and y: \
                 dip at a point with 0 <= x <= 6 and 0 <= y <= 6",
                Num(*x),
                Num(*y)
            ),
            SandpitError::GameOver { won: true, dips } => write!(
                f,
                "the game is over: you found the deepest point in {dips} dips; \
                 start a new game to play again"
            ),
            SandpitError::GameOver {
                won: false,
                dips: 0,
            } => write!(
                f,
                "this game allows no dips at all (its limit is 0): \
                 start a new game with a limit of at least 1"
            ),
            SandpitError::GameOver { won: false, dips } => write!(
                f,
                "the game is over: all {dips} dips are used; start a new game to play again"
            ),
        }
    }
}

impl std::error::Error for SandpitError {}

/// Checks that $(x, y)$ is a finite point inside the pit.
fn check_inside(x: f64, y: f64) -> Result<(), SandpitError> {
    if (0.0..=PIT_SIZE).contains(&x) && (0.0..=PIT_SIZE).contains(&y) {
        Ok(())
    } else {
        Err(SandpitError::OutsidePit { x, y })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_messages_say_what_to_do() {
        let e = Landscape::intro().depth(f64::NAN, 1.0).unwrap_err();
        assert!(e.to_string().contains("0..6 m in x and y"), "{e}");
        let e = Landscape::intro().depth(1e300, -1e-9).unwrap_err();
        assert!(
            e.to_string().starts_with("(1e300, -1e-9) is outside"),
            "{e}"
        );
        let mut game = Game::new(Landscape::intro(), Mode::Gradient, 0);
        let e = game.dip(1.0, 1.0).unwrap_err();
        assert!(e.to_string().contains("at least 1"), "{e}");
    }
}
