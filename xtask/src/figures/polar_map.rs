//! `polar-map.svg`: polar coordinates mapped to the plane, with the
//! Jacobian's parallelogram (chapter 2, the Jacobian applied).

use super::plot::{self, Frame};
use super::{BLUE, DrawResult, INK, ORANGE, SIZE, style};
use mvcalc::multivariate::jacobian;
use nalgebra::{DVector, dvector};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

pub fn draw(svg: &mut String) -> DrawResult {
    let root = SVGBackend::with_string(svg, (SIZE.0, 380)).into_drawing_area();
    root.fill(&WHITE)?;
    let panels = root.split_evenly((1, 2));
    let polar = |r: f64, t: f64| (r * t.cos(), r * t.sin());
    let (r0, t0, dr, dt) = (1.5, 0.4, 0.5, 0.4);

    let frame = |title| Frame {
        title,
        title_size: 17,
        margin: 10,
        x_label_area: 44,
        y_label_area: 50,
    };
    let mut left = frame("(r, θ): a rectangular grid").build(
        &panels[0],
        (0.0, 3.0),
        (0.0, 1.6),
    )?;
    left.configure_mesh()
        .disable_mesh()
        .axis_style(INK)
        .label_style(style(12))
        .x_desc("r")
        .y_desc("θ")
        .axis_desc_style(style(14))
        .draw()?;
    plot::rectangle(
        &mut left,
        (r0, t0),
        (r0 + dr, t0 + dt),
        ORANGE.mix(0.6).filled(),
    )?;
    for k in 0..=6 {
        let r = 0.5 * k as f64;
        plot::segment(
            &mut left,
            (r, 0.0),
            (r, 1.6),
            INK.mix(0.5).stroke_width(1),
        )?;
    }
    for k in 0..=4 {
        let t = 0.4 * k as f64;
        plot::segment(
            &mut left,
            (0.0, t),
            (3.0, t),
            INK.mix(0.5).stroke_width(1),
        )?;
    }

    // Equal scales, so that circles are round and the rays meet them square.
    let mut right = frame("(x, y) = (r cos θ, r sin θ)").equal_aspect(
        &panels[1],
        (-0.2, 3.1),
        1.45,
    )?;
    right
        .configure_mesh()
        .disable_mesh()
        .axis_style(INK)
        .label_style(style(12))
        .x_desc("x")
        .y_desc("y")
        .axis_desc_style(style(14))
        .draw()?;
    // The image of the shaded cell, traced along its edges.
    let mut outline = Vec::new();
    for k in 0..=20 {
        outline.push(polar(r0 + dr * k as f64 / 20.0, t0));
    }
    for k in 0..=20 {
        outline.push(polar(r0 + dr, t0 + dt * k as f64 / 20.0));
    }
    for k in (0..=20).rev() {
        outline.push(polar(r0 + dr * k as f64 / 20.0, t0 + dt));
    }
    for k in (0..=20).rev() {
        outline.push(polar(r0, t0 + dt * k as f64 / 20.0));
    }
    plot::polygon(&mut right, &outline, ORANGE.mix(0.6).filled())?;
    for k in 1..=6 {
        let r = 0.5 * k as f64;
        plot::curve(
            &mut right,
            (0..=40).map(|i| polar(r, 1.6 * i as f64 / 40.0)),
            INK.mix(0.5).stroke_width(1),
        )?;
    }
    for k in 0..=4 {
        let t = 0.4 * k as f64;
        plot::segment(
            &mut right,
            polar(0.0, t),
            polar(3.0, t),
            INK.mix(0.5).stroke_width(1),
        )?;
    }
    // The Jacobian's prediction: the parallelogram spanned by J (dr, 0) and J (0, dθ).
    let j = jacobian(
        |v: &DVector<f64>| {
            let (x, y) = polar(v[0], v[1]);
            dvector![x, y]
        },
        &dvector![r0, t0],
    );
    let o = polar(r0, t0);
    let a = (o.0 + j[(0, 0)] * dr, o.1 + j[(1, 0)] * dr);
    let b = (o.0 + j[(0, 1)] * dt, o.1 + j[(1, 1)] * dt);
    let c = (a.0 + b.0 - o.0, a.1 + b.1 - o.1);
    plot::curve(&mut right, [o, a, c, b, o], BLUE.stroke_width(2))?;
    plot::text(
        &mut right,
        format!("det J = r = {:.2}", j.determinant()),
        (1.75, 2.95),
        (HPos::Left, VPos::Top),
        style(14),
    )?;
    root.present()?;
    Ok(())
}
