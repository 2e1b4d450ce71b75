//! The four kinds of pit: the introductory bowl, and the seeded generators
//! of random pits, pits with several hollows and hard pits, with the checks
//! every pit they hand out passes.

use super::PIT_SIZE;
use super::landscape::{Bump, Landscape};
use super::minima::Search;
use super::random::Mulberry32;
use std::fmt;
use std::str::FromStr;

/// Which family a [`Landscape`] comes from.
///
/// Its name, as the widget writes it, comes from
/// [`Display`](fmt::Display) and goes back through [`FromStr`]:
/// `LandscapeKind::MultipleMinima.to_string()` is `"multiple"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
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

// The step size steepest descent starts with on each kind of pit,
// `LandscapeKind::default_step`, is with the strategies (strategies.rs).
impl LandscapeKind {
    /// Every kind, in the order of the book.
    pub const ALL: [LandscapeKind; 4] = [
        LandscapeKind::Intro,
        LandscapeKind::Random,
        LandscapeKind::MultipleMinima,
        LandscapeKind::Hard,
    ];

    /// The short name of the kind: what [`Display`](fmt::Display) writes
    /// and [`FromStr`] reads, and what the widget's `data-landscape`
    /// attribute takes.
    fn short_name(self) -> &'static str {
        match self {
            LandscapeKind::Intro => "intro",
            LandscapeKind::Random => "random",
            LandscapeKind::MultipleMinima => "multiple",
            LandscapeKind::Hard => "hard",
        }
    }
}

/// The short name the widget uses in `data-landscape`: `intro`, `random`,
/// `multiple` or `hard`. [`FromStr`] reads it back.
///
/// # Examples
///
/// ```
/// use mvcalc::sandpit::LandscapeKind;
///
/// assert_eq!(LandscapeKind::MultipleMinima.to_string(), "multiple");
/// assert_eq!("hard".parse::<LandscapeKind>(), Ok(LandscapeKind::Hard));
/// ```
impl fmt::Display for LandscapeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.short_name())
    }
}

/// Reads a short name (see [`Display`](fmt::Display)); any other text is a
/// [`ParseKindError`] that lists the names there are. Names are matched
/// exactly: lower case, no spaces.
///
/// # Examples
///
/// ```
/// use mvcalc::sandpit::LandscapeKind;
///
/// let kind: LandscapeKind = "intro".parse()?;
/// assert_eq!(kind, LandscapeKind::Intro);
/// let e = "volcano".parse::<LandscapeKind>().unwrap_err();
/// assert_eq!(
///     e.to_string(),
///     "unknown kind of pit 'volcano'; \
///      the kinds are intro, random, multiple, hard"
/// );
/// # Ok::<(), mvcalc::sandpit::ParseKindError>(())
/// ```
impl FromStr for LandscapeKind {
    type Err = ParseKindError;

    fn from_str(name: &str) -> Result<LandscapeKind, ParseKindError> {
        LandscapeKind::ALL
            .into_iter()
            .find(|k| k.short_name() == name)
            .ok_or_else(|| ParseKindError {
                name: name.to_string(),
            })
    }
}

/// A name that is not the short name of a [`LandscapeKind`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParseKindError {
    /// The text that was read.
    pub name: String,
}

impl fmt::Display for ParseKindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = LandscapeKind::ALL.map(LandscapeKind::short_name);
        write!(
            f,
            "unknown kind of pit '{}'; the kinds are {}",
            self.name,
            names.join(", ")
        )
    }
}

impl std::error::Error for ParseKindError {}

/// How many times a generator may redraw a pit that fails its checks
/// before it falls back to the introductory pit.
const MAX_ATTEMPTS: usize = 200;

/// Salts mixed into the seed so that, say, `random(7)` and `hard(7)` do not
/// share their random numbers.
const SALT_RANDOM: u32 = 0x5EED_0001;
const SALT_MULTIPLE: u32 = 0x5EED_0002;
const SALT_HARD: u32 = 0x5EED_0003;

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

    /// Draws pits of `kind` from `seed` until one passes the checks; also
    /// says how many draws that took (`MAX_ATTEMPTS + 1` if none did and the
    /// introductory bowl was used instead).
    pub(super) fn generate(
        kind: LandscapeKind,
        seed: u32,
    ) -> (Landscape, usize) {
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
}

/// The checks every pit handed out passes (see [`Landscape::local_minima`]);
/// `hole` is where the hard pit's narrow hole was put.
fn playable(
    kind: LandscapeKind,
    search: &Search,
    hole: Option<(f64, f64)>,
) -> bool {
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
        if m.depth - deepest.depth < 0.05 || deepest.distance_to(m.x, m.y) < 0.5
        {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
