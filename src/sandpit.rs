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
//! a test checks that both agree (see [`agreement_samples`]).
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

use nalgebra::{Matrix2, Vector2};
use std::fmt;
use std::fmt::Write as _;
use std::ops::Range;

/// The side of the square pit in metres: points $(x, y)$ with
/// $0 \le x \le 6$ and $0 \le y \le 6$ are inside.
pub const PIT_SIZE: f64 = 6.0;

/// A dip at most this far (in metres) from the deepest point wins.
pub const WIN_DISTANCE: f64 = 0.15;

/// The automatic players ([`steepest_descent`] and [`newton`]) have
/// converged when the length of the gradient, $\lVert \nabla d \rVert$, is
/// at most this (metres of depth per metre).
pub const GRADIENT_TOLERANCE: f64 = 1e-6;

/// The minima search samples the pit on a grid of this many points along
/// each side (spacing $6 / 120 = 0.05$ m) before refining.
pub const GRID_POINTS: usize = 121;

/// Why the sandpit could not do what was asked.
#[derive(Debug, Clone, PartialEq)]
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
                "({x}, {y}) is outside the sandpit, which spans 0..6 m in x and y: \
                 dip at a point with 0 <= x <= 6 and 0 <= y <= 6"
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

/// The mulberry32 generator: 32-bit state, wrapping arithmetic, the same
/// numbers as the JavaScript version with `Math.imul` and `>>> 0`.
#[derive(Debug, Clone)]
struct Mulberry32 {
    state: u32,
}

impl Mulberry32 {
    fn new(seed: u32) -> Mulberry32 {
        Mulberry32 { state: seed }
    }

    fn next_u32(&mut self) -> u32 {
        self.state = self.state.wrapping_add(0x6D2B_79F5);
        let mut t = self.state;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t = t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61)) ^ t;
        t ^ (t >> 14)
    }

    /// Uniform in $[0, 1)$.
    fn unit(&mut self) -> f64 {
        f64::from(self.next_u32()) / 4_294_967_296.0
    }

    /// Uniform in $[lo, hi)$.
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
}

/// Which family a [`Landscape`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LandscapeKind {
    /// [`Landscape::intro`]: one smooth bowl, off centre.
    Intro,
    /// [`Landscape::random`]: a few hollows and bumps on a tilt, usually
    /// one clear minimum.
    Random,
    /// [`Landscape::multiple_minima`]: several separate hollows.
    MultipleMinima,
    /// [`Landscape::hard`]: a narrow deep hole hidden among broad shallow
    /// hollows.
    Hard,
}

impl LandscapeKind {
    /// Every kind, in the order of the book.
    pub const ALL: [LandscapeKind; 4] = [
        LandscapeKind::Intro,
        LandscapeKind::Random,
        LandscapeKind::MultipleMinima,
        LandscapeKind::Hard,
    ];

    /// The short name the widget uses in `data-landscape`: `intro`,
    /// `random`, `multiple` or `hard`.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::LandscapeKind;
    ///
    /// assert_eq!(LandscapeKind::MultipleMinima.as_str(), "multiple");
    /// assert_eq!(LandscapeKind::from_name("hard"), Some(LandscapeKind::Hard));
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            LandscapeKind::Intro => "intro",
            LandscapeKind::Random => "random",
            LandscapeKind::MultipleMinima => "multiple",
            LandscapeKind::Hard => "hard",
        }
    }

    /// The kind with the short name `name` (see [`LandscapeKind::as_str`]),
    /// or `None` for any other name.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::LandscapeKind;
    ///
    /// assert_eq!(LandscapeKind::from_name("intro"), Some(LandscapeKind::Intro));
    /// assert_eq!(LandscapeKind::from_name("volcano"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<LandscapeKind> {
        LandscapeKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The step size $\eta$ that steepest descent starts with on a pit of
    /// this kind, in the widget and the example program: 2 for the
    /// introductory pit, 0.5 for random and hard pits, 0.2 for pits with
    /// several hollows.
    ///
    /// A step $\mathbf{x}_{k+1} = \mathbf{x}_k - \eta \nabla d$ settles into
    /// a hollow whose bottom curves by at most $\lambda$ (the largest
    /// eigenvalue of the Hessian there) only if $\eta < 2 / \lambda$, and
    /// moves fastest with $\eta$ near $1 / \lambda$. The introductory bowl
    /// curves by $\lambda \approx 0.47$ at its bottom, so $\eta = 2$ is
    /// close to the fastest: from $(1, 5)$ it comes within [`WIN_DISTANCE`]
    /// of the deepest point well inside the 20 dips the book's game allows. The other kinds
    /// have narrower hollows, so smaller steps: each default is below
    /// $2 / \lambda$ at every local minimum of its kind, except the narrow
    /// hole of a hard pit, which no fixed step that is quick in the broad
    /// hollows can settle into.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{DescentStatus, Landscape, LandscapeKind, steepest_descent};
    ///
    /// let eta = LandscapeKind::Intro.default_step();
    /// let run = steepest_descent(&Landscape::intro(), (1.0, 5.0), eta, 100);
    /// assert_eq!(run.status, DescentStatus::Converged);
    /// assert!(run.steps() <= 20);
    /// ```
    pub fn default_step(self) -> f64 {
        match self {
            LandscapeKind::Intro => 2.0,
            LandscapeKind::Random | LandscapeKind::Hard => 0.5,
            LandscapeKind::MultipleMinima => 0.2,
        }
    }
}

/// A local minimum of the depth reading: the bottom of a hollow.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Minimum {
    /// Where it is across the pit, in metres.
    pub x: f64,
    /// Where it is along the pit, in metres.
    pub y: f64,
    /// The depth reading there (negative: metres below the rim).
    pub depth: f64,
}

impl Minimum {
    /// The distance in metres from this minimum to the point $(x, y)$,
    /// $\sqrt{(x - x_m)^2 + (y - y_m)^2}$.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::Minimum;
    ///
    /// let m = Minimum { x: 1.0, y: 1.0, depth: -0.5 };
    /// assert_eq!(m.distance_to(4.0, 5.0), 5.0);
    /// ```
    pub fn distance_to(&self, x: f64, y: f64) -> f64 {
        let dx = x - self.x;
        let dy = y - self.y;
        (dx * dx + dy * dy).sqrt()
    }

