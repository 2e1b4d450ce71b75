//! The automatic players: steepest descent with a fixed step size and
//! Newton's method, on any objective with a Hessian, with honest statuses;
//! and the step size each kind of pit starts with.

use super::{GRADIENT_TOLERANCE, LandscapeKind};
use crate::objective::Hessian;
use nalgebra::allocator::Allocator;
use nalgebra::{
    Cholesky, DefaultAllocator, Dim, OMatrix, OVector, Storage, Vector,
};
use std::fmt;
use std::ops::ControlFlow;
use std::str::FromStr;

// With the strategy that uses it; the rest of `LandscapeKind` is in kinds.rs.
impl LandscapeKind {
    /// The step size $\eta$ that steepest descent starts with on a pit of
    /// this kind, in the widget and the example program: 2 for the
    /// introductory pit, 0.5 for random and hard pits, 0.2 for pits with
    /// several hollows.
    ///
    /// Steps $\mathbf{x}_{k+1} = \mathbf{x}_k - \eta \nabla d$ settle into
    /// the bottom of a hollow only if $\eta < 2 / \lambda$, where $\lambda$
    /// is the largest eigenvalue of the Hessian there (the sharpest
    /// curvature); in a round bowl they are fastest with $\eta$ near
    /// $1 / \lambda$. The introductory bowl curves by
    /// $\lambda \approx 0.47$ at its bottom, so $\eta = 2$ is close to the
    /// fastest: from $(1, 5)$ it comes within
    /// [`WIN_DISTANCE`](super::WIN_DISTANCE) of the deepest point well
    /// inside the 20 dips the book's game allows. The other kinds have
    /// narrower hollows, so smaller steps: each default is below
    /// $2 / \lambda$ at every local minimum of its kind, except the narrow
    /// hole of a hard pit, which no fixed step that is quick in the broad
    /// hollows can settle into.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{DescentStatus, Landscape, LandscapeKind, steepest_descent};
    /// use nalgebra::Vector2;
    ///
    /// let eta = LandscapeKind::Intro.default_step();
    /// let start = Vector2::new(1.0, 5.0);
    /// let run = steepest_descent(&Landscape::intro(), &start, eta, 100);
    /// assert_eq!(run.status(), DescentStatus::Converged);
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

/// How an automatic descent ended. Only [`DescentStatus::Converged`] means
/// a local minimum was reached.
///
/// Its [`Display`](fmt::Display) is a short name for programs, which
/// [`FromStr`] reads back (`"max-steps"`), and
/// [`explanation`](DescentStatus::explanation) is a sentence for people
/// (`"stopped at the step limit without converging"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DescentStatus {
    /// The gradient fell to [`GRADIENT_TOLERANCE`] or below at a point where
    /// the Hessian is positive definite: the bottom of a hollow (which may
    /// or may not be the deepest one).
    Converged,
    /// The step limit was reached first.
    MaxSteps,
    /// The next step would have left the objective's domain (for a
    /// landscape, the pit): the objective returned an error there, or a
    /// gradient or Hessian that is not finite or not the size of the point.
    /// The path ends at the last point inside.
    LeftTheDomain,
    /// The method is not heading for a minimum: Newton's method met a
    /// Hessian that is not positive definite (so its step heads for a
    /// saddle or a hump, or is undefined), or steepest descent came to rest
    /// where the ground is level but not the bottom of a hollow.
    NotAMinimum,
    /// The objective refuses the start (as for
    /// [`DescentStatus::LeftTheDomain`], or the start has a coordinate that
    /// is not finite, or none at all), or the step size is not a positive
    /// finite number.
    InvalidInput,
}

impl DescentStatus {
    /// Every status, in the order of the type's definition.
    const ALL: [DescentStatus; 5] = [
        DescentStatus::Converged,
        DescentStatus::MaxSteps,
        DescentStatus::LeftTheDomain,
        DescentStatus::NotAMinimum,
        DescentStatus::InvalidInput,
    ];

    /// The short name: what [`Display`](fmt::Display) writes and
    /// [`FromStr`] reads.
    fn short_name(self) -> &'static str {
        match self {
            DescentStatus::Converged => "converged",
            DescentStatus::MaxSteps => "max-steps",
            DescentStatus::LeftTheDomain => "left-the-domain",
            DescentStatus::NotAMinimum => "not-a-minimum",
            DescentStatus::InvalidInput => "invalid-input",
        }
    }

    /// What the status means, as a sentence for a reader (the short name is
    /// its [`Display`](fmt::Display)).
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::DescentStatus;
    ///
    /// assert_eq!(
    ///     DescentStatus::MaxSteps.explanation(),
    ///     "stopped at the step limit without converging"
    /// );
    /// ```
    pub fn explanation(self) -> &'static str {
        match self {
            DescentStatus::Converged => "converged to the bottom of a hollow",
            DescentStatus::MaxSteps => {
                "stopped at the step limit without converging"
            }
            DescentStatus::LeftTheDomain => {
                "stopped: the next step would leave the domain of the \
                 objective (for a sandpit, the pit)"
            }
            DescentStatus::NotAMinimum => {
                "stopped: not heading for a minimum (the Hessian is not \
                 positive definite)"
            }
            DescentStatus::InvalidInput => {
                "did not start: the start must be a point where the \
                 objective is defined (inside the pit, for a sandpit) and \
                 the step positive"
            }
        }
    }
}

