//! The parser: text to [`Expr`], by recursive descent.
//!
//! The grammar, from the loosest binding to the tightest:
//!
//! ```text
//! expr    = term (("+" | "-") term)*        one sum, left to right
//! term    = unary (("*" | "/") unary)*      one product, left to right
//! unary   = "-" unary | power
//! power   = primary ("^" unary)?            right-associative
//! primary = number | constant | variable | function "(" expr ")" | "(" expr ")"
//! ```
//!
//! so `-x^2` is $-(x^2)$, `2^-1` is $2^{-1}$, `a^b^c` is $a^{(b^c)}$ and
//! `a - b - c` is the sum $a + (-b) + (-c)$, added from left to right. A
//! chain of `*` is one product, and a `/` divides everything before it in
//! the chain: `a*b/c*d` is $\frac{a b}{c} \cdot d$. A minus sign directly
//! before a number that is not raised to a power is read as part of the
//! number, so `-2*x` is the number $-2$ times $x$.

use super::{Constant, Expr, Function};
use std::fmt;

/// The deepest tree the parser builds: levels of nested operations (a sum
/// or product of any length is one level, each `/` in a chain such as
/// `x/y/z` adds one). The methods of
/// [`Expr`] walk trees recursively; this leaves room on a 2 MiB stack (a
/// test thread's) for the derivatives of the deepest tree, three or four
/// times as deep.
pub(super) const MAX_DEPTH: usize = 500;

/// The most parentheses, function calls, signs and exponents the parser
/// accepts around a point, which bounds its own recursion. It is twice
/// [`MAX_DEPTH`] because printing adds at most two to each level of a tree
/// (`-(...)`, `^(...)`): whatever prints parses back.
const MAX_NESTING: usize = 2 * MAX_DEPTH;

/// The longest input the parser accepts, in bytes.
const MAX_LEN: usize = 1_000_000;

/// The longest numeral the parser accepts, in characters: room for every
/// `f64` written out in full (the largest has 309 digits, the smallest
/// positive one 326 characters as `0.000...5`), and no more. Longer
/// numerals mean nothing more (an `f64` keeps 17 significant digits), and
/// with thousands of digits the standard library's conversion gets the
/// exponent wrong.
const MAX_NUMBER_LEN: usize = 400;

/// Why a string could not be parsed as an [`Expr`]: where, and what was
/// expected there.
///
/// # Examples
///
/// ```
/// use mvcalc::symbolic::Expr;
///
/// let err = Expr::parse("sin(x+1").unwrap_err();
/// assert_eq!(err.position(), 7);
/// assert_eq!(
///     err.to_string(),
///     "at position 7: expected ')' to close '(' opened at position 3, found end of input"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParseError {
    position: usize,
    message: String,
}

impl ParseError {
    fn new(position: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            position,
            message: message.into(),
        }
    }

    /// The byte offset in the input where the problem was found: the start
    /// of the offending token, or the input's length at its end.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Expr;
    ///
    /// assert_eq!(Expr::parse("2x").unwrap_err().position(), 1);
    /// ```
    pub fn position(&self) -> usize {
        self.position
    }

    /// What was expected and what was found, without the position.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Expr;
    ///
    /// let err = Expr::parse("x +").unwrap_err();
    /// assert_eq!(
    ///     err.message(),
    ///     "expected a number, variable, function or '(' after '+', found end of input"
    /// );
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at position {}: {}", self.position, self.message)
    }
}

impl std::error::Error for ParseError {}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    Num(f64),
    Ident(&'a str),
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    LParen,
    RParen,
    End,
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    tok: Tok<'a>,
    start: usize,
    end: usize,
}

#[derive(Clone)]
struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn next_token(&mut self) -> Result<Token<'a>, ParseError> {
        let rest = &self.src[self.pos..];
        let trimmed = rest.trim_start();
        self.pos += rest.len() - trimmed.len();
        let start = self.pos;
        let Some(c) = trimmed.chars().next() else {
            return Ok(Token {
                tok: Tok::End,
                start,
                end: start,
            });
        };
        let tok = match c {
            '+' => Tok::Plus,
            '-' => Tok::Minus,
            '*' => Tok::Star,
            '/' => Tok::Slash,
            '^' => Tok::Caret,
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            '0'..='9' | '.' => return self.number(),
            c if c.is_ascii_alphabetic() || c == '_' => {
                let len = trimmed
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                    .count();
                self.pos += len;
                return Ok(Token {
                    tok: Tok::Ident(&self.src[start..start + len]),
                    start,
                    end: start + len,
                });
            }
            c => return Err(ParseError::new(start, unexpected_char(c))),
        };
        self.pos += 1;
        Ok(Token {
            tok,
            start,
            end: start + 1,
        })
    }

    /// Digits with an optional decimal point and an optional exponent:
    /// `12`, `0.5`, `.5`, `5.`, `1.5e-3`, `2E+10`.
    fn number(&mut self) -> Result<Token<'a>, ParseError> {
        let b = self.src.as_bytes();
        let start = self.pos;
        let digits = |mut i: usize| {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            i
        };
        let mut i = digits(start);
        let int_digits = i - start;
        if i < b.len() && b[i] == b'.' {
            let j = digits(i + 1);
            if int_digits == 0 && j == i + 1 {
                return Err(ParseError::new(
                    start,
                    "unexpected '.'; write decimals with a digit, as in 0.5",
                ));
            }
            i = j;
        }
        if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
            let sign = usize::from(
                i + 1 < b.len() && (b[i + 1] == b'+' || b[i + 1] == b'-'),
            );
            if i + 1 + sign < b.len() && b[i + 1 + sign].is_ascii_digit() {
                i = digits(i + 1 + sign);
            }
        }
        let text = &self.src[start..i];
        let shown = snippet(text);
        if i < b.len() && b[i] == b'.' {
            return Err(ParseError::new(
                start,
                format!(
                    "malformed number '{shown}.'; a number has at most one decimal point"
                ),
            ));
        }
        if text.len() > MAX_NUMBER_LEN {
            return Err(ParseError::new(
                start,
                format!(
                    "number '{shown}' is too long: {} characters, and the limit is \
                     {MAX_NUMBER_LEN}; an f64 keeps only 17 significant digits, so \
                     write it with fewer digits and an exponent, as in 1.2345e-300",
                    text.len()
                ),
            ));
        }
        let value: f64 = text.parse().map_err(|_| {
            ParseError::new(start, format!("malformed number '{shown}'"))
        })?;
        if !value.is_finite() {
            return Err(ParseError::new(
                start,
                format!(
                    "number '{shown}' is too large for f64 (the largest is about 1.8e308)"
                ),
            ));
        }
        self.pos = i;
        Ok(Token {
            tok: Tok::Num(value),
            start,
            end: i,
        })
    }
}