    /// Whether the minimum lies on the edge of the pit (where the ground
    /// would go on falling outside it) rather than at the bottom of a
    /// hollow.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::Landscape;
    ///
    /// assert!(!Landscape::intro().deepest().on_edge());
    /// ```
    pub fn on_edge(&self) -> bool {
        self.x <= 0.0 || self.x >= PIT_SIZE || self.y <= 0.0 || self.y >= PIT_SIZE
    }
}

/// One Gaussian hollow ($a < 0$) or bump ($a > 0$) centred at $(p, q)$
/// with width $s$.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bump {
    p: f64,
    q: f64,
    a: f64,
    s: f64,
}

/// A hidden sandpit: a smooth closed-form depth reading $d(x, y)$ on
/// $0 \le x, y \le 6$ (metres), with its local minima found once, when it
/// is made.
///
/// See the [module documentation](self) for the formula and the sign
/// convention: readings are heights, negative below the rim, and the
/// deepest point is the smallest reading.
#[derive(Debug, Clone, PartialEq)]
pub struct Landscape {
    kind: LandscapeKind,
    seed: Option<u32>,
    tilt: (f64, f64),
    bumps: Vec<Bump>,
    /// Deepest first.
    minima: Vec<Minimum>,
}

/// How many times a generator may redraw a pit that fails its checks
/// before it falls back to the introductory pit.
const MAX_ATTEMPTS: usize = 200;

/// Salts mixed into the seed so that, say, `random(7)` and `hard(7)` do not
/// share their random numbers.
const SALT_RANDOM: u32 = 0x5EED_0001;
const SALT_MULTIPLE: u32 = 0x5EED_0002;
const SALT_HARD: u32 = 0x5EED_0003;

/// What the minima search found.
struct Search {
    /// Deepest first: every verified interior minimum, and the lowest point
    /// of the pit if that is on its edge.
    minima: Vec<Minimum>,
    /// The highest grid sample.
    grid_highest: f64,
    /// Whether the deepest minimum is at least as deep as every grid sample.
    consistent: bool,
}

impl Landscape {
    /// The introductory pit: one smooth, slightly oval bowl, off centre,
    /// with its bottom near $(3.85, 2.45)$. Every downhill path leads to it.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::Landscape;
    ///
    /// let pit = Landscape::intro();
    /// assert_eq!(pit.local_minima().len(), 1);
    /// let deepest = pit.deepest();
    /// assert!((deepest.x - 3.85).abs() < 0.2 && (deepest.y - 2.45).abs() < 0.2);
    /// assert!(deepest.depth < -1.0);
    /// ```
    pub fn intro() -> Landscape {
        Landscape::build(
            LandscapeKind::Intro,
            None,
            (0.0, 0.0),
            vec![
                Bump {
                    p: 3.9,
                    q: 2.4,
                    a: -0.9,
                    s: 1.5,
                },
                Bump {
                    p: 3.5,
                    q: 2.8,
                    a: -0.35,
                    s: 2.2,
                },
            ],
        )
    }

    /// A seeded random pit: a main hollow and two to four smaller hollows
    /// and bumps on a gentle tilt, usually with one clear minimum (about
    /// two pits in three have a single local minimum; the others have a
    /// shallower second hollow or two).
    ///
    /// Every pit passes the checks described at [`Landscape::local_minima`]
    /// (a deepest point well inside the pit and clearly deeper than any
    /// other minimum); a draw that fails them is redrawn from the same
    /// random stream, so the seed still decides the pit.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{Landscape, LandscapeKind};
    ///
    /// let pit = Landscape::random(7);
    /// assert_eq!(pit, Landscape::random(7));
    /// assert_ne!(pit, Landscape::random(8));
    /// assert_eq!(pit.kind(), LandscapeKind::Random);
    /// let deepest = pit.deepest();
    /// assert!(deepest.x > 0.4 && deepest.x < 5.6);
    /// ```
    pub fn random(seed: u32) -> Landscape {
        Landscape::generate(LandscapeKind::Random, seed).0
    }

    /// A seeded pit with several separate hollows: three or four hollows at
    /// least 1.7 m apart and a bump or two, with at least two genuine local
    /// minima inside the pit (zero gradient, positive definite Hessian), at
    /// least 0.5 m apart.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::Landscape;
    ///
    /// let pit = Landscape::multiple_minima(3);
    /// let minima = pit.local_minima();
    /// assert!(minima.len() >= 2);
    /// assert!(minima.iter().all(|m| !m.on_edge()));
    /// ```
    pub fn multiple_minima(seed: u32) -> Landscape {
        Landscape::generate(LandscapeKind::MultipleMinima, seed).0
    }

    /// A seeded hard pit: a narrow deep hole (width 0.15 to 0.22 m) hidden
    /// at least 1.1 m away from the centres of four or five broad, shallow
    /// hollows. Downhill from most places leads into a broad hollow, a
    /// local minimum that is not the deepest; the hole is at least 0.1 m
    /// deeper than any other minimum.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::Landscape;
    ///
    /// let pit = Landscape::hard(1);
    /// let minima = pit.local_minima();
    /// assert!(minima.len() >= 2);
    /// assert!(minima[1].depth - minima[0].depth >= 0.1);
    /// ```
    pub fn hard(seed: u32) -> Landscape {
        Landscape::generate(LandscapeKind::Hard, seed).0
    }

    /// The pit of kind `kind` with seed `seed` (ignored for
    /// [`LandscapeKind::Intro`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{Landscape, LandscapeKind};
    ///
    /// assert_eq!(Landscape::of_kind(LandscapeKind::Hard, 5), Landscape::hard(5));
    /// assert_eq!(Landscape::of_kind(LandscapeKind::Intro, 5), Landscape::intro());
    /// ```
    pub fn of_kind(kind: LandscapeKind, seed: u32) -> Landscape {
        match kind {
            LandscapeKind::Intro => Landscape::intro(),
            _ => Landscape::generate(kind, seed).0,
        }
    }

    /// Which family the pit comes from.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{Landscape, LandscapeKind};
    ///
    /// assert_eq!(Landscape::intro().kind(), LandscapeKind::Intro);
    /// ```
    pub fn kind(&self) -> LandscapeKind {
        self.kind
    }

