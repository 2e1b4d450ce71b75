//! The search for a pit's local minima and its deepest point: a grid scan,
//! Newton refinement, verification and merging.

use super::landscape::{Bump, Landscape, Minimum};
use super::{LandscapeKind, PIT_SIZE};

/// The search samples the pit on a grid of this many points along each
/// side (spacing $6 / 120 = 0.05$ m) before refining.
const GRID_POINTS: usize = 121;

/// What the minima search found.
pub(super) struct Search {
    /// Deepest first: every verified interior minimum, and the lowest point
    /// of the pit if that is on its edge.
    pub(super) minima: Vec<Minimum>,
    /// The highest grid sample.
    pub(super) grid_highest: f64,
    /// Whether the deepest minimum is at least as deep as every grid sample.
    pub(super) consistent: bool,
}

impl Landscape {
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
    /// for m in minima {
    ///     assert!(pit.gradient(m.x, m.y).unwrap().norm() < 1e-8);
    /// }
    /// ```
    pub fn local_minima(&self) -> &[Minimum] {
        &self.minima
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
    pub(super) fn build(
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

    pub(super) fn search(&self) -> Search {
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
        let grid_highest =
            grid.iter().copied().fold(f64::NEG_INFINITY, f64::max);
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

    /// Walks downhill from $(x, y)$ to the bottom of its hollow (or to the
    /// edge), staying in the pit: Newton steps where the Hessian is positive
    /// definite, steepest descent elsewhere, at most 0.5 m at a time, each
    /// halved until the reading drops. A coordinate pressed against the edge
    /// by the slope stays on the edge.
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
                let polish = newton
                    && t == 1.0
                    && len < 1e-4
                    && nf <= f + 1e-15 * (1.0 + f.abs())
                    && {
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

    /// Whether $(x, y)$ really is a local minimum (inside the pit) or a
    /// lowest point along the edge of the pit.
    fn verified(&self, x: f64, y: f64) -> bool {
        const FLAT: f64 = 1e-8;
        let g = self.gradient_at(x, y);
        let h = self.hessian_at(x, y);
        let edge_x = x <= 0.0 || x >= PIT_SIZE;
        let edge_y = y <= 0.0 || y >= PIT_SIZE;
        // On an edge, the slope must push outwards (downhill is outside).
        let outward_x =
            (x <= 0.0 && g.x >= 0.0) || (x >= PIT_SIZE && g.x <= 0.0);
        let outward_y =
            (y <= 0.0 && g.y >= 0.0) || (y >= PIT_SIZE && g.y <= 0.0);
        match (edge_x, edge_y) {
            (false, false) => {
                g.norm() <= FLAT && h[(0, 0)] > 0.0 && h.determinant() > 0.0
            }
            (true, false) => outward_x && g.y.abs() <= FLAT && h[(1, 1)] > 0.0,
            (false, true) => outward_y && g.x.abs() <= FLAT && h[(0, 0)] > 0.0,
            (true, true) => outward_x && outward_y,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refine_reaches_an_edge_minimum_on_a_plain_tilt() {
        // A tilt alone, rising to the north-east: the lowest point is the corner (0, 0).
        let l = Landscape::build(
            LandscapeKind::Random,
            Some(0),
            (0.1, 0.05),
            Vec::new(),
        );
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
}