fn unexpected_char(c: char) -> String {
    let hint = match c {
        '[' | ']' | '{' | '}' => "; use round parentheses ( ) for grouping",
        ',' | ';' => {
            "; functions take one argument, and decimals use a point, as in 0.5"
        }
        '=' | '<' | '>' => {
            "; write an expression, not an equation or inequality"
        }
        '×' | '·' | '⋅' => "; write '*' for multiplication",
        '−' | '–' => "; write the ASCII '-' for minus",
        '²' | '³' => "; write powers with '^', as in x^2",
        '√' => "; write sqrt(x) for the square root",
        'π' => "; write pi",
        c if c.is_alphabetic() => {
            "; names use ASCII letters, digits and '_' (write theta, not θ)"
        }
        _ => "",
    };
    format!(
        "unexpected character {c:?}; expected a number, a name, an operator (+ - * / ^) or a parenthesis{hint}"
    )
}

/// A token's text for a message, shortened if it is very long.
pub(super) fn snippet(text: &str) -> String {
    shortened(text, 32)
}

/// The text, cut after `max` characters and marked `...` if it is longer.
pub(super) fn shortened(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_string(),
    }
}

fn describe(src: &str, t: &Token<'_>) -> String {
    let text = snippet(&src[t.start..t.end]);
    match t.tok {
        Tok::End => "end of input".to_string(),
        Tok::Num(_) => format!("number '{text}'"),
        _ => format!("'{text}'"),
    }
}

struct Parser<'a> {
    src: &'a str,
    lexer: Lexer<'a>,
    peeked: Option<Token<'a>>,
    /// The last token consumed, for messages such as "after '+'".
    prev: Option<Token<'a>>,
    /// Open parentheses, function calls, signs and exponents around the
    /// current position; bounds the parser's recursion.
    nesting: usize,
    /// The most `nesting` has been.
    deepest: usize,
}

/// An expression with its depth as a tree.
type Parsed = (Expr, usize);