    /// The seed the pit was made from (`None` for the introductory pit).
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::Landscape;
    ///
    /// assert_eq!(Landscape::hard(9).seed(), Some(9));
    /// assert_eq!(Landscape::intro().seed(), None);
    /// ```
    pub fn seed(&self) -> Option<u32> {
        self.seed
    }

    /// A name for people: `"introductory pit"`, `"random pit 7"`,
    /// `"pit with several hollows 7"` or `"hard pit 7"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::Landscape;
    ///
    /// assert_eq!(Landscape::random(7).name(), "random pit 7");
    /// assert_eq!(Landscape::intro().name(), "introductory pit");
    /// ```
    pub fn name(&self) -> String {
        let seed = self.seed.unwrap_or(0);
        match self.kind {
            LandscapeKind::Intro => "introductory pit".to_string(),
            LandscapeKind::Random => format!("random pit {seed}"),
            LandscapeKind::MultipleMinima => format!("pit with several hollows {seed}"),
            LandscapeKind::Hard => format!("hard pit {seed}"),
        }
    }

    /// The depth reading at $(x, y)$, in metres relative to the rim
    /// (negative below it; the deepest point has the smallest reading):
    /// $$d(x, y) = t_x (x - 3) + t_y (y - 3) + \sum_i a_i \exp\left(-\frac{(x - p_i)^2 + (y - q_i)^2}{2 s_i^2}\right).$$
    ///
    /// # Errors
    ///
    /// [`SandpitError::OutsidePit`] when $(x, y)$ is not a finite point with
    /// $0 \le x \le 6$ and $0 \le y \le 6$.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::Landscape;
    ///
    /// let pit = Landscape::intro();
    /// let bottom = pit.deepest();
    /// // Every other reading is higher (less negative) than the bottom's.
    /// assert!(pit.depth(1.0, 5.0).unwrap() > bottom.depth);
    /// assert!(pit.depth(7.0, 1.0).is_err());
    /// ```
    // ANCHOR: depth
    pub fn depth(&self, x: f64, y: f64) -> Result<f64, SandpitError> {
        check_inside(x, y)?;
        Ok(self.depth_at(x, y))
    }

    fn depth_at(&self, x: f64, y: f64) -> f64 {
        // A gentle tilt about the centre of the pit...
        let mut d = self.tilt.0 * (x - 3.0) + self.tilt.1 * (y - 3.0);
        // ...plus a Gaussian hollow (a < 0) or bump (a > 0) for each feature.
        for b in &self.bumps {
            let dx = x - b.p;
            let dy = y - b.q;
            d += b.a * (-(dx * dx + dy * dy) / (2.0 * b.s * b.s)).exp();
        }
        d
    }
    // ANCHOR_END: depth

    /// The gradient of the depth reading, exact (by differentiating the
    /// formula), in metres of depth per metre:
    /// $$\nabla d = \begin{pmatrix} t_x \\ t_y \end{pmatrix} - \sum_i \frac{a_i e_i}{s_i^2} \begin{pmatrix} x - p_i \\ y - q_i \end{pmatrix}, \qquad e_i = \exp\left(-\frac{(x - p_i)^2 + (y - q_i)^2}{2 s_i^2}\right).$$
    ///
    /// Readings are heights, so $\nabla d$ points **uphill**, the way the
    /// sand rises fastest; downhill is $-\nabla d$ (see
    /// [`Landscape::downhill`]).
    ///
    /// # Errors
    ///
    /// [`SandpitError::OutsidePit`] when $(x, y)$ is outside the pit or not
    /// finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::Landscape;
    ///
    /// let pit = Landscape::intro();
    /// let bottom = pit.deepest();
    /// // Zero at the bottom of the bowl...
    /// assert!(pit.gradient(bottom.x, bottom.y).unwrap().norm() < 1e-9);
    /// // ...and uphill elsewhere: away from the bottom, which lies to the east.
    /// assert!(pit.gradient(1.0, bottom.y).unwrap().x < 0.0);
    /// ```
    // ANCHOR: gradient
    pub fn gradient(&self, x: f64, y: f64) -> Result<Vector2<f64>, SandpitError> {
        check_inside(x, y)?;
        Ok(self.gradient_at(x, y))
    }

    fn gradient_at(&self, x: f64, y: f64) -> Vector2<f64> {
        // The tilt's slope is the same everywhere.
        let mut g = Vector2::new(self.tilt.0, self.tilt.1);
        for b in &self.bumps {
            let dx = x - b.p;
            let dy = y - b.q;
            let e = b.a * (-(dx * dx + dy * dy) / (2.0 * b.s * b.s)).exp();
            // The chain rule on exp(-r^2 / (2 s^2)): times -(x - p) / s^2.
            let k = e / (b.s * b.s);
            g.x -= k * dx;
            g.y -= k * dy;
        }
        g
    }
    // ANCHOR_END: gradient

    /// The unit vector pointing downhill at $(x, y)$,
    /// $-\nabla d / \lVert \nabla d \rVert$: the way the sand falls
    /// fastest. Where the ground is exactly level ($\nabla d = \mathbf{0}$)
    /// there is no downhill, and the result is the zero vector.
    ///
    /// # Errors
    ///
    /// [`SandpitError::OutsidePit`] when $(x, y)$ is outside the pit or not
    /// finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::Landscape;
    ///
    /// let pit = Landscape::intro();
    /// let down = pit.downhill(1.0, 2.45).unwrap();
    /// assert!((down.norm() - 1.0).abs() < 1e-12);
    /// assert!(down.x > 0.9); // towards the bowl, to the east
    /// ```
    pub fn downhill(&self, x: f64, y: f64) -> Result<Vector2<f64>, SandpitError> {
        let g = self.gradient(x, y)?;
        let n = g.norm();
        Ok(if n > 0.0 { -g / n } else { Vector2::zeros() })
    }