/// The short name: `converged`, `max-steps`, `left-the-domain`,
/// `not-a-minimum` or `invalid-input`. [`FromStr`] reads it back;
/// [`DescentStatus::explanation`] says what it means in a sentence.
///
/// # Examples
///
/// ```
/// use mvcalc::sandpit::DescentStatus;
///
/// let status = DescentStatus::LeftTheDomain;
/// assert_eq!(status.to_string(), "left-the-domain");
/// assert_eq!(status.to_string().parse(), Ok(status));
/// ```
impl fmt::Display for DescentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.short_name())
    }
}

/// Reads a short name (see [`Display`](fmt::Display)); any other text is a
/// [`ParseStatusError`] that lists the names there are.
///
/// # Examples
///
/// ```
/// use mvcalc::sandpit::DescentStatus;
///
/// let status: DescentStatus = "max-steps".parse()?;
/// assert_eq!(status, DescentStatus::MaxSteps);
/// let e = "stuck".parse::<DescentStatus>().unwrap_err();
/// assert!(e.to_string().starts_with("unknown descent status 'stuck'"));
/// # Ok::<(), mvcalc::sandpit::ParseStatusError>(())
/// ```
impl FromStr for DescentStatus {
    type Err = ParseStatusError;

    fn from_str(name: &str) -> Result<DescentStatus, ParseStatusError> {
        DescentStatus::ALL
            .into_iter()
            .find(|s| s.short_name() == name)
            .ok_or_else(|| ParseStatusError {
                name: name.to_string(),
            })
    }
}

/// A name that is not the short name of a [`DescentStatus`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParseStatusError {
    /// The text that was read.
    pub name: String,
}

impl fmt::Display for ParseStatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = DescentStatus::ALL.map(DescentStatus::short_name);
        write!(
            f,
            "unknown descent status '{}'; the statuses are {}",
            self.name,
            names.join(", ")
        )
    }
}

impl std::error::Error for ParseStatusError {}

/// The path an automatic player took, and how it ended. `D` is the number
/// of coordinates of a point: `U2` for a sandpit.
#[derive(Debug, Clone, PartialEq)]
pub struct Descent<D: Dim>
where
    DefaultAllocator: Allocator<D>,
{
    /// Never empty: the start first.
    path: Vec<OVector<f64, D>>,
    status: DescentStatus,
}

impl<D: Dim> Descent<D>
where
    DefaultAllocator: Allocator<D>,
{
    /// A descent that did not start.
    fn refused(start: OVector<f64, D>) -> Descent<D> {
        Descent {
            path: vec![start],
            status: DescentStatus::InvalidInput,
        }
    }

    /// How it ended.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{DescentStatus, Landscape, newton};
    /// use nalgebra::Vector2;
    ///
    /// let run = newton(&Landscape::intro(), &Vector2::new(7.0, 1.0), 50);
    /// assert_eq!(run.status(), DescentStatus::InvalidInput);
    /// ```
    pub fn status(&self) -> DescentStatus {
        self.status
    }

    /// Every point visited, the start first; all where the objective is
    /// defined (except a start that was not, with
    /// [`DescentStatus::InvalidInput`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{Landscape, steepest_descent};
    /// use nalgebra::Vector2;
    ///
    /// let pit = Landscape::intro();
    /// let run = steepest_descent(&pit, &Vector2::new(1.0, 5.0), 2.0, 100);
    /// assert_eq!(run.path()[0], Vector2::new(1.0, 5.0));
    /// // Every step goes downhill.
    /// for w in run.path().windows(2) {
    ///     assert!(pit.depth(w[1].x, w[1].y)? < pit.depth(w[0].x, w[0].y)?);
    /// }
    /// # Ok::<(), mvcalc::sandpit::SandpitError>(())
    /// ```
    pub fn path(&self) -> &[OVector<f64, D>] {
        &self.path
    }

    /// The number of steps taken: one less than the number of points.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{Landscape, newton};
    /// use nalgebra::Vector2;
    ///
    /// let run = newton(&Landscape::intro(), &Vector2::new(3.5, 2.0), 50);
    /// assert_eq!(run.steps(), run.path().len() - 1);
    /// ```
    pub fn steps(&self) -> usize {
        self.path.len() - 1
    }

    /// The last point of the path.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::sandpit::{DescentStatus, Landscape, newton};
    /// use nalgebra::Vector2;
    ///
    /// let pit = Landscape::intro();
    /// let run = newton(&pit, &Vector2::new(3.5, 2.0), 50);
    /// assert_eq!(run.status(), DescentStatus::Converged);
    /// let end = run.end();
    /// assert!(pit.deepest().distance_to(end.x, end.y) < 1e-6);
    /// ```
    pub fn end(&self) -> &OVector<f64, D> {
        &self.path[self.path.len() - 1]
    }
}