impl<'a> Parser<'a> {
    fn peek(&mut self) -> Result<Token<'a>, ParseError> {
        if let Some(t) = self.peeked {
            return Ok(t);
        }
        let t = self.lexer.next_token()?;
        self.peeked = Some(t);
        Ok(t)
    }

    fn bump(&mut self) -> Result<Token<'a>, ParseError> {
        let t = self.peek()?;
        self.peeked = None;
        self.prev = Some(t);
        Ok(t)
    }

    /// The token after the peeked one, or `End` if it cannot be lexed
    /// (the error is reported when the parser gets there).
    fn peek_second(&mut self) -> Tok<'a> {
        self.lexer.clone().next_token().map_or(Tok::End, |t| t.tok)
    }

    fn text(&self, t: &Token<'_>) -> String {
        snippet(&self.src[t.start..t.end])
    }

    fn enter(&mut self, at: usize) -> Result<(), ParseError> {
        self.nesting += 1;
        self.deepest = self.deepest.max(self.nesting);
        if self.nesting > MAX_NESTING {
            return Err(ParseError::new(
                at,
                format!(
                    "expression nested too deeply: more than {MAX_NESTING} levels of parentheses, \
                     function calls, signs or powers; split it into smaller expressions"
                ),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.nesting -= 1;
    }

    /// Checks the depth of a node against [`MAX_DEPTH`].
    fn check_depth(depth: usize, at: usize) -> Result<(), ParseError> {
        if depth > MAX_DEPTH {
            return Err(Self::too_deep(at));
        }
        Ok(())
    }

    /// A node whose children have depth `depth - 1`, checked against
    /// [`MAX_DEPTH`].
    fn node(e: Expr, depth: usize, at: usize) -> Result<Parsed, ParseError> {
        Self::check_depth(depth, at)?;
        Ok((e, depth))
    }

    /// `term (("+" | "-") term)*`, one sum of all the terms, with each
    /// subtracted term negated.
    fn expr(&mut self) -> Result<Parsed, ParseError> {
        let (first, mut depth) = self.term()?;
        let mut terms = vec![first];
        loop {
            let op = self.peek()?;
            let minus = match op.tok {
                Tok::Plus => false,
                Tok::Minus => true,
                _ => break,
            };
            self.bump()?;
            let (t, d) = self.term()?;
            let (t, d) = if minus {
                (Expr::Neg(Box::new(t)), d + 1)
            } else {
                (t, d)
            };
            depth = depth.max(d);
            Self::check_depth(depth + 1, op.start)?;
            terms.push(t);
        }
        Ok(Self::joined(terms, depth, Expr::Add))
    }

    /// One node for the items, of depth `depth` each at most, or the item
    /// itself if there is one.
    fn joined(
        mut items: Vec<Expr>,
        depth: usize,
        make: fn(Vec<Expr>) -> Expr,
    ) -> Parsed {
        if items.len() == 1 {
            (items.pop().expect("one item"), depth)
        } else {
            (make(items), depth + 1)
        }
    }

    /// `unary (("*" | "/") unary)*`: one product of the factors, where a
    /// division takes everything before it as its numerator, so that
    /// `a*b/c*d` is $((a b) / c) d$.
    fn term(&mut self) -> Result<Parsed, ParseError> {
        let (first, mut depth) = self.unary()?;
        let mut factors = vec![first];
        loop {
            let op = self.peek()?;
            let divide = match op.tok {
                Tok::Star => false,
                Tok::Slash => true,
                _ => break,
            };
            self.bump()?;
            let (f, d) = self.unary()?;
            if divide {
                let (numerator, numerator_depth) = Self::joined(
                    std::mem::take(&mut factors),
                    depth,
                    Expr::Mul,
                );
                depth = 1 + numerator_depth.max(d);
                Self::check_depth(depth, op.start)?;
                factors.push(Expr::Div(Box::new(numerator), Box::new(f)));
            } else {
                depth = depth.max(d);
                Self::check_depth(depth + 1, op.start)?;
                factors.push(f);
            }
        }
        Ok(Self::joined(factors, depth, Expr::Mul))
    }

    fn unary(&mut self) -> Result<Parsed, ParseError> {
        let minus = self.peek()?;
        if minus.tok != Tok::Minus {
            return self.power();
        }
        self.bump()?;
        self.enter(minus.start)?;
        let next = self.peek()?;
        let result = match next.tok {
            // A negative number literal, unless it is raised to a power:
            // `-2*x` is (-2)*x but `-2^2` is -(2^2).
            Tok::Num(n) if self.peek_second() != Tok::Caret => {
                self.bump()?;
                Ok((Expr::Num(-n), 1))
            }
            _ => {
                let (e, d) = self.unary()?;
                Self::node(Expr::Neg(Box::new(e)), d + 1, minus.start)
            }
        };
        self.leave();
        result
    }

    fn power(&mut self) -> Result<Parsed, ParseError> {
        let (base, bd) = self.primary()?;
        let caret = self.peek()?;
        if caret.tok != Tok::Caret {
            return Ok((base, bd));
        }
        self.bump()?;
        self.enter(caret.start)?;
        let (exponent, ed) = self.unary()?;
        self.leave();
        Self::node(
            Expr::Pow(Box::new(base), Box::new(exponent)),
            1 + bd.max(ed),
            caret.start,
        )
    }

    fn primary(&mut self) -> Result<Parsed, ParseError> {
        let t = self.peek()?;
        match t.tok {
            Tok::Num(n) => {
                self.bump()?;
                Ok((Expr::Num(n), 1))
            }
            Tok::Ident(name) => {
                self.bump()?;
                let open = self.peek()?;
                if let Ok(f) = name.parse::<Function>() {
                    if open.tok != Tok::LParen {
                        return Err(self.missing_argument(name, &open));
                    }
                    let (arg, d) = self.parenthesised()?;
                    return Self::node(
                        Expr::Func(f, Box::new(arg)),
                        d + 1,
                        t.start,
                    );
                }
                match name {
                    "pi" => Ok((Expr::Const(Constant::Pi), 1)),
                    "e" => Ok((Expr::Const(Constant::E), 1)),
                    _ if open.tok == Tok::LParen => {
                        Err(Self::unknown_function(name, &t))
                    }
                    _ => Ok((Expr::Var(name.to_string()), 1)),
                }
            }
            Tok::LParen => self.parenthesised(),
            _ => Err(self.expected_operand(&t)),
        }
    }

    // The errors are made by functions of their own, which keeps the
    // recursive functions' frames small: the parser recurses once for each
    // level of nesting.

    #[cold]
    #[inline(never)]
    fn missing_argument(&self, name: &str, open: &Token<'_>) -> ParseError {
        ParseError::new(
            open.start,
            format!(
                "expected '(' after the function name '{name}', found {}; \
                 put the argument in parentheses, as in {name}(x)",
                describe(self.src, open)
            ),
        )
    }

    #[cold]
    #[inline(never)]
    fn too_deep(at: usize) -> ParseError {
        ParseError::new(
            at,
            format!(
                "expression too deep: more than {MAX_DEPTH} levels of nested operations \
                 (functions, powers, signs, quotients and parenthesised sums inside \
                 one another; each '/' in a chain such as x/y/z adds one); \
                 split it into smaller expressions"
            ),
        )
    }

    #[cold]
    #[inline(never)]
    fn unknown_function(name: &str, t: &Token<'_>) -> ParseError {
        // Names that are functions elsewhere: say what to write instead.
        let instead = match name {
            "log" => Some("for the natural logarithm write ln(x)"),
            "log10" | "lg" => Some("write log10(x) as ln(x)/ln(10)"),
            "log2" | "lb" => Some("write log2(x) as ln(x)/ln(2)"),
            "sen" => Some("for the sine write sin(x)"),
            "exponential" => Some("write exp(x)"),
            "sgn" | "signum" => Some("for the sign write sign(x)"),
            "fabs" | "Abs" => Some("for the absolute value write abs(x)"),
            "logistic" | "expit" => {
                Some("for the logistic function write sigmoid(x)")
            }
            "sigma" => Some(
                "for the logistic function write sigmoid(x), and to multiply \
                 the variable sigma, write sigma*(...)",
            ),
            "softplus" => Some("write softplus(x) as ln(1 + exp(x))"),
            "relu" | "ReLU" => Some("write relu(x) as (x + abs(x))/2"),
            "sec" => Some("write sec(x) as 1/cos(x)"),
            "csc" | "cosec" => Some("write csc(x) as 1/sin(x)"),
            "cot" | "cotan" => Some("write cot(x) as cos(x)/sin(x)"),
            "max" | "min" => Some(
                "functions take one argument; write max(a, b) as \
                 (a + b + abs(a - b))/2 and min(a, b) as (a + b - abs(a - b))/2",
            ),
            "asin" | "acos" | "atan" | "arcsin" | "arccos" | "arctan"
            | "asinh" | "acosh" | "atanh" | "arsinh" | "arcosh" | "artanh" => {
                Some(
                    "the inverse trigonometric and hyperbolic functions are not supported",
                )
            }
            _ => None,
        };
        let names: Vec<&str> = Function::ALL.iter().map(|f| f.name()).collect();
        let name = snippet(name);
        let hint = match instead {
            Some(hint) => hint.to_string(),
            // A name of our own: a function that is not here, or a
            // variable with the '*' left out.
            None => format!(
                "if '{name}' is a variable multiplying the parentheses, \
                 write {name}*(...)"
            ),
        };
        ParseError::new(
            t.start,
            format!(
                "unknown function '{name}'; the functions are {}; {hint}",
                names.join(", ")
            ),
        )
    }

    #[cold]
    #[inline(never)]
    fn unclosed(&self, open: &Token<'_>, close: &Token<'_>) -> ParseError {
        match close.tok {
            Tok::End => ParseError::new(
                close.start,
                format!(
                    "expected ')' to close '(' opened at position {}, found end of input",
                    open.start
                ),
            ),
            _ => self.after_operand(close),
        }
    }

    #[cold]
    #[inline(never)]
    fn missing_exponent(
        &self,
        number: &str,
        letter: &str,
        t: &Token<'_>,
    ) -> ParseError {
        let sign = self.src[t.end..]
            .chars()
            .next()
            .filter(|c| matches!(c, '+' | '-'))
            .map_or(String::new(), String::from);
        let other = if letter == "e" {
            "Euler's number e"
        } else {
            "the variable E"
        };
        ParseError::new(
            t.start,
            format!(
                "number '{number}{letter}{sign}' has an exponent without digits; \
                 write the exponent's digits, as in {number}{letter}2 or \
                 {number}{letter}-2, or write {number}*{letter} to multiply by \
                 {other}"
            ),
        )
    }

    /// `( expr )`, with the `(` peeked.
    fn parenthesised(&mut self) -> Result<Parsed, ParseError> {
        let open = self.bump()?;
        self.enter(open.start)?;
        let inner = self.expr()?;
        let close = self.peek()?;
        if close.tok != Tok::RParen {
            return Err(self.unclosed(&open, &close));
        }
        self.bump()?;
        self.leave();
        Ok(inner)
    }

    /// The error for a token where an operand should start.
    fn expected_operand(&self, t: &Token<'_>) -> ParseError {
        let found = describe(self.src, t);
        let message = match (self.prev, t.tok) {
            (None, Tok::End) => {
                "expected an expression, found end of input".to_string()
            }
            (Some(p), Tok::RParen) if p.tok == Tok::LParen => {
                "expected an expression inside the parentheses, found ')'"
                    .to_string()
            }
            (Some(p), Tok::Star) if p.tok == Tok::Star => format!(
                "expected a number, variable, function or '(' after '*', found {found}; \
                 write powers with '^', as in x^2"
            ),
            (Some(p), _) => format!(
                "expected a number, variable, function or '(' after '{}', found {found}",
                self.text(&p)
            ),
            (None, _) => format!(
                "expected a number, variable, function or '(', found {found}"
            ),
        };
        ParseError::new(t.start, message)
    }

    /// The error for a token that cannot follow a complete operand: a
    /// missing operator (implicit multiplication), an exponent without
    /// digits, or an unmatched `)`.
    fn after_operand(&self, t: &Token<'_>) -> ParseError {
        let found = describe(self.src, t);
        let prev = self.prev.map_or(String::new(), |p| self.text(&p));
        // A number followed at once by `e` or `E`: an exponent whose digits
        // are missing, as in 3.5e or 1e-, or a product without its '*'.
        if let (Some(p), Tok::Ident(letter @ ("e" | "E"))) = (self.prev, t.tok)
            && matches!(p.tok, Tok::Num(_))
            && p.end == t.start
        {
            return self.missing_exponent(&prev, letter, t);
        }
        let message = match t.tok {
            Tok::RParen => {
                "unmatched ')': there is no '(' before it to close".to_string()
            }
            Tok::End => "expected end of input".to_string(),
            _ => {
                let rhs = match t.tok {
                    Tok::LParen => "(...)".to_string(),
                    _ => self.text(t),
                };
                let lhs = if prev == ")" { "(...)" } else { &prev };
                format!(
                    "expected an operator (+ - * / ^) after '{prev}', found {found}; \
                     implicit multiplication is not supported, so write {lhs}*{rhs}"
                )
            }
        };
        ParseError::new(t.start, message)
    }
}

impl Expr {
    /// Parses an expression such as `sin(2*x^5 + 3*x) / exp(7*x)`.
    ///
    /// The syntax is the usual one:
    ///
    /// - numbers: `2`, `0.5`, `.5`, `1.5e-3`;
    /// - variables: identifiers of ASCII letters, digits and `_`, such as
    ///   `x`, `rho`, `x1` or `w_2`;
    /// - the constants `pi` and `e`;
    /// - the functions `sin cos tan sinh cosh tanh exp ln sqrt abs sigmoid
    ///   sign` (see [`Function`]), with the argument in parentheses:
    ///   `sin(x)`, not `sin x`;
    /// - the operators `+ - * / ^` and unary `-`, with the usual precedence:
    ///   `^` binds tightest and groups to the right (`a^b^c` is
    ///   $a^{(b^c)}$), then unary minus (`-x^2` is $-(x^2)$), then `*` and
    ///   `/`, then `+` and `-`, each worked out from left to right. A chain
    ///   of `+` and `-` is one [`Expr::Add`] of all its terms, with the
    ///   subtracted ones negated, and a chain of `*` one [`Expr::Mul`], so
    ///   a sum of thousands of terms is a shallow tree;
    /// - parentheses for grouping, and any whitespace between tokens.
    ///
    /// Multiplication is always written: `2x` and `x y` are errors that say
    /// to write `2*x` and `x*y`.
    ///
    /// # Errors
    ///
    /// A [`ParseError`] with the byte position of the problem and a message
    /// saying what was expected and what was found. Trees more than 500
    /// levels deep (functions, powers, quotients, signs and parenthesised
    /// sums inside one another; each `/` in a chain such as `x/y/z` adds a
    /// level), inputs nested more than 1,000 levels deep in parentheses,
    /// function calls, signs and powers, and inputs longer than 1,000,000
    /// bytes are rejected, so the parser never overflows the stack.
    /// Whatever [`Display`](std::fmt::Display) prints of a tree at most 500
    /// levels deep parses back. So are numerals
    /// longer than 400 characters, more than any `f64` needs, with a message
    /// that says to write fewer digits and an exponent.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::{Expr, var};
    ///
    /// let f = Expr::parse("-x^2 + 3*x")?;
    /// assert_eq!(f, -var("x").pow(2.0) + 3.0 * var("x"));
    /// assert_eq!(f.eval(&[("x", 1.0)])?, 2.0);
    ///
    /// let err = Expr::parse("2x").unwrap_err();
    /// assert_eq!(err.position(), 1);
    /// assert!(err.message().contains("write 2*x"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(input: &str) -> Result<Expr, ParseError> {
        if input.len() > MAX_LEN {
            return Err(ParseError::new(
                0,
                format!(
                    "input too long: {} bytes, and the limit is {MAX_LEN}; \
                     split it into smaller expressions",
                    input.len()
                ),
            ));
        }
        // The parser recurses once for each level of nesting, and a level
        // takes several kilobytes of stack in a debug build, so an input
        // that may nest deeply is parsed on a thread with room for it.
        let nesting = nesting_bound(input).min(MAX_NESTING + 1);
        if nesting <= SHALLOW {
            return parse_here(input);
        }
        std::thread::scope(|scope| {
            std::thread::Builder::new()
                .stack_size((1 << 20) + nesting * (16 << 10))
                .spawn_scoped(scope, || parse_here(input))
                .map_or_else(
                    // No threads here (as on WebAssembly): parse on this one.
                    |_| parse_here(input),
                    |thread| {
                        thread.join().unwrap_or_else(|panic| {
                            std::panic::resume_unwind(panic)
                        })
                    },
                )
        })
    }
}

/// Inputs nested at most this deep are parsed on the caller's thread.
const SHALLOW: usize = 64;

/// At least the most levels the parser enters at once for `input`:
/// parentheses, plus the signs and carets whose operands are still open
/// (a binary operator at the same level of parentheses closes them, as
/// `-` and `^` bind tighter than `+ - * /`).
fn nesting_bound(input: &str) -> usize {
    let b = input.as_bytes();
    // Open markers at each level of parentheses.
    let mut open = vec![0usize];
    let (mut now, mut most) = (0usize, 0usize);
    let mut prev: Option<usize> = None;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'(' => {
                open.push(0);
                now += 1;
            }
            b')' if open.len() > 1 => {
                now -= 1 + open.pop().unwrap_or(0);
            }
            b'-' | b'+' | b'*' | b'/' | b'^' => {
                let operand_before = prev.is_some_and(|p| {
                    b[p].is_ascii_alphanumeric()
                        || matches!(b[p], b'_' | b'.' | b')')
                });
                // The sign of an exponent in a number, as in 1e-5.
                let in_number = prev.is_some_and(|p| {
                    matches!(b[p], b'e' | b'E')
                        && p > 0
                        && (b[p - 1].is_ascii_digit() || b[p - 1] == b'.')
                });
                let top = open.last_mut().expect("the outermost level");
                if in_number && matches!(c, b'-' | b'+') {
                } else if c == b'^' || (c == b'-' && !operand_before) {
                    *top += 1;
                    now += 1;
                } else if operand_before {
                    now -= *top;
                    *top = 0;
                }
            }
            _ => {}
        }
        most = most.max(now);
        if !c.is_ascii_whitespace() {
            prev = Some(i);
        }
    }
    most
}

