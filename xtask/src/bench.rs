//! `cargo xtask bench`: times the crate on named rows, in a release build.
//!
//! A row is one piece of work on a fixed input: its input is built first
//! (not timed), then the work runs once to warm up and several more times,
//! and the median is printed. Timings are reported, never asserted: they
//! depend on the machine.
//!
//! A row may have a *reference*: the same job done in Python (sympy, say),
//! timed the same way in a `python3` process and printed beside ours with
//! the ratio. Without `python3` or the modules the reference needs, the
//! reference is skipped and the table says so.
//!
//! To add a row, add an entry to [`ROWS`]: a name (`area/what`, used to pick
//! rows on the command line), a function that builds the input and returns
//! the work to time, and optionally a [`Reference`].

use crate::Result;
use mvcalc::symbolic::{self, Expr};
use std::hint::black_box;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One named row of the benchmark table.
pub struct Row {
    /// `area/what`; `cargo xtask bench area` runs the rows whose names
    /// contain `area`.
    pub name: &'static str,
    /// What is timed, for the table's notes.
    pub what: &'static str,
    /// Builds the input (not timed) and returns the work to time.
    pub prepare: fn() -> Work,
    /// The same job done by another program, timed beside ours.
    pub reference: Option<Reference>,
}

/// The timed work of a row.
pub type Work = Box<dyn FnMut()>;

/// The same job in Python, timed in a separate `python3` process.
pub struct Reference {
    /// What the reference runs, for the table: `sympy diff`.
    pub label: &'static str,
    /// Modules it needs; without one of them the reference is skipped.
    pub modules: &'static [&'static str],
    /// Python code run once, not timed, which defines what `stmt` uses.
    /// It may read `INPUT`, the string [`Reference::input`] returns.
    pub setup: &'static str,
    /// The Python statement that is timed.
    pub stmt: &'static str,
    /// The row's input as text for the Python side (built by the crate, so
    /// both sides see the same formula).
    pub input: fn() -> String,
}

/// `sin(sin(...(x*y)...))`, `depth` functions deep.
fn nested(function: &str, depth: usize) -> Expr {
    let text = format!(
        "{}x*y{}",
        format!("{function}(").repeat(depth),
        ")".repeat(depth)
    );
    Expr::parse(&text).expect("a nested chain parses")
}

/// The input of the deep-chain rows, as sympy reads it.
fn nested_text<const SIN: bool, const DEPTH: usize>() -> String {
    nested(if SIN { "sin" } else { "tan" }, DEPTH).to_string()
}

/// Sympy reads our syntax once `^` is `**` and `e` is Euler's number.
const SYMPY_PARSE: &str = "\
import sympy
x, y = sympy.symbols('x y')
NAMES = {'e': sympy.E, 'pi': sympy.pi, 'x': x, 'y': y}
F = sympy.parse_expr(INPUT.replace('^', '**'), local_dict=NAMES)
";

/// The set-up of the second-derivative rows: the first derivative.
const SYMPY_FIRST_DERIVATIVE: &str = "\
import sympy
x, y = sympy.symbols('x y')
NAMES = {'e': sympy.E, 'pi': sympy.pi, 'x': x, 'y': y}
F = sympy.parse_expr(INPUT.replace('^', '**'), local_dict=NAMES)
FX = sympy.diff(F, x)
";

fn second_derivative(function: &'static str, depth: usize) -> Work {
    let fx = nested(function, depth).diff("x");
    Box::new(move || {
        black_box(fx.diff("y"));
    })
}

fn hessian(function: &'static str, depth: usize) -> Work {
    let f = nested(function, depth);
    Box::new(move || {
        black_box(symbolic::hessian(&f, &["x", "y"]));
    })
}

fn simplify_only(function: &'static str, depth: usize) -> Work {
    let raw = nested(function, depth).diff("x").diff_unsimplified("y");
    Box::new(move || {
        black_box(raw.simplify());
    })
}

const D2_REFERENCE: &str = "sympy.diff(FX, y)";
const HESSIAN_REFERENCE: &str = "sympy.hessian(F, (x, y))";

