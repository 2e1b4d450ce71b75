//! A pit's depth reading: the tilt-plus-Gaussians formula, and its exact
//! gradient and Hessian, also as an objective of two variables.

use super::{LandscapeKind, PIT_SIZE, SandpitError, check_inside};
use crate::objective::{Hessian, Objective};
use nalgebra::{Matrix2, U2, Vector2};

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
        self.x <= 0.0
            || self.x >= PIT_SIZE
            || self.y <= 0.0
            || self.y >= PIT_SIZE
    }
}

/// One Gaussian hollow ($a < 0$) or bump ($a > 0$) centred at $(p, q)$
/// with width $s$.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Bump {
    pub(super) p: f64,
    pub(super) q: f64,
    pub(super) a: f64,
    pub(super) s: f64,
}

/// A hidden sandpit: a smooth closed-form depth reading $d(x, y)$ on
/// $0 \le x, y \le 6$ (metres), with its local minima found once, when it
/// is made.
///
/// See the [module documentation](crate::sandpit) for the formula and the sign
/// convention: readings are heights, negative below the rim, and the
/// deepest point is the smallest reading.
#[derive(Debug, Clone, PartialEq)]
pub struct Landscape {
    pub(super) kind: LandscapeKind,
    pub(super) seed: Option<u32>,
    pub(super) tilt: (f64, f64),
    pub(super) bumps: Vec<Bump>,
    /// Deepest first.
    pub(super) minima: Vec<Minimum>,
}

impl Landscape {
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
            LandscapeKind::MultipleMinima => {
                format!("pit with several hollows {seed}")
            }
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

    pub(super) fn depth_at(&self, x: f64, y: f64) -> f64 {
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
    /// $$\frac{\partial d}{\partial x} = t_x - \sum_i \frac{a_i e_i}{s_i^2} (x - p_i), \qquad \frac{\partial d}{\partial y} = t_y - \sum_i \frac{a_i e_i}{s_i^2} (y - q_i),$$
    /// $$e_i = \exp\left(-\frac{(x - p_i)^2 + (y - q_i)^2}{2 s_i^2}\right).$$
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
    pub fn gradient(
        &self,
        x: f64,
        y: f64,
    ) -> Result<Vector2<f64>, SandpitError> {
        check_inside(x, y)?;
        Ok(self.gradient_at(x, y))
    }

    pub(super) fn gradient_at(&self, x: f64, y: f64) -> Vector2<f64> {
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
    pub fn downhill(
        &self,
        x: f64,
        y: f64,
    ) -> Result<Vector2<f64>, SandpitError> {
        let g = self.gradient(x, y)?;
        let n = g.norm();
        Ok(if n > 0.0 { -g / n } else { Vector2::zeros() })
    }

    /// The Hessian of the depth reading, exact: the matrix of second
    /// partial derivatives, with $d_{xx}$, $d_{xy}$ in its first row and $d_{xy}$, $d_{yy}$ in its
    /// second, where
    /// $$d_{xx} = \sum_i \frac{a_i e_i}{s_i^2} \left(\frac{(x - p_i)^2}{s_i^2} - 1\right),$$
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
    pub fn hessian(
        &self,
        x: f64,
        y: f64,
    ) -> Result<Matrix2<f64>, SandpitError> {
        check_inside(x, y)?;
        Ok(self.hessian_at(x, y))
    }

    pub(super) fn hessian_at(&self, x: f64, y: f64) -> Matrix2<f64> {
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
}

/// A landscape is an objective of two variables, the point $(x, y)$ as a
/// `Vector2`: its cost is the depth reading [`Landscape::depth`] and its
/// gradient [`Landscape::gradient`], the same numbers, refused in the same
/// way outside the pit. So the Sandpit's
/// [`steepest_descent`](super::steepest_descent) and
/// [`newton`](super::newton), and any method written for an [`Objective`],
/// play it.
///
/// # Examples
///
/// ```
/// use mvcalc::objective::Objective;
/// use mvcalc::sandpit::Landscape;
/// use nalgebra::Vector2;
///
/// let pit = Landscape::random(3);
/// let p = Vector2::new(1.5, 4.0);
/// assert_eq!(pit.cost(&p)?, pit.depth(1.5, 4.0)?);
/// assert_eq!(Objective::gradient(&pit, &p)?, pit.gradient(1.5, 4.0)?);
/// assert!(pit.cost(&Vector2::new(-1.0, 4.0)).is_err());
/// # Ok::<(), mvcalc::sandpit::SandpitError>(())
/// ```
impl Objective<U2> for Landscape {
    type Error = SandpitError;

    /// The depth reading at $(x, y)$: [`Landscape::depth`].
    fn cost(&self, p: &Vector2<f64>) -> Result<f64, SandpitError> {
        self.depth(p.x, p.y)
    }

    /// The gradient of the depth reading: [`Landscape::gradient`].
    fn gradient(&self, p: &Vector2<f64>) -> Result<Vector2<f64>, SandpitError> {
        Landscape::gradient(self, p.x, p.y)
    }
}

/// The exact Hessian of the depth reading, as [`Landscape::hessian`].
impl Hessian<U2> for Landscape {
    /// The Hessian of the depth reading: [`Landscape::hessian`].
    fn hessian(&self, p: &Vector2<f64>) -> Result<Matrix2<f64>, SandpitError> {
        Landscape::hessian(self, p.x, p.y)
    }
}