    /// The Hessian of the depth reading, exact: the matrix of second
    /// partial derivatives
    /// $$\mathbf{H} = \begin{pmatrix} d_{xx} & d_{xy} \\ d_{xy} & d_{yy} \end{pmatrix}, \qquad d_{xx} = \sum_i \frac{a_i e_i}{s_i^2} \left(\frac{(x - p_i)^2}{s_i^2} - 1\right),$$
    /// with $d_{xy} = \sum_i a_i e_i (x - p_i)(y - q_i) / s_i^4$ and
    /// $d_{yy}$ like $d_{xx}$ (the tilt is flat, so it adds nothing). It is
    /// positive definite at the bottom of a hollow.
    ///
    /// # Errors
    ///
    /// [`SandpitError::OutsidePit`] when $(x, y)$ is outside the pit or not
    /// finite.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::Landscape;
    ///
    /// let pit = Landscape::intro();
    /// let m = pit.deepest();
    /// let h = pit.hessian(m.x, m.y).unwrap();
    /// assert!(h[(0, 0)] > 0.0 && h.determinant() > 0.0);
    /// assert_eq!(h[(0, 1)], h[(1, 0)]);
    /// ```
    pub fn hessian(&self, x: f64, y: f64) -> Result<Matrix2<f64>, SandpitError> {
        check_inside(x, y)?;
        Ok(self.hessian_at(x, y))
    }

    fn hessian_at(&self, x: f64, y: f64) -> Matrix2<f64> {
        let mut hxx = 0.0;
        let mut hxy = 0.0;
        let mut hyy = 0.0;
        for b in &self.bumps {
            let dx = x - b.p;
            let dy = y - b.q;
            let e = b.a * (-(dx * dx + dy * dy) / (2.0 * b.s * b.s)).exp();
            let s2 = b.s * b.s;
            let k = e / s2;
            hxx += k * (dx * dx / s2 - 1.0);
            hxy += k * (dx * dy / s2);
            hyy += k * (dy * dy / s2 - 1.0);
        }
        Matrix2::new(hxx, hxy, hxy, hyy)
    }

    /// Every local minimum of the pit, deepest first.
    ///
    /// They are found, not assumed, when the pit is made (see
    /// [`Landscape::deepest`] for the search): each is a verified bottom of
    /// a hollow inside the pit, where $\lVert \nabla d \rVert \le 10^{-8}$
    /// and the Hessian is positive definite, and no two are within
    /// $10^{-4}$ m of each other. A minimum on the **edge** of the pit, where
    /// the ground would go on falling outside it, is listed only if it is
    /// the lowest point of the whole pit; the pits this module makes never
    /// have one, as their deepest point is checked to be at least 0.4 m
    /// inside the edge.
    ///
    /// The generators also check that every other minimum is at least
    /// 0.05 m shallower than the deepest and at least 0.5 m from it, and
    /// that any two minima are at least 0.4 m apart, so "the deepest point"
    /// and "near a local minimum" are never ambiguous.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::Landscape;
    ///
    /// let pit = Landscape::multiple_minima(1);
    /// let minima = pit.local_minima();
    /// assert_eq!(minima[0], pit.deepest());
    /// for m in &minima {
    ///     assert!(pit.gradient(m.x, m.y).unwrap().norm() < 1e-8);
    /// }
    /// ```
    pub fn local_minima(&self) -> Vec<Minimum> {
        self.minima.clone()
    }

    /// The deepest point of the pit: the lowest of its local minima.
    ///
    /// Found by a search that does not assume where the hollows are:
    ///
    /// 1. sample $d$ on a $121 \times 121$ grid (every 0.05 m, edges
    ///    included; the narrowest hollow is 0.15 m wide, three grid steps);
    /// 2. from every grid point no higher than its (up to eight)
    ///    neighbours, walk downhill with Newton steps (steepest descent where
    ///    the Hessian is not positive definite), halving each step until
    ///    the reading drops, staying inside the pit;
    /// 3. keep the end point only if it is verified: inside the pit,
    ///    $\lVert \nabla d \rVert \le 10^{-8}$ and a positive definite
    ///    Hessian; on the edge, a slope pushing outwards and a level,
    ///    upward-curving edge;
    /// 4. merge points within $10^{-4}$ m of each other and sort, deepest
    ///    first;
    /// 5. check that the deepest is at least as deep as every grid sample
    ///    (a pit that fails this is never handed out: it is redrawn).
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::Landscape;
    ///
    /// let pit = Landscape::random(11);
    /// let deepest = pit.deepest();
    /// // No point of a coarse scan is deeper.
    /// for i in 0..=60 {
    ///     for j in 0..=60 {
    ///         let d = pit.depth(i as f64 * 0.1, j as f64 * 0.1).unwrap();
    ///         assert!(d >= deepest.depth);
    ///     }
    /// }
    /// ```
    pub fn deepest(&self) -> Minimum {
        self.minima[0]
    }

    /// Assembles a pit and runs the minima search on it.
    fn build(
        kind: LandscapeKind,
        seed: Option<u32>,
        tilt: (f64, f64),
        bumps: Vec<Bump>,
    ) -> Landscape {
        let mut l = Landscape {
            kind,
            seed,
            tilt,
            bumps,
            minima: Vec::new(),
        };
        l.minima = l.search().minima;
        l
    }

    /// Draws pits of `kind` from `seed` until one passes the checks; also
    /// says how many draws that took (`MAX_ATTEMPTS + 1` if none did and the
    /// introductory bowl was used instead).
    fn generate(kind: LandscapeKind, seed: u32) -> (Landscape, usize) {
        let salt = match kind {
            LandscapeKind::Intro => return (Landscape::intro(), 1),
            LandscapeKind::Random => SALT_RANDOM,
            LandscapeKind::MultipleMinima => SALT_MULTIPLE,
            LandscapeKind::Hard => SALT_HARD,
        };
        let mut rng = Mulberry32::new(seed ^ salt);
        for attempt in 1..=MAX_ATTEMPTS {
            let (tilt, bumps, hole) = match kind {
                LandscapeKind::Random => draw_random(&mut rng),
                LandscapeKind::MultipleMinima => draw_multiple(&mut rng),
                _ => draw_hard(&mut rng),
            };
            let Some(bumps) = bumps else { continue };
            let mut l = Landscape {
                kind,
                seed: Some(seed),
                tilt,
                bumps,
                minima: Vec::new(),
            };
            let search = l.search();
            if playable(kind, &search, hole) {
                l.minima = search.minima;
                return (l, attempt);
            }
        }
        let mut l = Landscape::intro();
        l.kind = kind;
        l.seed = Some(seed);
        (l, MAX_ATTEMPTS + 1)
    }

