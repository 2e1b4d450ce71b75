//! Numbers written for people, in error messages.

use std::fmt;

/// An `f64` written readably: as Rust writes it (the shortest form that
/// reads back to the same number) when its size is between $10^{-4}$ and
/// $10^{6}$, and in scientific notation otherwise, so that $10^{306}$ is
/// `1e306`, not 307 digits, and $-1.86 \times 10^{-10}$ is
/// `-1.8626451492309571e-10`, not a run of zeros.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Num(pub(crate) f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        let size = x.abs();
        if x == 0.0 || !x.is_finite() || (1e-4..1e6).contains(&size) {
            write!(f, "{x}")
        } else {
            write!(f, "{x:e}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Num;

    #[test]
    fn plain_in_the_middle_scientific_at_the_ends() {
        let cases = [
            (0.0, "0"),
            (-0.0, "-0"),
            (1.5, "1.5"),
            (123456.0, "123456"),
            (1e6, "1e6"),
            (1e306, "1e306"),
            (-1.8626451492309571e-10, "-1.8626451492309571e-10"),
            (1e-4, "0.0001"),
            (9.9e-5, "9.9e-5"),
            (f64::INFINITY, "inf"),
            (f64::NAN, "NaN"),
        ];
        for (x, text) in cases {
            assert_eq!(Num(x).to_string(), text, "{x:?}");
            if x.is_finite() {
                // Readable, and still the same number.
                assert_eq!(text.parse::<f64>().unwrap().to_bits(), x.to_bits());
            }
        }
    }
}
