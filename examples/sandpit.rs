//! Chapter 2, "Multivariate calculus": play the Sandpit by gradient descent.
//!
//! Dips a stick into a hidden landscape, steps downhill against the
//! gradient each time, and prints every dip until the game is won or the
//! dips run out.
//!
//! Run it with `cargo run --example sandpit`, or pick a random pit with
//! `cargo run --example sandpit -- 42` (any seed).

use mvcalc::sandpit::{Game, Landscape, Mode, Outcome, PIT_SIZE};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let landscape = match std::env::args().nth(1) {
        Some(seed) => Landscape::random(seed.parse().map_err(|_| {
            format!(
                "the seed must be a whole number from 0 to {}, not {seed:?}",
                u32::MAX
            )
        })?),
        None => Landscape::intro(),
    };
    // The step size the widget starts with on this kind of pit.
    let eta = landscape.kind().default_step();
    println!("Playing {} with step size {eta}", landscape.name());
    let mut game = Game::new(landscape, Mode::Gradient, 30);

    // Start in a corner and walk downhill: each step goes against the
    // gradient, x <- x - eta * gradient, capped at one metre.
    let (mut x, mut y) = (0.5, 5.5);
    println!(
        "{:>3}  {:>6}  {:>6}  {:>8}  {:>18}",
        "dip", "x", "y", "depth", "gradient"
    );
    loop {
        let dip = game.dip(x, y)?;
        let Some(g) = dip.gradient else {
            return Err(
                "a game in gradient mode reports the gradient with every dip"
                    .into(),
            );
        };
        println!(
            "{:>3}  {:>6.3}  {:>6.3}  {:>8.4}  ({:>7.4}, {:>7.4})",
            dip.number, dip.x, dip.y, dip.depth, g.x, g.y
        );
        match dip.outcome {
            Outcome::Won { dips } => {
                println!("Found the deepest point in {dips} dips.");
                break;
            }
            Outcome::OutOfDips => {
                println!(
                    "Out of dips: gradient descent did not reach the deepest point."
                );
                break;
            }
            Outcome::LocalMinimum {
                distance_to_deepest,
            } => {
                println!(
                    "Stuck in a local minimum; the deepest point is {distance_to_deepest:.2} m away."
                );
                break;
            }
            Outcome::Continue => {}
            // An outcome this program does not know: keep dipping.
            _ => {}
        }
        let mut step = -eta * g;
        if step.norm() > 1.0 {
            step /= step.norm();
        }
        x = (x + step.x).clamp(0.0, PIT_SIZE);
        y = (y + step.y).clamp(0.0, PIT_SIZE);
    }
    let deepest = game.landscape().deepest();
    println!(
        "The deepest point is at ({:.3}, {:.3}), depth {:.4}.",
        deepest.x, deepest.y, deepest.depth
    );
    Ok(())
}