    // ANCHOR: deepest
    fn search(&self) -> Search {
        let n = GRID_POINTS;
        let at = |i: usize| i as f64 * PIT_SIZE / (n - 1) as f64;
        // 1. Sample the whole pit on a grid.
        let mut grid = vec![0.0; n * n];
        for j in 0..n {
            for i in 0..n {
                grid[j * n + i] = self.depth_at(at(i), at(j));
            }
        }
        let grid_lowest = grid.iter().copied().fold(f64::INFINITY, f64::min);
        let grid_highest = grid.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        // 2. Refine from every grid point no higher than its neighbours.
        let mut found: Vec<Minimum> = Vec::new();
        for j in 0..n {
            for i in 0..n {
                let here = grid[j * n + i];
                let mut lowest = true;
                for nj in j.saturating_sub(1)..=(j + 1).min(n - 1) {
                    for ni in i.saturating_sub(1)..=(i + 1).min(n - 1) {
                        if grid[nj * n + ni] < here {
                            lowest = false;
                        }
                    }
                }
                if !lowest {
                    continue;
                }
                let (x, y) = self.refine(at(i), at(j));
                // 3. Keep only verified minima; 4. merge duplicates.
                if !self.verified(x, y) {
                    continue;
                }
                let m = Minimum {
                    x,
                    y,
                    depth: self.depth_at(x, y),
                };
                match found.iter_mut().find(|f| f.distance_to(x, y) <= 1e-4) {
                    Some(same) if m.depth < same.depth => *same = m,
                    Some(_) => {}
                    None => found.push(m),
                }
            }
        }
        found.sort_by(|a, b| {
            a.depth
                .total_cmp(&b.depth)
                .then(a.x.total_cmp(&b.x))
                .then(a.y.total_cmp(&b.y))
        });
        // Edge minima count only if one is the lowest point of all.
        let mut minima: Vec<Minimum> = Vec::new();
        for (k, m) in found.iter().enumerate() {
            if k == 0 || !m.on_edge() {
                minima.push(*m);
            }
        }
        // 5. Nothing the grid saw may be deeper than the deepest minimum.
        let consistent = minima.first().is_some_and(|m| m.depth <= grid_lowest);
        Search {
            minima,
            grid_highest,
            consistent,
        }
    }
    // ANCHOR_END: deepest

    /// Walks downhill from $(x, y)$ to the bottom of its hollow (or to the
    /// edge), staying in the pit: Newton steps where the Hessian is positive
    /// definite, steepest descent elsewhere, at most 0.5 m at a time, each
    /// halved until the reading drops. A coordinate pressed against the edge
    /// by the slope stays on the edge.
    // ANCHOR: refine
    fn refine(&self, mut x: f64, mut y: f64) -> (f64, f64) {
        let mut f = self.depth_at(x, y);
        for _ in 0..200 {
            let g = self.gradient_at(x, y);
            let h = self.hessian_at(x, y);
            let hxx = h[(0, 0)];
            let hxy = h[(0, 1)];
            let hyy = h[(1, 1)];
            let fix_x = (x <= 0.0 && g.x > 0.0) || (x >= PIT_SIZE && g.x < 0.0);
            let fix_y = (y <= 0.0 && g.y > 0.0) || (y >= PIT_SIZE && g.y < 0.0);
            let gx = if fix_x { 0.0 } else { g.x };
            let gy = if fix_y { 0.0 } else { g.y };
            let gnorm = (gx * gx + gy * gy).sqrt();
            if gnorm == 0.0 {
                break;
            }
            let det = hxx * hyy - hxy * hxy;
            let mut newton = false;
            let (mut px, mut py);
            if !fix_x && !fix_y {
                if hxx > 0.0 && det > 0.0 {
                    px = -(hyy * gx - hxy * gy) / det;
                    py = -(hxx * gy - hxy * gx) / det;
                    newton = true;
                } else {
                    px = -gx;
                    py = -gy;
                }
            } else if !fix_x {
                newton = hxx > 0.0;
                px = if newton { -gx / hxx } else { -gx };
                py = 0.0;
            } else if !fix_y {
                newton = hyy > 0.0;
                px = 0.0;
                py = if newton { -gy / hyy } else { -gy };
            } else {
                break;
            }
            let len = (px * px + py * py).sqrt();
            if len > 0.5 {
                px *= 0.5 / len;
                py *= 0.5 / len;
            }
            let mut t = 1.0;
            let mut moved = false;
            for _ in 0..60 {
                let nx = (x + t * px).clamp(0.0, PIT_SIZE);
                let ny = (y + t * py).clamp(0.0, PIT_SIZE);
                let nf = self.depth_at(nx, ny);
                // A tiny final Newton step may not change the reading at
                // all in floating point: take it if it flattens the slope.
                let polish =
                    newton && t == 1.0 && len < 1e-4 && nf <= f + 1e-15 * (1.0 + f.abs()) && {
                        let ng = self.gradient_at(nx, ny);
                        (ng.x * ng.x + ng.y * ng.y).sqrt() < 0.5 * gnorm
                    };
                if nf < f || polish {
                    moved = nx != x || ny != y;
                    x = nx;
                    y = ny;
                    f = nf;
                    break;
                }
                t *= 0.5;
            }
            if !moved {
                break;
            }
        }
        (x, y)
    }
    // ANCHOR_END: refine

    /// Whether $(x, y)$ really is a local minimum (inside the pit) or a
    /// lowest point along the edge of the pit.
    // ANCHOR: verified
    fn verified(&self, x: f64, y: f64) -> bool {
        const FLAT: f64 = 1e-8;
        let g = self.gradient_at(x, y);
        let h = self.hessian_at(x, y);
        let edge_x = x <= 0.0 || x >= PIT_SIZE;
        let edge_y = y <= 0.0 || y >= PIT_SIZE;
        // On an edge, the slope must push outwards (downhill is outside).
        let outward_x = (x <= 0.0 && g.x >= 0.0) || (x >= PIT_SIZE && g.x <= 0.0);
        let outward_y = (y <= 0.0 && g.y >= 0.0) || (y >= PIT_SIZE && g.y <= 0.0);
        match (edge_x, edge_y) {
            (false, false) => g.norm() <= FLAT && h[(0, 0)] > 0.0 && h.determinant() > 0.0,
            (true, false) => outward_x && g.y.abs() <= FLAT && h[(1, 1)] > 0.0,
            (false, true) => outward_y && g.x.abs() <= FLAT && h[(0, 0)] > 0.0,
            (true, true) => outward_x && outward_y,
        }
    }
    // ANCHOR_END: verified
}

