//! The game: dips, the two modes, and what each dip means.

use super::{Landscape, SandpitError, WIN_DISTANCE};
use nalgebra::Vector2;

/// Whether the game shows the gradient with each dip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mode {
    /// Each dip reports the depth reading and the gradient $\nabla d$.
    Gradient,
    /// Each dip reports the depth reading only.
    DepthOnly,
}

/// What a dip meant for the game.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Outcome {
    /// Nothing special: keep dipping.
    Continue,
    /// The dip was within [`WIN_DISTANCE`] of the deepest point: the game
    /// is won, in `dips` dips.
    Won {
        /// How many dips it took, this one included.
        dips: usize,
    },
    /// The dip was within [`WIN_DISTANCE`] of a local minimum that is not
    /// the deepest: near the bottom of another hollow (where the ground
    /// need not be level: 0.15 m up the side of a narrow hollow it may
    /// still slope). The game goes on.
    LocalMinimum {
        /// How far the deepest point is from the dip, in metres.
        distance_to_deepest: f64,
    },
    /// That was the last dip allowed, and it did not win: the game is over.
    OutOfDips,
}

/// One dip of the stick: where, what it read, and what it meant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dip {
    /// The dip's number, counting from 1: the number of dips used so far,
    /// this one included.
    pub number: usize,
    /// Where, across the pit (metres).
    pub x: f64,
    /// Where, along the pit (metres).
    pub y: f64,
    /// The depth reading (metres; negative below the rim).
    pub depth: f64,
    /// The gradient $\nabla d$ (pointing uphill) in [`Mode::Gradient`];
    /// `None` in [`Mode::DepthOnly`].
    pub gradient: Option<Vector2<f64>>,
    /// What the dip meant for the game.
    pub outcome: Outcome,
}

/// A game of Sandpit: a hidden landscape, a mode, and a limit on dips.
///
/// The rules: a dip within [`WIN_DISTANCE`] (0.15 m) of the deepest point
/// wins; a dip within 0.15 m of a different local minimum is told so (and
/// the game goes on); the last dip allowed that does not win ends the game.
/// A dip outside the pit is refused and does not count.
#[derive(Debug, Clone, PartialEq)]
pub struct Game {
    landscape: Landscape,
    mode: Mode,
    max_dips: usize,
    dips: Vec<Dip>,
}

impl Game {
    /// A new game on `landscape`, allowing at most `max_dips` dips.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{Game, Landscape, Mode};
    ///
    /// let game = Game::new(Landscape::random(1), Mode::DepthOnly, 10);
    /// assert_eq!(game.dips_left(), 10);
    /// assert!(!game.is_over());
    /// ```
    pub fn new(landscape: Landscape, mode: Mode, max_dips: usize) -> Game {
        Game {
            landscape,
            mode,
            max_dips,
            dips: Vec::new(),
        }
    }

    /// Dips the stick at $(x, y)$ and reports the depth reading, the
    /// gradient (in [`Mode::Gradient`]) and what the dip meant: see
    /// [`Outcome`] and the rules at [`Game`].
    ///
    /// # Errors
    ///
    /// - [`SandpitError::OutsidePit`] when $(x, y)$ is outside the pit or not
    ///   finite; the dip does not count.
    /// - [`SandpitError::GameOver`] once the game has been won or every dip
    ///   is used.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{Game, Landscape, Mode, Outcome};
    ///
    /// let pit = Landscape::intro();
    /// let m = pit.deepest();
    /// let mut game = Game::new(pit, Mode::Gradient, 3);
    /// let dip = game.dip(0.5, 5.5).unwrap();
    /// assert_eq!(dip.number, 1);
    /// assert!(dip.gradient.is_some());
    /// // 0.1 m from the deepest point is close enough.
    /// let dip = game.dip(m.x + 0.1, m.y).unwrap();
    /// assert_eq!(dip.outcome, Outcome::Won { dips: 2 });
    /// assert!(game.dip(1.0, 1.0).is_err());
    /// ```
    // ANCHOR: game_dip
    pub fn dip(&mut self, x: f64, y: f64) -> Result<Dip, SandpitError> {
        // No dips after a win, or beyond the limit.
        let won = self.has_won();
        if won || self.dips.len() >= self.max_dips {
            return Err(SandpitError::GameOver {
                won,
                dips: self.dips.len(),
            });
        }
        let depth = self.landscape.depth(x, y)?;
        let gradient = match self.mode {
            Mode::Gradient => Some(self.landscape.gradient(x, y)?),
            Mode::DepthOnly => None,
        };
        let number = self.dips.len() + 1;
        let minima = self.landscape.local_minima();
        let distance_to_deepest = minima[0].distance_to(x, y);
        let near_other = minima[1..]
            .iter()
            .any(|m| m.distance_to(x, y) <= WIN_DISTANCE);
        let outcome = if distance_to_deepest <= WIN_DISTANCE {
            Outcome::Won { dips: number }
        } else if number == self.max_dips {
            Outcome::OutOfDips
        } else if near_other {
            Outcome::LocalMinimum {
                distance_to_deepest,
            }
        } else {
            Outcome::Continue
        };
        let dip = Dip {
            number,
            x,
            y,
            depth,
            gradient,
            outcome,
        };
        self.dips.push(dip);
        Ok(dip)
    }
    // ANCHOR_END: game_dip