/// Every row, in the order printed. Later chapters add theirs here.
pub const ROWS: &[Row] = &[
    Row {
        name: "symbolic/beast-derivative",
        what: "parse sin(2x^5 + 3x)/exp(7x), differentiate, print",
        prepare: || {
            Box::new(|| {
                let f = Expr::parse("sin(2*x^5 + 3*x) / exp(7*x)").unwrap();
                black_box(f.diff("x").to_string());
            })
        },
        reference: Some(Reference {
            label: "sympy diff",
            modules: &["sympy"],
            setup: SYMPY_PARSE,
            stmt: "str(sympy.diff(sympy.parse_expr(INPUT.replace('^', '**'), \
                   local_dict=NAMES), x))",
            input: || "sin(2*x^5 + 3*x) / exp(7*x)".to_string(),
        }),
    },
    Row {
        name: "symbolic/simplify-d2-sin100",
        what: "simplify the raw d/dy of d/dx sin^100(x*y)",
        prepare: || simplify_only("sin", 100),
        reference: None,
    },
    Row {
        name: "symbolic/d2-sin100",
        what: "d/dy of d/dx sin^100(x*y), simplified",
        prepare: || second_derivative("sin", 100),
        reference: Some(Reference {
            label: "sympy diff",
            modules: &["sympy"],
            setup: SYMPY_FIRST_DERIVATIVE,
            stmt: D2_REFERENCE,
            input: nested_text::<true, 100>,
        }),
    },
    Row {
        name: "symbolic/d2-sin125",
        what: "d/dy of d/dx sin^125(x*y), simplified",
        prepare: || second_derivative("sin", 125),
        reference: Some(Reference {
            label: "sympy diff",
            modules: &["sympy"],
            setup: SYMPY_FIRST_DERIVATIVE,
            stmt: D2_REFERENCE,
            input: nested_text::<true, 125>,
        }),
    },
    Row {
        name: "symbolic/d2-tan150",
        what: "d/dy of d/dx tan^150(x*y), simplified",
        prepare: || second_derivative("tan", 150),
        reference: Some(Reference {
            label: "sympy diff",
            modules: &["sympy"],
            setup: SYMPY_FIRST_DERIVATIVE,
            stmt: D2_REFERENCE,
            input: nested_text::<false, 150>,
        }),
    },
    Row {
        name: "symbolic/hessian-sin100",
        what: "symbolic::hessian of sin^100(x*y) in x, y",
        prepare: || hessian("sin", 100),
        reference: Some(Reference {
            label: "sympy hessian",
            modules: &["sympy"],
            setup: SYMPY_PARSE,
            stmt: HESSIAN_REFERENCE,
            input: nested_text::<true, 100>,
        }),
    },
    Row {
        name: "symbolic/hessian-sin125",
        what: "symbolic::hessian of sin^125(x*y) in x, y",
        prepare: || hessian("sin", 125),
        reference: Some(Reference {
            label: "sympy hessian",
            modules: &["sympy"],
            setup: SYMPY_PARSE,
            stmt: HESSIAN_REFERENCE,
            input: nested_text::<true, 125>,
        }),
    },
    Row {
        name: "symbolic/hessian-tan150",
        what: "symbolic::hessian of tan^150(x*y) in x, y",
        prepare: || hessian("tan", 150),
        reference: Some(Reference {
            label: "sympy hessian",
            modules: &["sympy"],
            setup: SYMPY_PARSE,
            stmt: HESSIAN_REFERENCE,
            input: nested_text::<false, 150>,
        }),
    },
];

const USAGE: &str = "\
usage: cargo xtask bench [options] [NAME...]

Times the rows whose names contain one of the given names (all rows without
any),
in a release build: one warm-up run, then several timed runs, and prints the
median. Rows with a Python reference time it too, when python3 has the
modules it needs.

options:
  --list              list the rows and exit
  --runs N            timed runs per row after the warm-up (default 5)
  --budget SECONDS    fewer runs when a row is slow: stop once a row has
                      taken this long (default 30; at least one timed run)
  --no-reference      do not run the Python references
  --reference-timeout SECONDS
                      give up on a reference after this long (default 300)
";

struct Options {
    runs: usize,
    budget: f64,
    reference: bool,
    reference_timeout: f64,
    names: Vec<String>,
}