/// The checks every pit handed out passes (see [`Landscape::local_minima`]);
/// `hole` is where the hard pit's narrow hole was put.
fn playable(kind: LandscapeKind, search: &Search, hole: Option<(f64, f64)>) -> bool {
    let minima = &search.minima;
    let Some(deepest) = minima.first() else {
        return false;
    };
    let margin = 0.4;
    if !search.consistent
        || deepest.x < margin
        || deepest.x > PIT_SIZE - margin
        || deepest.y < margin
        || deepest.y > PIT_SIZE - margin
        || search.grid_highest - deepest.depth < 0.4
    {
        return false;
    }
    for (k, m) in minima.iter().enumerate().skip(1) {
        if m.depth - deepest.depth < 0.05 || deepest.distance_to(m.x, m.y) < 0.5 {
            return false;
        }
        for other in &minima[1..k] {
            if other.distance_to(m.x, m.y) < 0.4 {
                return false;
            }
        }
    }
    match kind {
        LandscapeKind::MultipleMinima => minima.len() >= 2,
        LandscapeKind::Hard => {
            let Some((p, q)) = hole else { return false };
            minima.len() >= 2
                && deepest.distance_to(p, q) <= 0.1
                && minima[1].depth - deepest.depth >= 0.1
        }
        _ => true,
    }
}

/// Tilt, features, and where the hard pit's hole is: one draw of a pit.
/// `None` features: the draw could not be completed (try again).
type Draw = ((f64, f64), Option<Vec<Bump>>, Option<(f64, f64)>);

fn draw_random(rng: &mut Mulberry32) -> Draw {
    let tilt = (rng.uniform(-0.04, 0.04), rng.uniform(-0.04, 0.04));
    let mut bumps = vec![Bump {
        p: rng.uniform(1.2, 4.8),
        q: rng.uniform(1.2, 4.8),
        a: -rng.uniform(0.8, 1.3),
        s: rng.uniform(0.7, 1.2),
    }];
    let extra = 2 + (3.0 * rng.unit()).floor() as usize;
    for _ in 0..extra {
        let p = rng.uniform(0.3, 5.7);
        let q = rng.uniform(0.3, 5.7);
        let sign = if rng.unit() < 0.35 { -1.0 } else { 1.0 };
        let a = sign * rng.uniform(0.1, 0.35);
        let s = rng.uniform(0.5, 1.1);
        bumps.push(Bump { p, q, a, s });
    }
    (tilt, Some(bumps), None)
}

/// Whether $(p, q)$ is at least `gap` from the centre of every bump (as
/// `apart` in sandpit-core.js).
fn apart(bumps: &[Bump], p: f64, q: f64, gap: f64) -> bool {
    bumps.iter().all(|b| {
        let dx = p - b.p;
        let dy = q - b.q;
        (dx * dx + dy * dy).sqrt() >= gap
    })
}

fn draw_multiple(rng: &mut Mulberry32) -> Draw {
    let tilt = (rng.uniform(-0.02, 0.02), rng.uniform(-0.02, 0.02));
    let hollows = 3 + (2.0 * rng.unit()).floor() as usize;
    let mut bumps: Vec<Bump> = Vec::new();
    for _ in 0..hollows {
        let mut place = None;
        for _ in 0..40 {
            let p = rng.uniform(0.9, 5.1);
            let q = rng.uniform(0.9, 5.1);
            if apart(&bumps, p, q, 1.7) {
                place = Some((p, q));
                break;
            }
        }
        let a = -rng.uniform(0.5, 1.1);
        let s = rng.uniform(0.35, 0.6);
        if let Some((p, q)) = place {
            bumps.push(Bump { p, q, a, s });
        }
    }
    let hills = 1 + (2.0 * rng.unit()).floor() as usize;
    for _ in 0..hills {
        let p = rng.uniform(0.5, 5.5);
        let q = rng.uniform(0.5, 5.5);
        let a = rng.uniform(0.2, 0.5);
        let s = rng.uniform(0.4, 0.8);
        bumps.push(Bump { p, q, a, s });
    }
    (tilt, Some(bumps), None)
}

fn draw_hard(rng: &mut Mulberry32) -> Draw {
    let tilt = (rng.uniform(-0.02, 0.02), rng.uniform(-0.02, 0.02));
    let broad = 4 + (2.0 * rng.unit()).floor() as usize;
    let mut bumps: Vec<Bump> = Vec::new();
    for _ in 0..broad {
        let p = rng.uniform(0.8, 5.2);
        let q = rng.uniform(0.8, 5.2);
        let a = -rng.uniform(0.25, 0.45);
        let s = rng.uniform(0.8, 1.2);
        bumps.push(Bump { p, q, a, s });
    }
    let mut hole = None;
    for _ in 0..60 {
        let p = rng.uniform(0.8, 5.2);
        let q = rng.uniform(0.8, 5.2);
        if apart(&bumps, p, q, 1.1) {
            hole = Some((p, q));
            break;
        }
    }
    let a = -rng.uniform(0.75, 1.0);
    let s = rng.uniform(0.15, 0.22);
    match hole {
        Some((p, q)) => {
            bumps.push(Bump { p, q, a, s });
            (tilt, Some(bumps), hole)
        }
        None => (tilt, None, None),
    }
}

/// Whether the game shows the gradient with each dip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Each dip reports the depth reading and the gradient $\nabla d$.
    Gradient,
    /// Each dip reports the depth reading only.
    DepthOnly,
}

/// What a dip meant for the game.
#[derive(Debug, Clone, Copy, PartialEq)]
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