    /// Every dip so far, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{Game, Landscape, Mode};
    ///
    /// let mut game = Game::new(Landscape::intro(), Mode::Gradient, 5);
    /// game.dip(1.0, 2.0).unwrap();
    /// game.dip(2.0, 2.0).unwrap();
    /// assert_eq!(game.dips().len(), 2);
    /// assert_eq!(game.dips()[1].x, 2.0);
    /// ```
    pub fn dips(&self) -> &[Dip] {
        &self.dips
    }

    /// The hidden landscape.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{Game, Landscape, Mode};
    ///
    /// let game = Game::new(Landscape::hard(2), Mode::Gradient, 5);
    /// assert_eq!(game.landscape().name(), "hard pit 2");
    /// ```
    pub fn landscape(&self) -> &Landscape {
        &self.landscape
    }

    /// Whether dips show the gradient.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{Game, Landscape, Mode};
    ///
    /// let game = Game::new(Landscape::intro(), Mode::DepthOnly, 5);
    /// assert_eq!(game.mode(), Mode::DepthOnly);
    /// ```
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The limit on dips this game was started with.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{Game, Landscape, Mode};
    ///
    /// assert_eq!(Game::new(Landscape::intro(), Mode::Gradient, 7).max_dips(), 7);
    /// ```
    pub fn max_dips(&self) -> usize {
        self.max_dips
    }

    /// How many more dips are allowed (0 once the game is over).
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{Game, Landscape, Mode};
    ///
    /// let mut game = Game::new(Landscape::intro(), Mode::Gradient, 7);
    /// game.dip(1.0, 1.0).unwrap();
    /// assert_eq!(game.dips_left(), 6);
    /// ```
    pub fn dips_left(&self) -> usize {
        if self.has_won() {
            0
        } else {
            self.max_dips.saturating_sub(self.dips.len())
        }
    }

    /// Whether the deepest point has been found.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{Game, Landscape, Mode};
    ///
    /// let pit = Landscape::intro();
    /// let m = pit.deepest();
    /// let mut game = Game::new(pit, Mode::Gradient, 7);
    /// game.dip(m.x, m.y).unwrap();
    /// assert!(game.has_won() && game.is_over());
    /// ```
    pub fn has_won(&self) -> bool {
        self.dips
            .last()
            .is_some_and(|d| matches!(d.outcome, Outcome::Won { .. }))
    }

    /// Whether the game is over: won, or every dip used.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{Game, Landscape, Mode, Outcome};
    ///
    /// let mut game = Game::new(Landscape::intro(), Mode::Gradient, 1);
    /// assert_eq!(game.dip(0.5, 0.5).unwrap().outcome, Outcome::OutOfDips);
    /// assert!(game.is_over() && !game.has_won());
    /// ```
    pub fn is_over(&self) -> bool {
        self.has_won() || self.dips.len() >= self.max_dips
    }
}