fn parse_args(args: &[String]) -> Result<Option<Options>> {
    let mut o = Options {
        runs: 5,
        budget: 30.0,
        reference: true,
        reference_timeout: 300.0,
        names: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut number = |what: &str| -> Result<f64> {
            let v = it
                .next()
                .ok_or_else(|| format!("{what} needs a value\n\n{USAGE}"))?;
            v.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x > 0.0)
                .ok_or_else(|| {
                    format!("{what} {v}: expected a positive number")
                })
        };
        match a.as_str() {
            "--list" => {
                for row in ROWS {
                    let r = row.reference.as_ref().map_or("", |r| r.label);
                    println!("{:30} {}  {r}", row.name, row.what);
                }
                return Ok(None);
            }
            "--runs" => o.runs = number("--runs")? as usize,
            "--budget" => o.budget = number("--budget")?,
            "--no-reference" => o.reference = false,
            "--reference-timeout" => {
                o.reference_timeout = number("--reference-timeout")?;
            }
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(None);
            }
            s if s.starts_with('-') => {
                return Err(format!("unknown option `{s}`\n\n{USAGE}"));
            }
            s => o.names.push(s.to_string()),
        }
    }
    o.runs = o.runs.max(1);
    Ok(Some(o))
}

/// `cargo xtask bench`: builds itself in release mode if it is not, then
/// times the selected rows.
pub fn run(args: &[String]) -> Result {
    if cfg!(debug_assertions) {
        // Timings of a debug build mean nothing: run the release build.
        return crate::run(
            crate::cargo()
                .args(["run", "--release", "--quiet", "-p", "xtask", "--"])
                .arg("bench")
                .args(args),
            "the release build of `cargo xtask bench`",
        );
    }
    let Some(options) = parse_args(args)? else {
        return Ok(());
    };
    let rows: Vec<&Row> = ROWS
        .iter()
        .filter(|r| {
            options.names.is_empty()
                || options.names.iter().any(|n| r.name.contains(n.as_str()))
        })
        .collect();
    if rows.is_empty() {
        return Err(format!(
            "no row matches {:?}; `cargo xtask bench --list` lists them",
            options.names
        ));
    }
    let python = if options.reference {
        python_version()
    } else {
        None
    };
    println!(
        "{:30} {:>6} {:>11} {:>11}   reference",
        "row", "runs", "median", "min"
    );
    let mut notes = Vec::new();
    for row in rows {
        let ours = time_ours(row, &options);
        print!(
            "{:30} {:>6} {:>11} {:>11}   ",
            row.name,
            ours.runs,
            show(ours.median),
            show(ours.min)
        );
        std::io::stdout().flush().ok();
        let reference = match (&row.reference, &python, options.reference) {
            (None, _, _) => "none".to_string(),
            (Some(_), _, false) => "skipped (--no-reference)".to_string(),
            (Some(_), None, true) => {
                "skipped: python3 is not installed".to_string()
            }
            (Some(r), Some(_), true) => match time_reference(r, &options) {
                Ok(t) => format!(
                    "{} {} median ({} runs): ours is {}",
                    r.label,
                    show(t.median),
                    t.runs,
                    ratio(ours.median, t.median)
                ),
                Err(why) => format!("{} skipped: {why}", r.label),
            },
        };
        println!("{reference}");
        notes.push(format!("  {:30} {}", row.name, row.what));
    }
    println!("\nrows:");
    for n in notes {
        println!("{n}");
    }
    if let Some(v) = python {
        println!("\nreference: {v}");
    }
    Ok(())
}

struct Timing {
    runs: usize,
    median: f64,
    min: f64,
}

fn summarise(mut times: Vec<f64>) -> Timing {
    times.sort_by(f64::total_cmp);
    let n = times.len();
    let median = if n % 2 == 1 {
        times[n / 2]
    } else {
        (times[n / 2 - 1] + times[n / 2]) / 2.0
    };
    Timing {
        runs: n,
        median,
        min: times[0],
    }
}