/// A point of a path, with the gradient and Hessian there.
struct Point<D: Dim>
where
    DefaultAllocator: Allocator<D> + Allocator<D, D>,
{
    x: OVector<f64, D>,
    gradient: OVector<f64, D>,
    hessian: OMatrix<f64, D, D>,
}

impl<D: Dim> Point<D>
where
    DefaultAllocator: Allocator<D> + Allocator<D, D>,
{
    /// The objective's gradient and Hessian at `x`, or `None` if it refuses
    /// `x`: an error, a number that is not finite, a result of the wrong
    /// size, or a point with no coordinates or with one that is not finite.
    fn at<F: Hessian<D> + ?Sized>(
        f: &F,
        x: OVector<f64, D>,
    ) -> Option<Point<D>> {
        let n = x.len();
        if n == 0 || !x.iter().all(|v| v.is_finite()) {
            return None;
        }
        let gradient = f.gradient(&x).ok()?;
        let hessian = f.hessian(&x).ok()?;
        let sized = gradient.len() == n && hessian.shape() == (n, n);
        let finite =
            gradient.iter().chain(hessian.iter()).all(|v| v.is_finite());
        (sized && finite).then_some(Point {
            x,
            gradient,
            hessian,
        })
    }

    /// The Cholesky factorisation of the Hessian, if it is positive
    /// definite: if the local quadratic model is a bowl.
    fn bowl(&self) -> Option<Cholesky<f64, D>> {
        self.hessian.clone().cholesky()
    }

    /// Whether the gradient is small enough to stop, and if so whether the
    /// point is a minimum.
    fn stationary(&self) -> Option<DescentStatus> {
        if self.gradient.norm() > GRADIENT_TOLERANCE {
            return None;
        }
        Some(match self.bowl() {
            Some(_) => DescentStatus::Converged,
            None => DescentStatus::NotAMinimum,
        })
    }
}

/// The loop both players share: from `start`, at most `max_steps` steps,
/// each proposed by `step` from what is known at the current point (or the
/// walk stopped, with a status). A step to a point the objective refuses
/// ends the walk before it.
fn descend<D, F>(
    f: &F,
    start: OVector<f64, D>,
    max_steps: usize,
    step: impl Fn(&Point<D>) -> ControlFlow<DescentStatus, OVector<f64, D>>,
) -> Descent<D>
where
    D: Dim,
    F: Hessian<D> + ?Sized,
    DefaultAllocator: Allocator<D> + Allocator<D, D>,
{
    let Some(mut here) = Point::at(f, start.clone()) else {
        return Descent::refused(start);
    };
    let mut path = vec![start];
    for _ in 0..max_steps {
        let next = match step(&here) {
            ControlFlow::Continue(next) => next,
            ControlFlow::Break(status) => return Descent { path, status },
        };
        let Some(there) = Point::at(f, next) else {
            let status = DescentStatus::LeftTheDomain;
            return Descent { path, status };
        };
        path.push(there.x.clone());
        here = there;
    }
    // Out of steps: converged only if the last point is a bottom after all.
    let status = here.stationary().unwrap_or(DescentStatus::MaxSteps);
    Descent { path, status }
}