fn parse_here(input: &str) -> Result<Expr, ParseError> {
    parse_counting(input).0
}

/// The parse, and how deep the parser nested.
fn parse_counting(input: &str) -> (Result<Expr, ParseError>, usize) {
    let mut parser = Parser {
        src: input,
        lexer: Lexer { src: input, pos: 0 },
        peeked: None,
        prev: None,
        nesting: 0,
        deepest: 0,
    };
    let result = parser.expr().and_then(|(e, _)| {
        let end = parser.peek()?;
        if end.tok != Tok::End {
            return Err(parser.after_operand(&end));
        }
        Ok(e)
    });
    (result, parser.deepest)
}

#[cfg(test)]
mod tests {
    use super::super::{cos, exp, ln, num, sin, sqrt, tan, var};
    use super::*;

    fn p(s: &str) -> Expr {
        Expr::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    fn err(s: &str) -> ParseError {
        match Expr::parse(s) {
            Ok(e) => panic!("{s:?} parsed as {e:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(p("42"), num(42.0));
        assert_eq!(p("0.5"), num(0.5));
        assert_eq!(p(".5"), num(0.5));
        assert_eq!(p("5."), num(5.0));
        assert_eq!(p("1.5e-3"), num(1.5e-3));
        assert_eq!(p("2E+10"), num(2e10));
        assert_eq!(p("1e-400"), num(0.0));
        assert_eq!(p("-3"), num(-3.0));
        assert_eq!(p("  7\t"), num(7.0));
    }

    #[test]
    fn names_constants_functions() {
        let x = var("x");
        assert_eq!(p("rho"), var("rho"));
        assert_eq!(p("x1 + w_2"), var("x1") + var("w_2"));
        assert_eq!(p("pi"), Expr::PI);
        assert_eq!(p("e"), Expr::E);
        assert_eq!(p("e^x"), Expr::E.pow(&x));
        assert_eq!(p("sin(x)"), sin(&x));
        assert_eq!(p("cos (x)"), cos(&x));
        assert_eq!(p("tan(x)"), tan(&x));
        assert_eq!(p("exp(x)"), exp(&x));
        assert_eq!(p("ln(x)"), ln(&x));
        assert_eq!(p("sqrt(x)"), sqrt(&x));
        assert_eq!(p("sinh(x)"), super::super::sinh(&x));
        assert_eq!(p("cosh(x)"), super::super::cosh(&x));
        assert_eq!(p("tanh(x)"), super::super::tanh(&x));
        assert_eq!(p("abs(x)"), super::super::abs(&x));
        assert_eq!(p("sigmoid(x)"), super::super::sigmoid(&x));
        assert_eq!(p("sign(x)"), super::super::sign(&x));
        // Names that start with a function's name are variables.
        assert_eq!(p("sinx"), var("sinx"));
        assert_eq!(p("sinhx"), var("sinhx"));
        assert_eq!(p("epsilon"), var("epsilon"));
        assert_eq!(p("signal"), var("signal"));
    }

    #[test]
    fn precedence_and_associativity() {
        let (x, y, z) = (var("x"), var("y"), var("z"));
        assert_eq!(p("-x^2"), -(x.pow(2.0)));
        assert_eq!(p("-2^2"), -(num(2.0).pow(2.0)));
        assert_eq!(p("-2^2").eval(&[]).unwrap(), -4.0);
        assert_eq!(p("x^y^z"), x.pow(y.pow(&z)));
        assert_eq!(p("x^-2"), x.pow(-2.0));
        assert_eq!(p("x^-y"), x.pow(-&y));
        assert_eq!(p("x - y - z"), (&x - &y) - &z);
        assert_eq!(p("x - y - z"), Expr::Add(vec![x.clone(), -&y, -&z]));
        assert_eq!(p("x / y / z"), (&x / &y) / &z);
        assert_eq!(p("x * y / z * x"), &x * &y / &z * &x);
        assert_eq!(
            p("x * y / z * x"),
            Expr::Mul(vec![
                Expr::Div(Box::new(&x * &y), Box::new(z.clone())),
                x.clone()
            ])
        );
        assert_eq!(p("x + y * z"), &x + &y * &z);
        assert_eq!(p("(x + y) * z"), (&x + &y) * &z);
        assert_eq!(p("-x * y"), (-&x) * &y);
        assert_eq!(p("x * -y"), &x * -&y);
        assert_eq!(p("2 * -3"), 2.0 * num(-3.0));
        assert_eq!(p("--x"), -(-&x));
        assert_eq!(p("-(2)"), -num(2.0));
        assert_eq!(p("x - 2"), &x - 2.0);
        assert_eq!(p("((x))"), x);
    }

    #[test]
    fn the_beast() {
        let x = var("x");
        let beast = sin(2.0 * x.pow(5.0) + 3.0 * &x) / exp(7.0 * &x);
        assert_eq!(p("sin(2*x^5 + 3*x) / exp(7*x)"), beast);
    }

    #[test]
    fn error_positions_and_messages() {
        let e = err("sin(x+1");
        assert_eq!(e.position(), 7);
        assert_eq!(
            e.to_string(),
            "at position 7: expected ')' to close '(' opened at position 3, found end of input"
        );
        let e = err("2x");
        assert_eq!(e.position(), 1);
        assert!(e.message().contains("implicit multiplication"), "{e}");
        assert!(e.message().contains("write 2*x"), "{e}");
        let e = err("x y");
        assert_eq!(e.position(), 2);
        assert!(e.message().contains("write x*y"), "{e}");
        let e = err("2(x+1)");
        assert_eq!(e.position(), 1);
        assert!(e.message().contains("write 2*(...)"), "{e}");
        let e = err("(x+1)(x-1)");
        assert_eq!(e.position(), 5);
        let e = err("sin x");
        assert_eq!(e.position(), 4);
        assert!(
            e.message()
                .contains("expected '(' after the function name 'sin'"),
            "{e}"
        );
        let e = err("sin");
        assert_eq!(e.position(), 3);
        assert!(e.message().contains("found end of input"), "{e}");
        let e = err("(x+1");
        assert_eq!(e.position(), 4);
        assert!(e.message().contains("opened at position 0"), "{e}");
        let e = err("x+");
        assert_eq!(e.position(), 2);
        assert_eq!(
            e.message(),
            "expected a number, variable, function or '(' after '+', found end of input"
        );
        let e = err("x**2");
        assert_eq!(e.position(), 2);
        assert!(e.message().contains("'^'"), "{e}");
        let e = err("");
        assert_eq!(e.position(), 0);
        assert_eq!(e.message(), "expected an expression, found end of input");
        let e = err("   ");
        assert_eq!(e.position(), 3);
        let e = err("x)");
        assert_eq!(e.position(), 1);
        assert!(e.message().contains("unmatched ')'"), "{e}");
        let e = err("()");
        assert_eq!(e.position(), 1);
        assert!(e.message().contains("inside the parentheses"), "{e}");
        let e = err("log(x)");
        assert_eq!(e.position(), 0);
        assert!(e.message().contains("unknown function 'log'"), "{e}");
        assert!(e.message().contains("ln(x)"), "{e}");
        assert!(!e.message().contains("multiply"), "{e}");
        // Names that are functions elsewhere are not told to multiply.
        for name in ["arctan", "sgn", "relu", "log10", "sec", "max", "softplus"]
        {
            let e = err(&format!("{name}(x)"));
            assert!(
                e.message()
                    .starts_with(&format!("unknown function '{name}'")),
                "{e}"
            );
            assert!(!e.message().contains("multiply"), "{e}");
        }
        // Other names might be a variable with the '*' left out.
        let e = err("foo(x + 1)");
        assert_eq!(
            e.message(),
            "unknown function 'foo'; the functions are sin, cos, tan, sinh, \
             cosh, tanh, exp, ln, sqrt, abs, sigmoid, sign; if 'foo' is a \
             variable multiplying the parentheses, write foo*(...)"
        );
        let e = err("sigma(x)");
        assert!(e.message().contains("sigmoid(x)"), "{e}");
        assert!(e.message().contains("sigma*(...)"), "{e}");
        // An exponent without digits, or Euler's number without a '*'.
        let e = err("3.5e");
        assert_eq!(e.position(), 3);
        assert_eq!(
            e.message(),
            "number '3.5e' has an exponent without digits; write the \
             exponent's digits, as in 3.5e2 or 3.5e-2, or write 3.5*e to \
             multiply by Euler's number e"
        );
        let e = err("2*1e- + x");
        assert_eq!(e.position(), 3);
        assert!(
            e.message().starts_with("number '1e-' has an exponent"),
            "{e}"
        );
        let e = err("2E");
        assert!(
            e.message()
                .contains("write 2*E to multiply by the variable E")
        );
        // With a space, it is a missing '*'.
        let e = err("3.5 e");
        assert!(e.message().contains("write 3.5*e"), "{e}");
        assert!(!e.message().contains("exponent"), "{e}");
        let e = err("pi(x)");
        assert_eq!(e.position(), 2);
        let e = err("x # y");
        assert_eq!(e.position(), 2);
        assert!(e.message().contains("unexpected character '#'"), "{e}");
        let e = err("θ + 1");
        assert_eq!(e.position(), 0);
        assert!(e.message().contains("theta"), "{e}");
        let e = err("x + θ");
        assert_eq!(e.position(), 4);
        let e = err("1.2.3");
        assert_eq!(e.position(), 0);
        assert!(e.message().contains("malformed number"), "{e}");
        let e = err("1e999");
        assert!(e.message().contains("too large"), "{e}");
        let e = err("x + .");
        assert_eq!(e.position(), 4);
        let e = err("2 * / 3");
        assert_eq!(e.position(), 4);
        assert!(e.message().contains("after '*', found '/'"), "{e}");
        let e = err("f(x, y)");
        assert!(e.message().contains("unknown function 'f'"), "{e}");
        // Long tokens are shortened in messages.
        let long = format!("{} {}", "a".repeat(100_000), "1".repeat(100_000));
        let e = err(&long);
        assert_eq!(e.position(), 100_001);
        assert!(e.message().len() < 300, "{e}");
        let e = err(&"9".repeat(400));
        assert!(
            e.message().contains("too large") && e.message().len() < 200,
            "{e}"
        );
    }

    #[test]
    fn numerals_longer_than_any_f64_are_refused() {
        // 90,000 ones times 10^-900000 is about 10^-810001, which is 0 in
        // f64, and 10^-90001 times 10^900000 is 10^809999, which overflows;
        // the standard library reads them as 0.111 and 0.1.
        let tiny = format!("{}e-900000", "1".repeat(90_000));
        let huge = format!("0.{}1e900000", "0".repeat(90_000));
        for text in [&tiny, &huge, &format!("x + {}", "2".repeat(401))] {
            let e = err(text);
            assert!(e.message().contains("too long"), "{e}");
            assert!(e.message().contains("exponent"), "{e}");
            assert!(e.message().len() < 300, "{e}");
            assert_eq!(
                e.position(),
                text.find(|c: char| c.is_ascii_digit()).unwrap()
            );
        }
        // Up to the limit numerals are read exactly: 10^-(k+1) * 10^(k+1)
        // is 1, (10^k - 1)/9 * 10^-k is 1/9 to within 10^-k, 1e-900000
        // underflows to 0, and every f64 written out in full reads back.
        let k = MAX_NUMBER_LEN - 8;
        assert_eq!(p(&format!("0.{}1e{}", "0".repeat(k), k + 1)), num(1.0));
        assert_eq!(p(&format!("{}e-{k}", "1".repeat(k))), num(1.0 / 9.0));
        assert_eq!(p("1e-900000"), num(0.0));
        assert!(err("1e900000").message().contains("too large"));
        for x in [f64::MAX, f64::MIN_POSITIVE, 5e-324, 1.0 / 3.0] {
            let full = format!("{x:.*}", if x < 1.0 { 330 } else { 0 });
            let full = full.trim_end_matches('0');
            assert!(full.len() <= MAX_NUMBER_LEN, "{}", full.len());
            assert_eq!(p(full), num(x), "{full}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 2000,
            failure_persistence: None,
            ..Default::default()
        })]

        /// The bound that decides where an input is parsed is never below
        /// the nesting the parser reaches.
        #[test]
        fn nesting_bound_is_a_bound(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "x", "2", "1e-3", "2e+4", "x2e", "(", ")", "-", "+", "*",
                    "/", "^", " ", "sin(", "e", ".5",
                ]),
                0..60,
            )
        ) {
            let input = pieces.concat();
            let (_, deepest) = parse_counting(&input);
            proptest::prop_assert!(
                deepest <= nesting_bound(&input),
                "{:?}: {} > {}", input, deepest, nesting_bound(&input)
            );
        }
    }

    #[test]
    fn nesting_bounds() {
        assert_eq!(nesting_bound("x - y*z + -w"), 1);
        assert_eq!(nesting_bound(&"-x + ".repeat(1000)), 1);
        assert_eq!(nesting_bound(&"x^-".repeat(10)), 20);
        assert_eq!(nesting_bound("sin((x))^2 - 1e-5"), 2);
    }

    #[test]
    fn depth_limits() {
        let ok =
            format!("{}x{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
        assert_eq!(p(&ok), var("x"));
        let e =
            err(&format!("{}x{}", "(".repeat(100_000), ")".repeat(100_000)));
        assert_eq!(e.position(), MAX_NESTING);
        assert!(e.message().contains("nested too deeply"), "{e}");
        let e = err(&"-".repeat(100_000));
        assert!(e.message().contains("nested too deeply"), "{e}");
        let e = err(&"x^".repeat(50_000));
        assert!(e.message().contains("nested too deeply"), "{e}");
        let e = err(&"sin(".repeat(50_000));
        assert!(e.message().contains("nested too deeply"), "{e}");
        // A sum or product of any length is one level.
        let sum = p(&vec!["x"; 50_000].join("+"));
        assert!(matches!(&sum, Expr::Add(t) if t.len() == 50_000));
        let product = p(&vec!["x"; 50_000].join("*"));
        assert!(matches!(&product, Expr::Mul(f) if f.len() == 50_000));
        // Each division in a chain is one.
        let e = err(&vec!["x"; 50_000].join("/"));
        assert!(e.message().contains("too deep"), "{e}");
        assert_eq!(e.position(), 2 * MAX_DEPTH - 1);
        assert!(
            p(&vec!["x"; MAX_DEPTH].join("/"))
                .eval(&[("x", 2.0)])
                .is_ok()
        );
        // Alternating signs: each subtracted term is a negation inside the
        // sum, two levels.
        let terms = p(&vec!["x"; 1000].join(" - "));
        assert!(matches!(&terms, Expr::Add(t) if t.len() == 1000));
        let e = err(&"x".repeat(MAX_LEN + 1));
        assert!(e.message().contains("too long"), "{e}");
        // A long but shallow input is fine.
        let long_name = "a".repeat(10_000);
        assert_eq!(p(&long_name), var(long_name.as_str()));
    }
}