/// How an automatic descent ended. Only [`DescentStatus::Converged`] means
/// a local minimum was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DescentStatus {
    /// The gradient fell to [`GRADIENT_TOLERANCE`] or below at a point where
    /// the Hessian is positive definite: the bottom of a hollow (which may
    /// or may not be the deepest one).
    Converged,
    /// The step limit was reached first.
    MaxSteps,
    /// The next step would have left the pit; the path ends at the last
    /// point inside it.
    LeftThePit,
    /// The method is not heading for a minimum: Newton's method met a
    /// Hessian that is not positive definite (so its step heads for a
    /// saddle or a hump, or is undefined), or steepest descent came to rest
    /// where the ground is level but not the bottom of a hollow.
    NotAMinimum,
    /// The start is outside the pit or not finite, or the step size is not
    /// a positive finite number.
    InvalidInput,
}

impl DescentStatus {
    /// A short name, as in the agreement samples and the widget:
    /// `converged`, `max-steps`, `left-the-pit`, `not-a-minimum` or
    /// `invalid-input`.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::DescentStatus;
    ///
    /// assert_eq!(DescentStatus::LeftThePit.as_str(), "left-the-pit");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            DescentStatus::Converged => "converged",
            DescentStatus::MaxSteps => "max-steps",
            DescentStatus::LeftThePit => "left-the-pit",
            DescentStatus::NotAMinimum => "not-a-minimum",
            DescentStatus::InvalidInput => "invalid-input",
        }
    }
}

impl fmt::Display for DescentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DescentStatus::Converged => "converged to the bottom of a hollow",
            DescentStatus::MaxSteps => "stopped at the step limit without converging",
            DescentStatus::LeftThePit => "stopped: the next step would leave the pit",
            DescentStatus::NotAMinimum => {
                "stopped: not heading for a minimum (the Hessian is not positive definite)"
            }
            DescentStatus::InvalidInput => {
                "did not start: the start must be inside the pit and the step positive"
            }
        })
    }
}

/// The path an automatic player took, and how it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Descent {
    /// Every point visited, the start first; all inside the pit (except a
    /// start that was not, with [`DescentStatus::InvalidInput`]).
    pub path: Vec<(f64, f64)>,
    /// How it ended.
    pub status: DescentStatus,
}

impl Descent {
    /// The number of steps taken: one less than the number of points.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{Landscape, newton};
    ///
    /// let run = newton(&Landscape::intro(), (3.5, 2.0), 50);
    /// assert_eq!(run.steps(), run.path.len() - 1);
    /// ```
    pub fn steps(&self) -> usize {
        self.path.len().saturating_sub(1)
    }

    /// The last point of the path.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{DescentStatus, Landscape, newton};
    ///
    /// let pit = Landscape::intro();
    /// let run = newton(&pit, (3.5, 2.0), 50);
    /// assert_eq!(run.status, DescentStatus::Converged);
    /// let (x, y) = run.end();
    /// assert!(pit.deepest().distance_to(x, y) < 1e-6);
    /// ```
    pub fn end(&self) -> (f64, f64) {
        self.path.last().copied().unwrap_or((f64::NAN, f64::NAN))
    }
}

/// Whether the gradient is small enough to stop, and if so whether the
/// stopping point is a minimum.
fn stationary(l: &Landscape, p: (f64, f64)) -> Option<DescentStatus> {
    if l.gradient_at(p.0, p.1).norm() > GRADIENT_TOLERANCE {
        return None;
    }
    let h = l.hessian_at(p.0, p.1);
    Some(if h[(0, 0)] > 0.0 && h.determinant() > 0.0 {
        DescentStatus::Converged
    } else {
        DescentStatus::NotAMinimum
    })
}

/// Steepest descent with a fixed step size $\eta$ (`step`): from `start`,
/// repeat $\mathbf{x}_{k+1} = \mathbf{x}_k - \eta \nabla d(\mathbf{x}_k)$,
/// at most `max_steps` times, going downhill.
///
/// It stops honestly: [`DescentStatus::Converged`] only where
/// $\lVert \nabla d \rVert \le$ [`GRADIENT_TOLERANCE`] and the Hessian is
/// positive definite; [`DescentStatus::NotAMinimum`] where the gradient
/// vanishes anywhere else; [`DescentStatus::LeftThePit`] when a step would
/// leave the pit (too large a step size often does this, or makes the path
/// zigzag until [`DescentStatus::MaxSteps`]).
///
/// # Examples
///
/// ```
/// use mvcalc::sandpit::{DescentStatus, Landscape, steepest_descent};
///
/// let pit = Landscape::intro();
/// let run = steepest_descent(&pit, (1.0, 5.0), 0.5, 1000);
/// assert_eq!(run.status, DescentStatus::Converged);
/// let (x, y) = run.end();
/// assert!(pit.deepest().distance_to(x, y) < 1e-4);
/// // A step size of 50 overshoots the pit.
/// let wild = steepest_descent(&pit, (1.0, 5.0), 50.0, 1000);
/// assert_ne!(wild.status, DescentStatus::Converged);
/// ```
// ANCHOR: steepest_descent
pub fn steepest_descent(l: &Landscape, start: (f64, f64), step: f64, max_steps: usize) -> Descent {
    let mut path = vec![start];
    if check_inside(start.0, start.1).is_err() || !(step.is_finite() && step > 0.0) {
        return Descent {
            path,
            status: DescentStatus::InvalidInput,
        };
    }
    let mut p = start;
    for _ in 0..max_steps {
        if let Some(status) = stationary(l, p) {
            return Descent { path, status };
        }
        let g = l.gradient_at(p.0, p.1);
        let next = (p.0 - step * g.x, p.1 - step * g.y);
        if check_inside(next.0, next.1).is_err() {
            return Descent {
                path,
                status: DescentStatus::LeftThePit,
            };
        }
        p = next;
        path.push(p);
    }
    let status = stationary(l, p).unwrap_or(DescentStatus::MaxSteps);
    Descent { path, status }
}
// ANCHOR_END: steepest_descent