/// Steepest descent with a fixed step size $\eta$ (`step`): from `start`,
/// repeat $\mathbf{x}_{k+1} = \mathbf{x}_k - \eta \nabla f(\mathbf{x}_k)$,
/// at most `max_steps` times, going downhill, on any objective with a
/// Hessian: a [`Landscape`](super::Landscape) (an objective of two
/// variables, its cost the depth reading), or any other
/// [`Objective`](crate::objective::Objective) that implements
/// [`Hessian`].
///
/// It stops honestly: [`DescentStatus::Converged`] only where
/// $\lVert \nabla f \rVert \le$ [`GRADIENT_TOLERANCE`] and the Hessian is
/// positive definite (the Hessian is used for nothing else: it tells a
/// bottom from a saddle); [`DescentStatus::NotAMinimum`] where the gradient
/// vanishes anywhere else; [`DescentStatus::LeftTheDomain`] when a step
/// would leave the pit, or the domain of another objective (too large a
/// step size often does this, or makes the path zigzag until
/// [`DescentStatus::MaxSteps`]); [`DescentStatus::InvalidInput`] when the
/// start is refused or the step size is not a positive finite number.
///
/// # Examples
///
/// ```
/// use mvcalc::sandpit::{DescentStatus, Landscape, steepest_descent};
/// use nalgebra::Vector2;
///
/// let pit = Landscape::intro();
/// let start = Vector2::new(1.0, 5.0);
/// let run = steepest_descent(&pit, &start, 0.5, 1000);
/// assert_eq!(run.status(), DescentStatus::Converged);
/// let end = run.end();
/// assert!(pit.deepest().distance_to(end.x, end.y) < 1e-4);
/// // A step size of 50 overshoots the pit.
/// let wild = steepest_descent(&pit, &start, 50.0, 1000);
/// assert_eq!(wild.status(), DescentStatus::LeftTheDomain);
/// ```
// ANCHOR: steepest_descent
pub fn steepest_descent<D, S, F>(
    f: &F,
    start: &Vector<f64, D, S>,
    step: f64,
    max_steps: usize,
) -> Descent<D>
where
    D: Dim,
    S: Storage<f64, D>,
    F: Hessian<D> + ?Sized,
    DefaultAllocator: Allocator<D> + Allocator<D, D>,
{
    let start = start.clone_owned();
    if !(step.is_finite() && step > 0.0) {
        return Descent::refused(start);
    }
    descend(f, start, max_steps, |here| match here.stationary() {
        Some(status) => ControlFlow::Break(status),
        None => ControlFlow::Continue(&here.x - &here.gradient * step),
    })
}
// ANCHOR_END: steepest_descent

/// Newton's method for a minimum: from `start`, repeat
/// $\mathbf{x}_{k+1} = \mathbf{x}_k - \mathbf{H}^{-1} \nabla f(\mathbf{x}_k)$,
/// at most `max_steps` times, on any objective with a Hessian (a
/// [`Landscape`](super::Landscape), for one).
///
/// Newton's step jumps to the stationary point of the local quadratic
/// model, which is a minimum only when the Hessian $\mathbf{H}$ is positive
/// definite; elsewhere it heads for a saddle or a hump. So it stops with
/// [`DescentStatus::NotAMinimum`] as soon as $\mathbf{H}$ is not positive
/// definite (it solves for the step by Cholesky factorisation, which exists
/// exactly then), [`DescentStatus::Converged`] when
/// $\lVert \nabla f \rVert \le$ [`GRADIENT_TOLERANCE`] with $\mathbf{H}$
/// positive definite, [`DescentStatus::LeftTheDomain`] when a step would
/// leave the pit (or another objective's domain) and
/// [`DescentStatus::InvalidInput`] when the start is refused.
///
/// # Examples
///
/// ```
/// use mvcalc::sandpit::{DescentStatus, Landscape, newton};
/// use nalgebra::Vector2;
///
/// let pit = Landscape::intro();
/// let m = pit.deepest();
/// let run = newton(&pit, &Vector2::new(m.x + 0.3, m.y - 0.2), 20);
/// assert_eq!(run.status(), DescentStatus::Converged);
/// assert!(run.steps() < 10);
/// // Far out on the rim the bowl curves the wrong way: no Newton step.
/// let far = newton(&pit, &Vector2::new(0.0, 6.0), 20);
/// assert_eq!(far.status(), DescentStatus::NotAMinimum);
/// ```
// ANCHOR: newton
pub fn newton<D, S, F>(
    f: &F,
    start: &Vector<f64, D, S>,
    max_steps: usize,
) -> Descent<D>
where
    D: Dim,
    S: Storage<f64, D>,
    F: Hessian<D> + ?Sized,
    DefaultAllocator: Allocator<D> + Allocator<D, D>,
{
    descend(f, start.clone_owned(), max_steps, |here| {
        // The quadratic model has a bottom only if H is positive definite.
        let Some(bowl) = here.bowl() else {
            return ControlFlow::Break(DescentStatus::NotAMinimum);
        };
        if here.gradient.norm() <= GRADIENT_TOLERANCE {
            return ControlFlow::Break(DescentStatus::Converged);
        }
        // Jump to the bottom: solve H s = grad f, and go to x - s.
        ControlFlow::Continue(&here.x - bowl.solve(&here.gradient))
    })
}
// ANCHOR_END: newton
