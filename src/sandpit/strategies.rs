//! The automatic players: steepest descent with a fixed step size and
//! Newton's method, with honest statuses, and the step size each kind of pit
//! starts with.

use super::{GRADIENT_TOLERANCE, Landscape, LandscapeKind, check_inside};
use std::fmt;

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
pub fn steepest_descent(
    l: &Landscape,
    start: (f64, f64),
    step: f64,
    max_steps: usize,
) -> Descent {
    let mut path = vec![start];
    if check_inside(start.0, start.1).is_err()
        || !(step.is_finite() && step > 0.0)
    {
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