/// Newton's method for a minimum: from `start`, repeat
/// $\mathbf{x}_{k+1} = \mathbf{x}_k - \mathbf{H}^{-1} \nabla d(\mathbf{x}_k)$,
/// at most `max_steps` times.
///
/// Newton's step jumps to the stationary point of the local quadratic
/// model, which is a minimum only when the Hessian $\mathbf{H}$ is positive
/// definite; elsewhere it heads for a saddle or a hump. So it stops with
/// [`DescentStatus::NotAMinimum`] as soon as $\mathbf{H}$ is not positive
/// definite, [`DescentStatus::Converged`] when
/// $\lVert \nabla d \rVert \le$ [`GRADIENT_TOLERANCE`] with $\mathbf{H}$
/// positive definite, and [`DescentStatus::LeftThePit`] when a step would
/// leave the pit.
///
/// # Examples
///
/// ```
/// use mvcalc::sandpit::{DescentStatus, Landscape, newton};
///
/// let pit = Landscape::intro();
/// let m = pit.deepest();
/// let run = newton(&pit, (m.x + 0.3, m.y - 0.2), 20);
/// assert_eq!(run.status, DescentStatus::Converged);
/// assert!(run.steps() < 10);
/// // Far out on the rim the bowl curves the wrong way: no Newton step.
/// let far = newton(&pit, (0.0, 6.0), 20);
/// assert_eq!(far.status, DescentStatus::NotAMinimum);
/// ```
// ANCHOR: newton
pub fn newton(l: &Landscape, start: (f64, f64), max_steps: usize) -> Descent {
    let mut path = vec![start];
    if check_inside(start.0, start.1).is_err() {
        return Descent {
            path,
            status: DescentStatus::InvalidInput,
        };
    }
    let mut p = start;
    for _ in 0..max_steps {
        let g = l.gradient_at(p.0, p.1);
        let h = l.hessian_at(p.0, p.1);
        let det = h.determinant();
        if !(h[(0, 0)] > 0.0 && det > 0.0) {
            return Descent {
                path,
                status: DescentStatus::NotAMinimum,
            };
        }
        if g.norm() <= GRADIENT_TOLERANCE {
            return Descent {
                path,
                status: DescentStatus::Converged,
            };
        }
        let dx = -(h[(1, 1)] * g.x - h[(0, 1)] * g.y) / det;
        let dy = -(h[(0, 0)] * g.y - h[(0, 1)] * g.x) / det;
        let next = (p.0 + dx, p.1 + dy);
        if check_inside(next.0, next.1).is_err() {
            return Descent {
                path,
                status: DescentStatus::LeftThePit,
            };
        }
        p = next;
        path.push(p);
    }
    let status = stationary(l, p).unwrap_or(DescentStatus::MaxSteps);
    Descent { path, status }
}
// ANCHOR_END: newton

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
pub fn agreement_samples(seeds: Range<u32>, points_per_landscape: usize) -> String {
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
        let mut rng = Mulberry32::new(0xA11C_E5ED ^ l.seed().unwrap_or(0xFFFF_FFFF));
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
                json_descent(&mut out, "steepest", start, step, max_steps, &run);
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
        out.push_str("],\"game\":{\"max_dips\":4,\"mode\":\"gradient\",\"dips\":[");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mulberry32_matches_the_reference_sequence() {
        // From the reference JavaScript implementation.
        for (seed, expected) in [
            (0_u32, [1_144_304_738_u32, 1_416_247, 958_946_056]),
            (1, [2_693_262_067, 11_749_833, 2_265_367_787]),
            (42, [2_581_720_956, 1_925_393_290, 3_661_312_704]),
            (u32::MAX, [3_850_105_811, 813_802_916, 3_073_704_848]),
        ] {
            let mut rng = Mulberry32::new(seed);
            let got = [rng.next_u32(), rng.next_u32(), rng.next_u32()];
            assert_eq!(got, expected, "seed {seed}");
        }
    }

    #[test]
    fn generators_rarely_redraw_and_never_fall_back() {
        for kind in [
            LandscapeKind::Random,
            LandscapeKind::MultipleMinima,
            LandscapeKind::Hard,
        ] {
            let mut total = 0;
            let mut worst = 0;
            for seed in 0..300 {
                let (_, attempts) = Landscape::generate(kind, seed);
                assert!(
                    attempts <= MAX_ATTEMPTS,
                    "{kind:?} seed {seed} fell back to the intro pit"
                );
                total += attempts;
                worst = worst.max(attempts);
            }
            assert!(
                total < 300 * 10,
                "{kind:?}: {total} attempts for 300 seeds (worst {worst})"
            );
        }
    }

    #[test]
    fn the_intro_pit_passes_the_checks() {
        let l = Landscape::intro();
        assert!(playable(LandscapeKind::Intro, &l.search(), None));
        assert_eq!(l.local_minima().len(), 1);
    }

    #[test]
    fn refine_reaches_an_edge_minimum_on_a_plain_tilt() {
        // A tilt alone, rising to the north-east: the lowest point is the corner (0, 0).
        let l = Landscape::build(LandscapeKind::Random, Some(0), (0.1, 0.05), Vec::new());
        let m = l.deepest();
        assert_eq!((m.x, m.y), (0.0, 0.0));
        assert!(m.on_edge());
        assert_eq!(l.local_minima().len(), 1);
    }

    #[test]
    fn edge_minima_below_a_hollow_are_not_listed() {
        // A shallow hollow in the middle of a tilt: the corner is lower, and
        // is the only edge minimum listed; the hollow is listed too.
        let l = Landscape::build(
            LandscapeKind::Random,
            Some(0),
            (0.1, 0.0),
            vec![Bump {
                p: 4.0,
                q: 3.0,
                a: -0.3,
                s: 0.4,
            }],
        );
        let minima = l.local_minima();
        assert!(minima[0].on_edge());
        assert_eq!(minima.iter().filter(|m| m.on_edge()).count(), 1);
        assert!(
            minima
                .iter()
                .any(|m| (m.x - 4.0).abs() < 0.1 && !m.on_edge())
        );
    }

    #[test]
    fn error_messages_say_what_to_do() {
        let e = Landscape::intro().depth(f64::NAN, 1.0).unwrap_err();
        assert!(e.to_string().contains("0..6 m in x and y"), "{e}");
        let mut game = Game::new(Landscape::intro(), Mode::Gradient, 0);
        let e = game.dip(1.0, 1.0).unwrap_err();
        assert!(e.to_string().contains("at least 1"), "{e}");
    }
}