/// One warm-up run, then up to `runs` timed runs within the budget. Work
/// faster than a millisecond is timed in batches, reported per run.
fn time_ours(row: &Row, o: &Options) -> Timing {
    let mut work = (row.prepare)();
    let start = Instant::now();
    work();
    let warm = start.elapsed().as_secs_f64();
    let batch = if warm < 1e-3 {
        (1e-2 / warm.max(1e-9)).ceil() as usize
    } else {
        1
    };
    let mut times = Vec::new();
    let begun = Instant::now();
    while times.len() < o.runs
        && (times.is_empty() || begun.elapsed().as_secs_f64() < o.budget)
    {
        let t = Instant::now();
        for _ in 0..batch {
            work();
        }
        times.push(t.elapsed().as_secs_f64() / batch as f64);
    }
    summarise(times)
}

fn python_version() -> Option<String> {
    let out = Command::new("python3").arg("--version").output().ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout).trim().to_string()
            + String::from_utf8_lossy(&out.stderr).trim()
    })
}

/// The Python side of a reference: checks the modules, runs the set-up,
/// then a warm-up and the timed runs in a thread with a large stack, and
/// prints one line `times t1 t2 ...` (seconds).
const PY_DRIVER: &str = r#"
import sys, json, threading, time, importlib
spec = json.loads(sys.stdin.read())
for m in spec["modules"]:
    try:
        importlib.import_module(m)
    except Exception as e:
        print("missing", m, type(e).__name__)
        sys.exit(0)
sys.setrecursionlimit(1000000)
threading.stack_size(1 << 29)
out = {}
def work():
    try:
        env = {"INPUT": spec["input"]}
        exec(spec["setup"], env)
        code = compile(spec["stmt"], "<reference>", "eval")
        start = time.perf_counter()
        eval(code, env)
        warm = time.perf_counter() - start
        times = []
        begun = time.perf_counter()
        while len(times) < spec["runs"] and (
            not times or time.perf_counter() - begun < spec["budget"]
        ):
            t = time.perf_counter()
            eval(code, env)
            times.append(time.perf_counter() - t)
        out["times"] = times
    except BaseException as e:
        out["error"] = type(e).__name__ + ": " + str(e)[:200]
t = threading.Thread(target=work)
t.start()
t.join()
if "times" in out:
    print("times", *out["times"])
else:
    print("error", out.get("error", "the reference stopped"))
"#;

fn time_reference(r: &Reference, o: &Options) -> Result<Timing> {
    let spec = serde_json::json!({
        "modules": r.modules,
        "setup": r.setup,
        "stmt": r.stmt,
        "input": (r.input)(),
        "runs": o.runs.min(3),
        "budget": o.budget,
    });
    let mut child = Command::new("python3")
        .args(["-c", PY_DRIVER])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("could not start python3: {e}"))?;
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(spec.to_string().as_bytes())
        .map_err(|e| format!("could not talk to python3: {e}"))?;
    let deadline =
        Instant::now() + Duration::from_secs_f64(o.reference_timeout);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "gave up after {} s (--reference-timeout)",
                    o.reference_timeout
                ));
            }
            Err(e) => return Err(format!("python3: {e}")),
        }
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("python3: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().last().unwrap_or("");
    if let Some(rest) = line.strip_prefix("times") {
        let times: Vec<f64> = rest
            .split_whitespace()
            .filter_map(|t| t.parse().ok())
            .collect();
        if times.is_empty() {
            return Err("no timings came back".into());
        }
        Ok(summarise(times))
    } else if let Some(m) = line.strip_prefix("missing ") {
        Err(format!("python3 cannot import {m}"))
    } else if let Some(e) = line.strip_prefix("error ") {
        Err(format!("it failed ({e})"))
    } else {
        Err(format!("python3 exited with {}", out.status))
    }
}

/// Seconds in a readable unit.
fn show(t: f64) -> String {
    if t >= 1.0 {
        format!("{t:.2} s")
    } else if t >= 1e-3 {
        format!("{:.2} ms", t * 1e3)
    } else {
        format!("{:.1} µs", t * 1e6)
    }
}

/// How ours compares with the reference: "12.3x faster" or "2.1x slower".
fn ratio(ours: f64, reference: f64) -> String {
    if ours <= reference {
        format!("{:.1}x faster", reference / ours)
    } else {
        format!("{:.1}x slower", ours / reference)
    }
}
